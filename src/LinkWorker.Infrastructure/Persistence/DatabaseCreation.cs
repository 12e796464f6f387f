using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace LinkWorker.Infrastructure.Persistence;

internal static class DatabaseCreation
{
    /// <summary>Creates the empty database if the server lacks it (the advisory lock needs a database to connect to).</summary>
    public static async Task EnsureCreatedDatabaseOnlyAsync(this DatabaseFacade database, CancellationToken cancellationToken)
    {
        var creator = database.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken))
        {
            try
            {
                await creator.CreateAsync(cancellationToken);
            }
            catch (Npgsql.PostgresException ex) when (ex.SqlState == Npgsql.PostgresErrorCodes.DuplicateDatabase)
            {
                // Another node created it first.
            }
        }
    }
}
