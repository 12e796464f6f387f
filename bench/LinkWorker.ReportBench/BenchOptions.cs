using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using LinkWorker.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LinkWorker.ReportBench;

internal sealed record BenchOptions(DatabaseProvider Provider, string Connection, int Cases, int Runs, int RandomSeed, bool Reuse, bool KeepDatabase, bool Diagnose)
{
    public const string Usage = """
        LinkWorker report bench: seeds `cases` cases of Aarhus (0751) referred over 2025 straight into the
        database, then times the coordinator's outcome report for the year and for June, and the CSV export
        for the year, through the application's pipeline (one warm-up, then `runs` timed runs each).

        Usage:
          dotnet run -c Release --project bench/LinkWorker.ReportBench -- --provider Sqlite --connection /tmp/reports.db
          dotnet run -c Release --project bench/LinkWorker.ReportBench -- --provider Postgres --connection "<npgsql>"

        Options:
          --provider <p>        Sqlite or Postgres; required.
          --connection <cs>     Sqlite: a file path (or "Data Source=…"); the file must not exist yet unless
                                --reuse is given. Postgres: an Npgsql connection string to a server on this
                                machine (127.0.0.0/8, ::1, localhost or a Unix socket directory); a database
                                named linkworker_reports_<UTC timestamp> is created on it (and dropped after).
          --cases <n>           Cases to seed. Default 100000
          --runs <n>            Timed runs per report, after one warm-up. Default 5
          --seed <n>            Seed of the random data set. Default 2025
          --reuse               Sqlite only: use an existing file seeded by an earlier run (seeding is skipped
                                when it holds exactly `cases` cases in 2025).
          --keep-database       Postgres only: keep the database for inspection.
          --diagnose            After each report, run its queries again as plain ADO.NET (the database's and
                                the driver's share of the time) and print their SQL and plans.
          --help                Show this text

        Exit codes: 0 done (each report's p50 under one second or not: see the output), 1 failure, 2 bad arguments.
        """;

    private static readonly string[] WithValue = ["--provider", "--connection", "--cases", "--runs", "--seed"];

    /// <summary>Parses "--name value" pairs. Returns false with a null error for --help.</summary>
    public static bool TryParse(string[] args, [NotNullWhen(true)] out BenchOptions? options, out string? error)
    {
        options = null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var reuse = false;
        var keep = false;
        var diagnose = false;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            switch (name)
            {
                case "--help" or "-h" or "-?":
                    error = null;
                    return false;
                case "--reuse":
                    reuse = true;
                    continue;
                case "--keep-database":
                    keep = true;
                    continue;
                case "--diagnose":
                    diagnose = true;
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

        if (!values.TryGetValue("--provider", out var providerText) || !Enum.TryParse<DatabaseProvider>(providerText, ignoreCase: true, out var provider)
            || !Enum.IsDefined(provider))
        {
            error = "--provider must be Sqlite or Postgres.";
            return false;
        }

        if (!values.TryGetValue("--connection", out var connection) || string.IsNullOrWhiteSpace(connection))
        {
            error = "--connection is required.";
            return false;
        }

        if (!TryInt(values, "--cases", 100_000, 1, 5_000_000, out var cases, out error)
            || !TryInt(values, "--runs", 5, 1, 1_000, out var runs, out error)
            || !TryInt(values, "--seed", 2025, 0, int.MaxValue, out var seed, out error))
        {
            return false;
        }

        if (provider == DatabaseProvider.Postgres)
        {
            if (reuse)
            {
                error = "--reuse is for Sqlite only; on Postgres the bench always seeds a fresh database.";
                return false;
            }

            if (!IsLoopback(connection, out error))
            {
                return false;
            }
        }
        else
        {
            if (keep)
            {
                error = "--keep-database is for Postgres only; the Sqlite file is always kept.";
                return false;
            }

            connection = SqliteConnection(connection);
            var file = new SqliteConnectionStringBuilder(connection).DataSource;
            if (string.IsNullOrWhiteSpace(file) || file.Contains(":memory:", StringComparison.OrdinalIgnoreCase))
            {
                error = "--connection must name a Sqlite file.";
                return false;
            }

            if (File.Exists(file) && !reuse)
            {
                error = $"{file} exists already: delete it (with its -wal and -shm files), or pass --reuse to time it as it is.";
                return false;
            }
        }

        options = new BenchOptions(provider, connection, cases, runs, seed, reuse, keep, diagnose);
        error = null;
        return true;
    }

    private static string SqliteConnection(string value) =>
        value.Contains('=', StringComparison.Ordinal) ? value : new SqliteConnectionStringBuilder { DataSource = value }.ToString();

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
