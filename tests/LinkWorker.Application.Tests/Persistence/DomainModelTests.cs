using LinkWorker.Application.Tests.Support;
using Microsoft.EntityFrameworkCore.Metadata;

namespace LinkWorker.Application.Tests.Persistence;

/// <summary>What the application may assume of the EF Core model.</summary>
public sealed class DomainModelTests(SqliteTestDatabase database) : IClassFixture<SqliteTestDatabase>
{
    [Fact]
    public void No_domain_entity_is_reached_through_a_navigation()
    {
        // Relationships are foreign keys only. So every domain entity is tracked by an Add or a query, and the
        // application reads the tracked entities without a pass of change detection (TrackedEntries): a navigation
        // would let an entity be added by reference alone, found only by such a pass.
        using var db = database.Context();
        var domain = typeof(Domain.Cases.Case).Assembly;
        var navigations = db.Model.GetEntityTypes()
            .SelectMany(type => type.GetNavigations().Cast<INavigationBase>().Concat(type.GetSkipNavigations()))
            .Where(n => n.DeclaringEntityType.ClrType.Assembly == domain || n.TargetEntityType.ClrType.Assembly == domain)
            .Select(n => $"{n.DeclaringEntityType.ClrType.Name}.{n.Name}")
            .ToList();

        navigations.Should().BeEmpty();
    }
}
