using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using Npgsql;

namespace LinkWorker.ReminderBench;

internal sealed record BenchOptions(
    string Connection, int Count, int Nodes, int? LeadSeconds, int MaxMinutes, int Concurrency, int SettleSeconds, bool KeepDatabase)
{
    public const string Usage = """
        LinkWorker reminder bench: N clustered scheduler nodes (in this process) on a fresh PostgreSQL database
        fire `count` follow-up reminders that all fall due within one minute; prints firing lag, lost and
        double firings, the split per node and the scheduling rate.

        Usage:
          dotnet run -c Release --project bench/LinkWorker.ReminderBench -- --connection "<npgsql>" [options]

        Options:
          --connection <cs>     Npgsql connection string to a server on this machine (127.0.0.0/8, ::1,
                                localhost or a Unix socket directory); required. A database named
                                linkworker_reminders_<UTC timestamp> is created on it (and dropped after).
          --count <n>           Follow-ups, all due within the same minute. Default 100000
          --nodes <n>           Clustered scheduler nodes. Default 2
          --lead-seconds <n>    Seconds from the end of calibration to the start of the due minute.
                                Default: estimated from a scheduling probe, so that scheduling ends first
          --max-minutes <n>     Deadline for the whole run; it stops and reports by itself. Default 30
          --concurrency <n>     Parallel ScheduleFollowUp calls. Default 8
          --settle-seconds <n>  Wait after the last firing, for late doubles. Default 15
          --keep-database       Keep the database for inspection
          --help                Show this text

        Exit codes: 0 every reminder fired exactly once, 1 otherwise (or incomplete), 2 bad arguments.
        """;

    private static readonly string[] WithValue =
        ["--connection", "--count", "--nodes", "--lead-seconds", "--max-minutes", "--concurrency", "--settle-seconds"];

    /// <summary>Parses "--name value" pairs. Returns false with a null error for --help.</summary>
    public static bool TryParse(string[] args, [NotNullWhen(true)] out BenchOptions? options, out string? error)
    {
        options = null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var keep = false;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h" or "-?")
            {
                error = null;
                return false;
            }

            if (name == "--keep-database")
            {
                keep = true;
                continue;
            }

            if (!WithValue.Contains(name))
            {
                error = $"Unknown argument '{name}'.";
                return false;
            }

            if (i + 1 >= args.Length)
            {
                error = $"Missing value for {name}.";
                return false;
            }

            if (!values.TryAdd(name, args[++i]))
            {
                error = $"{name} given more than once.";
                return false;
            }
        }

        if (!values.TryGetValue("--connection", out var connection) || string.IsNullOrWhiteSpace(connection))
        {
            error = "--connection is required.";
            return false;
        }

        if (!IsLoopback(connection, out error))
        {
            return false;
        }

        int? lead = null;
        if (values.ContainsKey("--lead-seconds"))
        {
            if (!TryInt(values, "--lead-seconds", 0, 0, 86_400, out var leadValue, out error))
            {
                return false;
            }

            lead = leadValue;
        }

        if (!TryInt(values, "--count", 100_000, 1, 10_000_000, out var count, out error)
            || !TryInt(values, "--nodes", 2, 1, 16, out var nodes, out error)
            || !TryInt(values, "--max-minutes", 30, 1, 24 * 60, out var maxMinutes, out error)
            || !TryInt(values, "--concurrency", 8, 1, 64, out var concurrency, out error)
            || !TryInt(values, "--settle-seconds", 15, 0, 3_600, out var settle, out error))
        {
            return false;
        }

        options = new BenchOptions(connection, count, nodes, lead, maxMinutes, concurrency, settle, keep);
        return true;
    }

    private static bool TryInt(Dictionary<string, string> values, string name, int fallback, int min, int max, out int value, out string? error)
    {
        error = null;
        if (!values.TryGetValue(name, out var text))
        {
            value = fallback;
            return true;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) || value < min || value > max)
        {
            error = FormattableString.Invariant($"{name} must be a whole number from {min} to {max}.");
            return false;
        }

        return true;
    }

    // The bench creates and drops a database and loads the server hard: never point it at another machine.
    private static bool IsLoopback(string connection, out string? error)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connection);
        }
        catch (ArgumentException ex)
        {
            error = $"--connection is not a valid Npgsql connection string: {ex.Message}";
            return false;
        }

        var hosts = (builder.Host ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (hosts.Length == 0)
        {
            error = "--connection must name a Host.";
            return false;
        }

        foreach (var host in hosts)
        {
            var name = host.Split(':')[0].Trim('[', ']');
            var local = name.StartsWith('/')
                || string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase)
                || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address))
                || (IPAddress.TryParse(name, out address) && IPAddress.IsLoopback(address));
            if (!local)
            {
                error = $"--connection host '{host}' is not on this machine; the bench runs against loopback servers only.";
                return false;
            }
        }

        error = null;
        return true;
    }
}
