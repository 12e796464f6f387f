using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Security;
using LinkWorker.Infrastructure.Persistence;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Tests.Support;

/// <summary>A real, empty database of one provider for one test class, and contexts on it as a given user.</summary>
public abstract class TestDatabase : IAsyncLifetime
{
    public abstract DatabaseProvider Provider { get; }

    public string ConnectionString { get; protected set; } = "";

    // One ring per database, never stored: the protected columns are encrypted as in the service (ADR 26).
    private readonly LinkWorker.Infrastructure.Encryption.FieldCipher _cipher = new(LinkWorker.Infrastructure.Encryption.KeyRing.Ephemeral());

    public LinkWorkerDbContext Context(string? municipality = null) => new(
        Options(), new FixedUser(municipality), new NoAuditNotes(), TimeProvider.System, new LinkWorker.Infrastructure.Auditing.AuditChain(new byte[32]), _cipher);

    /// <summary>As above, with interceptors (e.g. one that reads each command's query plan).</summary>
    public LinkWorkerDbContext Context(string? municipality, params Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[] interceptors) => new(
        Options(interceptors), new FixedUser(municipality), new NoAuditNotes(), TimeProvider.System, new LinkWorker.Infrastructure.Auditing.AuditChain(new byte[32]), _cipher);

    public DbContextOptions<LinkWorkerDbContext> Options(params Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[] interceptors)
    {
        var builder = new DbContextOptionsBuilder<LinkWorkerDbContext>();
        Infrastructure.DependencyInjection.UseProvider(builder, Provider, ConnectionString);
        builder.AddInterceptors(interceptors);
        return builder.Options;
    }

    /// <summary>A second, empty database of the same provider (e.g. to build one schema two ways).</summary>
    /// <summary>Brings the schema up to date and makes sure the municipality exists (the plan tests' starting point).</summary>
    public async Task MigrateWithMunicipality(string code, string name)
    {
        await using var db = Context();
        await db.Database.MigrateAsync();
        if (!await db.Municipalities.AnyAsync())
        {
            db.Municipalities.Add(new LinkWorker.Domain.Municipalities.Municipality(code, name));
            await db.SaveChangesAsync();
        }
    }

    public abstract Task<string> CreateSibling();

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    private sealed class FixedUser(string? municipality) : ICurrentUser
    {
        public bool IsAuthenticated => municipality is not null;

        public Guid? UserId { get; } = municipality is null ? null : Guid.NewGuid();

        public string? MunicipalityCode => municipality;

        public Guid? OrganisationId => null;

        public IReadOnlyList<string> Roles => municipality is null ? [] : [LinkWorker.Application.Common.Security.Roles.Coordinator];

        public string? CorrelationId => null;
    }

    private sealed class NoAuditNotes : IAuditTrail
    {
        public string Action => "Test";

        public void Record(string entityType, Guid? entityId)
        {
        }

        public void RecordList(string entityType, IReadOnlyCollection<Guid> entityIds)
        {
        }

        public void RecordWith(string entityType, Guid entityId, IReadOnlyCollection<Guid> alsoShown)
        {
        }

        public bool HasPending => false;

        public IReadOnlyList<AuditNote> Drain() => [];

        public void Restore(IReadOnlyList<AuditNote> notes)
        {
        }
    }
}

public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "linkworker-app-tests", Guid.NewGuid().ToString("N"));

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        ConnectionString = $"Data Source={Path.Combine(_folder, "main.db")}";
        return Task.CompletedTask;
    }

    public override Task<string> CreateSibling() => Task.FromResult($"Data Source={Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".db")}");

    public override Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }

        return Task.CompletedTask;
    }
}

public sealed class PostgresTestDatabase : TestDatabase
{
    private readonly List<string> _created = [];

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override async Task InitializeAsync()
    {
        if (PostgresRequirement.SkipReason is null)
        {
            ConnectionString = await CreateSibling();
        }
    }

    public override async Task<string> CreateSibling()
    {
        var connectionString = await PostgresCluster.CreateDatabaseAsync("apptests");
        _created.Add(connectionString);
        return connectionString;
    }

    public override async Task DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        foreach (var connectionString in _created)
        {
            await PostgresCluster.DropDatabaseAsync(connectionString);
        }
    }
}
