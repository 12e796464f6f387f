using System.Runtime.CompilerServices;
using LinkWorker.Application.Common.Interfaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace LinkWorker.Application.Common.Queries;

/// <summary>
/// An EF Core compiled query (<c>EF.CompileAsyncQuery</c>), one per model. A hot read compiled once skips building
/// its expression tree and EF Core's look-up of its plan on every call (issue 18). EF Core binds a compiled query to
/// the first model it runs against, and one process can hold several (a SQLite and a PostgreSQL host side by side in
/// the tests), so each model gets its own.
/// </summary>
internal sealed class CompiledPerModel<TQuery>(Func<TQuery> compile)
    where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _byModel = [];

    /// <summary>The query compiled for this context's model, and the context to run it on.</summary>
    public (TQuery Query, DbContext Context) For(IAppDbContext db)
    {
        var context = (DbContext)db;
        return (_byModel.GetValue(context.Model, _ => compile()), context);
    }
}

/// <summary>Reading a compiled list query of one id.</summary>
internal static class CompiledPerModelLists
{
    /// <summary>The rows of the query compiled for this context's model, for this id.</summary>
    public static async Task<List<TRow>> ToListAsync<TRow>(
        this CompiledPerModel<Func<DbContext, Guid, IAsyncEnumerable<TRow>>> query, IAppDbContext db, Guid id, CancellationToken cancellationToken)
    {
        var (rows, context) = query.For(db);
        return await rows(context, id).ToListAsync(cancellationToken);
    }
}
