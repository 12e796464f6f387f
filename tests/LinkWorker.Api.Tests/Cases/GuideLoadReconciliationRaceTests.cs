using System.Data.Common;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Application.Guides.ReconcileGuideLoads;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LinkWorker.Api.Tests.Cases;

public sealed class GuideLoadReconciliationRaceTests_Sqlite(GuideLoadReconciliationRaceTests_Sqlite.Factory factory)
    : GuideLoadReconciliationRaceTests<GuideLoadReconciliationRaceTests_Sqlite.Factory>(factory)
{
    public sealed class Factory : SqliteApiFactory, IInterleavingFactory
    {
        public Interleaving Interleaving { get; } = new();

        protected override IEnumerable<IInterceptor> Interceptors => [Interleaving];
    }
}

public sealed class GuideLoadReconciliationRaceTests_Postgres(GuideLoadReconciliationRaceTests_Postgres.Factory factory)
    : GuideLoadReconciliationRaceTests<GuideLoadReconciliationRaceTests_Postgres.Factory>(factory), IUsesPostgres
{
    public sealed class Factory : PostgresApiFactory, IInterleavingFactory
    {
        public Interleaving Interleaving { get; } = new();

        protected override IEnumerable<IInterceptor> Interceptors => [Interleaving];
    }
}

public interface IInterleavingFactory
{
    Interleaving Interleaving { get; }
}

/// <summary>Runs an action once, right after the next query has been executed and before its rows are read.</summary>
public sealed class Interleaving : DbCommandInterceptor
{
    private Func<Task>? _next;

    public void AfterNextQuery(Func<Task> action) => Volatile.Write(ref _next, action);

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _next, null) is { } action)
        {
            await action();
        }

        return result;
    }
}

/// <summary>
/// The hourly reconciliation runs beside live intake. A case routed to a guide while it reads must not look like a
/// wrong counter: that false mismatch would be logged as an error and "repaired" by setting a right counter wrong.
/// </summary>
public abstract class GuideLoadReconciliationRaceTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory, IInterleavingFactory
{
    [DatabaseFact]
    public async Task A_case_routed_while_the_reconciliation_reads_is_no_mismatch_and_no_counter_is_changed()
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var postcode = RoutingWorld.NewPostcode();
        var district = await RoutingWorld.CreateDistrict(coordinator, postcode);
        var (guideId, _) = await RoutingWorld.CreateGuide(factory, coordinator, district, capacity: 5);
        var referrer = await factory.ClientFor("gp.aarhus");
        (await referrer.Submit(RoutingWorld.ReferralIn(postcode))).StatusCode.Should().Be(System.Net.HttpStatusCode.Created);

        var routedMeanwhile = 0;
        factory.Interleaving.AfterNextQuery(async () =>
        {
            var response = await referrer.Submit(RoutingWorld.ReferralIn(postcode));
            response.StatusCode.Should().Be(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            routedMeanwhile++;
        });

        var mismatches = await factory.SendAsSystem(new ReconcileGuideLoadsCommand());

        routedMeanwhile.Should().Be(1, "the second referral was routed while the reconciliation read");
        mismatches.Should().BeEmpty("every counter agreed with the cases at every moment");
        var (counter, open) = await factory.WithDatabase(async db => (
            await db.Guides.IgnoreQueryFilters().Where(g => g.Id == guideId).Select(g => g.ActiveCaseCount).SingleAsync(),
            await db.Cases.IgnoreQueryFilters().CountAsync(c => c.AssignedGuideId == guideId)));
        open.Should().Be(2);
        counter.Should().Be(2, "the guide holds both cases");
    }
}
