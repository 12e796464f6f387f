using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using LinkWorker.Infrastructure.Persistence;

namespace LinkWorker.PageBench;

internal sealed record BenchOptions(IReadOnlyList<DatabaseProvider> Providers, int Cases, int Requests, int Warmup, int RandomSeed, string? PostgresServer)
{
    /// <summary>Time the API reads of issue 18 (queue, triage, case, report) instead of the pages.</summary>
    public bool Reads { get; init; }

    /// <summary>Keep the SQLite file (its path is printed), e.g. to time the report on it again with ReportBench --reuse.</summary>
    public bool Keep { get; init; }

    /// <summary>Seed this many cases through the domain and copy them in the database up to <see cref="Cases"/>.</summary>
    public int? SeedBase { get; init; }

    public const string Usage = """
        LinkWorker page bench (issues 13 and 14, "Speed"): hosts the real app (API, embedded OpenID Connect provider,
        web pages) on Kestrel on 127.0.0.1, seeds `cases` cases of Aarhus (0751) over 2025 straight into its database
        (the report bench's data set), signs in through the real cookie sign-in (code flow with PKCE, the sign-in form
        with its antiforgery token) as a guide, a GP and a coordinator, then requests each page `requests` times,
        interleaved with two references of the same process (/health/live and the static /signed-out page), and
        prints p50/p95/p99 time to the full response body and each page's scripts and styles as transferred.

        Usage:
          dotnet run -c Release --project bench/LinkWorker.PageBench
          dotnet run -c Release --project bench/LinkWorker.PageBench -- --provider Sqlite --cases 100000 --requests 300

        Options:
          --provider <p>     Sqlite, Postgres or Both. Default Both
          --cases <n>        Cases to seed. Default 100000
          --requests <n>     Timed requests per page (and per reference), after the warm-up. Default 300
          --warmup <n>       Untimed requests per page first. Default 20
          --seed <n>         Seed of the random data set. Default 2025
          --postgres <cs>    An Npgsql connection string to a server on this machine to use instead of starting a
                             throw-away cluster (as the tests do: initdb in a temp folder; LINKWORKER_TEST_POSTGRES
                             has the same effect).
          --reads            Time issue 18's API reads instead of the pages: the guide's queue and triage (first
                             page of 50), a case, the outcome report for 2025 (every tenth round), against
                             /health/live, through the real API with bearer tokens from /api/auth/token.
          --seed-base <n>    Seed n cases through the domain, then copy them in the database (one INSERT … SELECT
                             per table and copy, new ids, the same instants) until --cases; --cases must be a
                             multiple of n, at most 16 times it. For 1,000,000 cases: --seed-base 100000.
          --keep             Keep the SQLite database file and print its path (ReportBench --reuse can time the
                             outcome report on it again without seeding).
          --smoke            200 cases, 2 warm-up and 5 timed requests, SQLite: proves the bench still runs.
          --help             Show this text

        Exit codes: 0 done (budgets met or not: see the output), 1 failure (a page did not answer 200), 2 bad arguments.
        """;

    public static BenchOptions Smoke { get; } = new([DatabaseProvider.Sqlite], 200, 5, 2, 2025, null);

    private static readonly string[] WithValue = ["--provider", "--cases", "--requests", "--warmup", "--seed", "--postgres", "--seed-base"];

    /// <summary>Parses "--name value" pairs. Returns false with a null error for --help.</summary>
    public static bool TryParse(string[] args, [NotNullWhen(true)] out BenchOptions? options, out string? error)
    {
        options = null;
        error = null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var reads = false;
        var keep = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--help" or "-h" or "-?":
                    return false;
                case "--reads":
                    reads = true;
                    continue;
                case "--keep":
                    keep = true;
                    continue;
                case "--smoke":
                    options = Smoke;
                    error = args.Length == 1 ? null : "--smoke takes no other option.";
                    return error is null;
            }

            if (!WithValue.Contains(args[i]))
            {
                error = $"Unknown argument '{args[i]}'.";
                return false;
            }

            if (i + 1 >= args.Length)
            {
                error = $"Missing value for {args[i]}.";
                return false;
            }

            values[args[i]] = args[++i];
        }

        IReadOnlyList<DatabaseProvider> providers = (values.GetValueOrDefault("--provider") ?? "Both").ToUpperInvariant() switch
        {
            "BOTH" => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres],
            "SQLITE" => [DatabaseProvider.Sqlite],
            "POSTGRES" or "POSTGRESQL" => [DatabaseProvider.Postgres],
            _ => [],
        };
        if (providers.Count == 0)
        {
            error = "--provider must be Sqlite, Postgres or Both.";
            return false;
        }

        if (!TryNumber(values, "--cases", 100_000, 1, out var cases, ref error)
            || !TryNumber(values, "--requests", 300, 1, out var requests, ref error)
            || !TryNumber(values, "--warmup", 20, 0, out var warmup, ref error)
            || !TryNumber(values, "--seed", 2025, int.MinValue, out var seed, ref error)
            || !TryNumber(values, "--seed-base", cases, 1, out var seedBase, ref error))
        {
            return false;
        }

        if (cases % seedBase != 0 || cases / seedBase > 16)
        {
            error = "--cases must be a multiple of --seed-base, at most 16 times it.";
            return false;
        }

        options = new BenchOptions(providers, cases, requests, warmup, seed, values.GetValueOrDefault("--postgres")) { Reads = reads, SeedBase = seedBase, Keep = keep };
        return true;
    }

    private static bool TryNumber(Dictionary<string, string> values, string name, int fallback, int minimum, out int value, ref string? error)
    {
        value = fallback;
        if (!values.TryGetValue(name, out var text))
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value >= minimum)
        {
            return true;
        }

        error = $"{name} must be a whole number of at least {minimum}.";
        return false;
    }
}
