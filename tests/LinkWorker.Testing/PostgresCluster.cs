using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace LinkWorker.Testing;

/// <summary>
/// One throwaway PostgreSQL server per test process, started lazily on the first
/// <see cref="CreateDatabaseAsync"/> and stopped (and its files deleted) when the process exits.
/// Set <see cref="ServerVariable"/> to a connection string to use an existing server instead.
/// </summary>
public static class PostgresCluster
{
    /// <summary>Connection string of an existing server to use instead of starting one, e.g. "Host=127.0.0.1;Port=5432;Username=postgres;Password=x".</summary>
    public const string ServerVariable = "LINKWORKER_TEST_POSTGRES";

    /// <summary>Directory holding initdb and pg_ctl; overrides the search (point it at a missing directory to exercise the skip path).</summary>
    public const string BinDirVariable = "LINKWORKER_TEST_POSTGRES_BINDIR";

    private const int MaxIdentifierLength = 63;
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(2);

    private static readonly Lazy<Availability> Probe = new(ProbeAvailability, LazyThreadSafetyMode.ExecutionAndPublication);

    // Lazy<Task> caches a failed start too: every test then fails with the same start-up error instead of retrying initdb.
    private static readonly Lazy<Task<string>> Server = new(
        () => Task.Run(StartOrConnect), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>PostgreSQL can be used here: binaries were found or <see cref="ServerVariable"/> is set. Does not start the server.</summary>
    public static bool IsAvailable => Probe.Value.IsAvailable;

    /// <summary>Why PostgreSQL is unavailable, or <c>null</c> when <see cref="IsAvailable"/>.</summary>
    public static string? UnavailableReason => Probe.Value.Reason;

    /// <summary>
    /// Creates an empty, uniquely named database (prefix sanitized to [a-z0-9_], plus a random suffix) and returns its
    /// connection string. Starts the server on first use. Throws when PostgreSQL is unavailable or fails to start.
    /// </summary>
    public static async Task<string> CreateDatabaseAsync(string namePrefix)
    {
        ArgumentNullException.ThrowIfNull(namePrefix);
        var adminConnectionString = await Server.Value;
        var name = UniqueDatabaseName(namePrefix);

        await using (var connection = new NpgsqlConnection(adminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(name)}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(adminConnectionString)
        {
            Database = name,
            Pooling = true,
            MaxPoolSize = 50,
            // Error details carry row values (personal data); keep them out of exception messages and logs.
            IncludeErrorDetail = false,
        };
        return builder.ConnectionString;
    }

    /// <summary>
    /// A client tool (pg_dump, pg_restore) of the binaries the tests' server runs on, so a dump is read by the same
    /// major version that wrote it. With an external server, the highest local version found.
    /// </summary>
    public static string ToolPath(string tool)
    {
        var dir = Probe.Value.BinDir ?? FindBinDir()
            ?? throw new InvalidOperationException($"No PostgreSQL binaries found for {tool}: {Probe.Value.Reason ?? "an external server is configured"}.");
        return Path.Combine(dir, tool);
    }

    /// <summary>Drops the database named in <paramref name="connectionString"/>, terminating its open connections.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var name = builder.Database;
        if (string.IsNullOrEmpty(name) || name is "postgres" || name.StartsWith("template", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Refusing to drop database '{name}'.", nameof(connectionString));
        }

        // Our own idle pooled connections would be terminated by FORCE anyway; drop them so the pool holds nothing stale.
        await using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        builder.Database = "postgres";
        builder.Pooling = false;
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {QuoteIdentifier(name)} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    internal static string UniqueDatabaseName(string namePrefix)
    {
        var sanitized = new StringBuilder(namePrefix.Length);
        foreach (var c in namePrefix.ToLowerInvariant())
        {
            sanitized.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' ? c : '_');
        }

        if (sanitized.Length == 0 || char.IsAsciiDigit(sanitized[0]))
        {
            sanitized.Insert(0, "db_");
        }

        var suffix = "_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var prefix = sanitized.ToString();
        if (prefix.Length > MaxIdentifierLength - suffix.Length)
        {
            prefix = prefix[..(MaxIdentifierLength - suffix.Length)];
        }

        return prefix + suffix;
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private sealed record Availability(bool IsAvailable, string? Reason, string? ExternalConnectionString, string? BinDir);

    private static Availability ProbeAvailability()
    {
        var external = Environment.GetEnvironmentVariable(ServerVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            return new Availability(true, null, external.Trim(), null);
        }

        var overrideDir = Environment.GetEnvironmentVariable(BinDirVariable);
        if (!string.IsNullOrWhiteSpace(overrideDir))
        {
            return HasTools(overrideDir)
                ? new Availability(true, null, null, overrideDir)
                : new Availability(false, $"no initdb/pg_ctl in {overrideDir} ({BinDirVariable})", null, null);
        }

        var binDir = FindBinDir();
        return binDir is null
            ? new Availability(false, "no initdb/pg_ctl under /usr/lib/postgresql/*/bin, /usr/pgsql-*/bin or on PATH", null, null)
            : new Availability(true, null, null, binDir);
    }

    private static bool HasTools(string dir) =>
        File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"));

    private static string? FindBinDir()
    {
        // Debian/Ubuntu: /usr/lib/postgresql/<major>/bin; RHEL/Fedora (PGDG): /usr/pgsql-<major>/bin. Highest major wins.
        var candidates = new List<(int Major, string Dir)>();
        AddVersioned(candidates, "/usr/lib/postgresql", "", "bin");
        AddVersioned(candidates, "/usr", "pgsql-", "bin");
        var best = candidates.Where(c => HasTools(c.Dir)).OrderByDescending(c => c.Major).Select(c => c.Dir).FirstOrDefault();
        if (best is not null)
        {
            return best;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(HasTools);
    }

    private static void AddVersioned(List<(int Major, string Dir)> candidates, string parent, string namePrefix, string bin)
    {
        if (!Directory.Exists(parent))
        {
            return;
        }

        foreach (var dir in Directory.EnumerateDirectories(parent, namePrefix + "*"))
        {
            var version = Path.GetFileName(dir)[namePrefix.Length..];
            if (double.TryParse(version, NumberStyles.Float, CultureInfo.InvariantCulture, out var major))
            {
                candidates.Add(((int)(major * 10), Path.Combine(dir, bin)));
            }
        }
    }

    private static string StartOrConnect()
    {
        var availability = Probe.Value;
        if (!availability.IsAvailable)
        {
            var hint = PostgresRequirement.IsRequired
                ? $"{PostgresRequirement.RequireVariable} is set, so PostgreSQL-backed tests must run"
                : $"mark the test class with {nameof(IUsesPostgres)} and use [DatabaseFact]/[DatabaseTheory] so it is skipped here";
            throw new InvalidOperationException($"PostgreSQL is unavailable: {availability.Reason}. {hint}.");
        }

        if (availability.ExternalConnectionString is not null)
        {
            return new NpgsqlConnectionStringBuilder(availability.ExternalConnectionString)
            {
                Database = "postgres",
                Pooling = true,
                MaxPoolSize = 10,
                IncludeErrorDetail = false,
            }.ConnectionString;
        }

        return LocalServer.Start(availability.BinDir!).AdminConnectionString;
    }

    /// <summary>
    /// A server of the caller's own, apart from the shared one, for a test that stops and restarts it (an outage)
    /// without disturbing the other tests of the process. Requires local binaries (not <see cref="ServerVariable"/>).
    /// </summary>
    public static DedicatedPostgresServer StartDedicated()
    {
        var availability = Probe.Value;
        if (availability.BinDir is null)
        {
            throw new InvalidOperationException($"A dedicated PostgreSQL server needs local binaries: {availability.Reason ?? "an external server is configured"}.");
        }

        return new DedicatedPostgresServer(LocalServer.Start(availability.BinDir, durableCommits: true));
    }

    /// <summary>A server that a test may stop (as a crash would) and start again on the same port and files.</summary>
    public sealed class DedicatedPostgresServer : IDisposable
    {
        private readonly LocalServer _server;

        internal DedicatedPostgresServer(object server) => _server = (LocalServer)server;

        /// <summary>Connection string of the server's "postgres" database.</summary>
        public string AdminConnectionString => _server.AdminConnectionString;

        /// <summary>Creates a database on this server and returns its connection string.</summary>
        public async Task<string> CreateDatabaseAsync(string name)
        {
            await using (var connection = new NpgsqlConnection(AdminConnectionString))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(name)}", connection);
                await command.ExecuteNonQueryAsync();
            }

            return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, MaxPoolSize = 50, IncludeErrorDetail = false }.ConnectionString;
        }

        /// <summary>Stops the server at once, as a crash would (open connections break).</summary>
        public void Kill() => _server.Halt();

        /// <summary>Starts the stopped server again on the same port.</summary>
        public void Restart() => _server.Resume();

        public void Dispose() => _server.Stop();
    }

    private sealed class LocalServer
    {
        private readonly string _binDir;
        private readonly string _root;
        private readonly string _dataDir;
        private readonly bool _asPostgresUser;
        private int _stopped;

        private LocalServer(string binDir, string root, bool asPostgresUser)
        {
            _binDir = binDir;
            _root = root;
            _dataDir = Path.Combine(root, "data");
            _asPostgresUser = asPostgresUser;
        }

        private string _startOptions = "";

        private string _log = "";

        public string AdminConnectionString { get; private set; } = "";

        public void Halt() => RunTool("pg_ctl", ["-D", _dataDir, "-m", "immediate", "-w", "-t", "30", "stop"]);

        public void Resume() => RunTool("pg_ctl", ["-D", _dataDir, "-l", _log, "-o", _startOptions, "-w", "-t", "60", "start"]);

        /// <param name="durableCommits">
        /// A commit is acknowledged once its record is written, so a server stopped as a crash keeps every commit it
        /// acknowledged (fsync stays off: the machine does not crash). Without it a test that crashes the server can
        /// lose a referral it was told was saved, as an asynchronous commit would.
        /// </param>
        public static LocalServer Start(string binDir, bool durableCommits = false)
        {
            // initdb refuses to run as root: run the tools as the postgres user, in a directory it owns under /tmp
            // (TMPDIR might sit below /root, which the postgres user cannot traverse).
            var asPostgresUser = string.Equals(Environment.UserName, "root", StringComparison.Ordinal);
            string root;
            if (asPostgresUser && !OperatingSystem.IsWindows() && Directory.Exists("/tmp"))
            {
                root = Path.Combine("/tmp", "linkworker-pg-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
                Directory.CreateDirectory(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            else
            {
                root = Directory.CreateTempSubdirectory("linkworker-pg-").FullName;
            }

            var server = new LocalServer(binDir, root, asPostgresUser);
            try
            {
                server.AdminConnectionString = server.InitAndStart(durableCommits);
                return server;
            }
            catch
            {
                server.Stop();
                throw;
            }
        }

        private string InitAndStart(bool durableCommits)
        {
            if (_asPostgresUser)
            {
                Run("chown", ["-R", "postgres:postgres", _root], asPostgresUser: false);
            }

            RunTool("initdb", ["-D", _dataDir, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale", "--no-sync"]);

            // Stop on process exit from here on: the server outlives a failed start attempt otherwise.
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
            StartWatchdog();

            var log = Path.Combine(_root, "server.log");
            for (var attempt = 1; ; attempt++)
            {
                var port = FreePort();
                var options = $"-p {port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off " +
                    $"-c synchronous_commit={(durableCommits ? "on" : "off")} -c full_page_writes=off -c max_connections=300";
                try
                {
                    // -l: the server must not inherit our stdout/stderr pipes, or reading them would never finish.
                    RunTool("pg_ctl", ["-D", _dataDir, "-l", log, "-o", options, "-w", "-t", "60", "start"]);
                    (_startOptions, _log) = (options, log);
                }
                catch (InvalidOperationException) when (attempt < 3 && ReadLog(log).Contains("could not bind", StringComparison.Ordinal))
                {
                    continue; // Someone took the port between probing and binding; try another.
                }
                catch (InvalidOperationException ex)
                {
                    throw new InvalidOperationException($"{ex.Message}{Environment.NewLine}--- {log} ---{Environment.NewLine}{ReadLog(log)}", ex);
                }

                return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=10";
            }
        }

        public void Stop()
        {
            if (Interlocked.Exchange(ref _stopped, 1) != 0)
            {
                return;
            }

            try
            {
                if (File.Exists(Path.Combine(_dataDir, "postmaster.pid")))
                {
                    RunTool("pg_ctl", ["-D", _dataDir, "-m", "immediate", "-w", "-t", "30", "stop"]);
                }
            }
            catch (InvalidOperationException)
            {
                // Best effort at process exit; nothing left to report to.
            }

            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        /// <summary>
        /// The test host may be killed right after the run (vstest does that) or crash, cutting ProcessExit short.
        /// A detached shell waits for this process to go away, then stops the server and deletes its files.
        /// </summary>
        private void StartWatchdog()
        {
            const string script =
                "exec </dev/null >/dev/null 2>&1; " +
                "while kill -0 \"$1\"; do sleep 0.5; done; " +
                "if [ -f \"$3/postmaster.pid\" ]; then " +
                "if [ \"$5\" = runuser ]; then runuser -u postgres -- \"$4\" -D \"$3\" -m immediate -w stop; " +
                "else \"$4\" -D \"$3\" -m immediate -w stop; fi; fi; " +
                "rm -rf \"$2\"";
            string[] arguments =
            [
                "-c", script, "linkworker-pg-watchdog", Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
                _root, _dataDir, Path.Combine(_binDir, "pg_ctl"), _asPostgresUser ? "runuser" : "direct",
            ];

            // setsid -f: a new session whose process is not our child, so killing our process tree spares it.
            // Without either, ProcessExit alone has to do.
            _ = TryStart("setsid", ["-f", "sh", .. arguments]) || TryStart("sh", arguments);
        }

        private bool TryStart(string fileName, IEnumerable<string> arguments)
        {
            var startInfo = new ProcessStartInfo
            {
                FileName = fileName,
                WorkingDirectory = _root,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }

            try
            {
                using var process = Process.Start(startInfo);
                return process is not null;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return false;
            }
        }

        private static string ReadLog(string log)
        {
            try
            {
                return File.Exists(log) ? File.ReadAllText(log) : "(no server log)";
            }
            catch (IOException ex)
            {
                return $"(could not read server log: {ex.Message})";
            }
        }

        private static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                return ((IPEndPoint)listener.LocalEndpoint).Port;
            }
            finally
            {
                listener.Stop();
            }
        }

        private void RunTool(string tool, IReadOnlyList<string> arguments) =>
            Run(Path.Combine(_binDir, tool), arguments, _asPostgresUser);

        private void Run(string fileName, IReadOnlyList<string> arguments, bool asPostgresUser)
        {
            var startInfo = new ProcessStartInfo
            {
                FileName = asPostgresUser ? "runuser" : fileName,
                WorkingDirectory = _root,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            if (asPostgresUser)
            {
                startInfo.ArgumentList.Add("-u");
                startInfo.ArgumentList.Add("postgres");
                startInfo.ArgumentList.Add("--");
                startInfo.ArgumentList.Add(fileName);
            }

            foreach (var argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }

            var commandLine = string.Join(' ', new[] { startInfo.FileName }.Concat(startInfo.ArgumentList));
            using var process = new Process { StartInfo = startInfo };
            try
            {
                process.Start();
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw new InvalidOperationException($"Could not run `{commandLine}`: {ex.Message}", ex);
            }

            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(ToolTimeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                throw new InvalidOperationException(
                    $"`{commandLine}` timed out after {ToolTimeout}.{Output(stdout.Result, stderr.Result)}");
            }

            process.WaitForExit(); // Flushes the redirected streams.
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"`{commandLine}` failed with exit code {process.ExitCode}.{Output(stdout.Result, stderr.Result)}");
            }
        }

        private static string Output(string stdout, string stderr) =>
            $"{Environment.NewLine}--- stdout ---{Environment.NewLine}{stdout}{Environment.NewLine}--- stderr ---{Environment.NewLine}{stderr}";
    }
}
