namespace LinkWorker.ReportBench;

/// <summary>
/// Issue 6: the outcome reports over 100,000 cases on SQLite and on PostgreSQL. Prints the time per report
/// (p50, max), where it goes (each query, and the work in memory) and a row for docs/performance.md.
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

        // Ctrl+C stops the run; a PostgreSQL database the bench created is still dropped.
        using var abort = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            abort.Cancel();
        };

        try
        {
            return await new ReportRun(options).RunAsync(abort.Token);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException or IOException)
        {
            Console.Error.WriteLine(ex is InvalidOperationException ? ex.Message : ex.ToString());
            return 1;
        }
    }
}
