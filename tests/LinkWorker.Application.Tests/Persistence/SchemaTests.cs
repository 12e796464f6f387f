using LinkWorker.Application.Tests.Support;
using LinkWorker.Infrastructure.Persistence;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Tests.Persistence;

public sealed class SchemaTests_Sqlite(SqliteTestDatabase database) : SchemaTests<SqliteTestDatabase>(database);

public sealed class SchemaTests_Postgres(PostgresTestDatabase database) : SchemaTests<PostgresTestDatabase>(database), IUsesPostgres;

/// <summary>
/// The migrations are hand-written (no EF design package here), so this is their guard: a database built by the
/// migrations must hold exactly the schema the model describes.
/// </summary>
public abstract class SchemaTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : TestDatabase
{
    [DatabaseFact]
    public async Task The_migrated_schema_equals_the_models_schema()
    {
        await using var migrated = database.Context();
        await migrated.Database.MigrateAsync();

        var fromModelConnection = await database.CreateSibling();
        var options = new DbContextOptionsBuilder<LinkWorkerDbContext>();
        Infrastructure.DependencyInjection.UseProvider(options, database.Provider, fromModelConnection);
        await using var fromModel = new LinkWorkerDbContext(options.Options, null!, null!, TimeProvider.System, null!);
        await fromModel.Database.EnsureCreatedAsync();

        var expected = await SchemaReader.Read(fromModel);
        var actual = await SchemaReader.Read(migrated);

        expected.Should().Contain(line => line.StartsWith("table Referrals", StringComparison.Ordinal), "the reader must see the schema");
        actual.Except(expected).Should().BeEmpty("the migrations must add nothing the model lacks");
        expected.Except(actual).Should().BeEmpty("the migrations must create everything the model has");
    }

    [DatabaseFact]
    public async Task Migrating_twice_changes_nothing()
    {
        await using var db = database.Context();
        await db.Database.MigrateAsync();
        var before = await SchemaReader.Read(db);

        await db.Database.MigrateAsync();

        (await SchemaReader.Read(db)).Should().BeEquivalentTo(before);
        (await db.Database.GetPendingMigrationsAsync()).Should().BeEmpty();
    }
}
