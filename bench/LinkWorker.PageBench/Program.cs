namespace LinkWorker.PageBench;

/// <summary>
/// Issues 13 and 14, "Speed": each page's server render time at 100,000 cases (p50/p95/p99 against references
/// of the same process) and the scripts and styles of its first load, on SQLite and PostgreSQL.
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
            return error is null ? 0 : 2;
        }

        // WebApplicationFactory looks for its manifest (where the app's content root is) in the current directory.
        Environment.CurrentDirectory = AppContext.BaseDirectory;
        using var abort = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            abort.Cancel();
        };

        return await RunAsync(options, Console.Out, abort.Token);
    }

    /// <summary>The whole run, printing to <paramref name="output"/>; 0 when every page answered, 1 otherwise.</summary>
    public static async Task<int> RunAsync(BenchOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        try
        {
            await new PageRun(options, output).RunAsync(cancellationToken);
            return 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or System.Data.Common.DbException or IOException)
        {
            output.WriteLine(ex.ToString());
            return 1;
        }
    }
}
