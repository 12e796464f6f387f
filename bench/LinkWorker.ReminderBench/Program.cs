using System.Runtime.InteropServices;

namespace LinkWorker.ReminderBench;

/// <summary>
/// Issue 5: 100,000 follow-ups due within the same minute on a two-node PostgreSQL cluster. Reports the firing
/// lag (p50, p99, max), reminders lost and fired twice, the split per node and the scheduling rate.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (!BenchOptions.TryParse(args, out var options, out var error))
        {
            if (error is not null)
            {
                Console.Error.WriteLine(error);
                Console.Error.WriteLine();
            }

            Console.WriteLine(BenchOptions.Usage);
            return 2;
        }

        // Ctrl+C or SIGTERM ends the run early but still stops the nodes, reports what happened and drops the database.
        using var abort = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            abort.Cancel();
        };
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            abort.Cancel();
        });

        return await new ReminderRun(options).RunAsync(abort.Token);
    }
}
