using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LinkWorker.Architecture.Tests.Samples.Database;

/// <summary>Bad: an endpoint that takes the context in its constructor and keeps it in a property.</summary>
public sealed class EndpointHoldingTheContext(LinkWorkerDbContext db)
{
    public LinkWorkerDbContext Db { get; } = db;
}

/// <summary>Bad: IAppDbContext as a method parameter.</summary>
public static class EndpointTakingTheContext
{
    public static Task<int> Save(IAppDbContext db) => db.SaveChangesAsync();
}

/// <summary>A DbContext of its own: every DbContext subtype counts, not only LinkWorkerDbContext.</summary>
public sealed class SideDbContext : DbContext;

/// <summary>Bad: the context hidden in a generic argument.</summary>
public sealed class EndpointWithDeferredWork
{
    public IReadOnlyList<Func<SideDbContext, Task>> Steps { get; } = [];
}

/// <summary>Bad, and invisible in the signatures: the body resolves the context from the container.</summary>
public static class EndpointResolvingTheContext
{
    public static Task<int> Save(IServiceProvider services) => services.GetRequiredService<LinkWorkerDbContext>().SaveChangesAsync();
}

/// <summary>Good: goes through the application layer only.</summary>
public static class EndpointUsingTheSender
{
    public static Task<int> Count(IReadOnlyList<string> items) => Task.FromResult(items.Count);
}
