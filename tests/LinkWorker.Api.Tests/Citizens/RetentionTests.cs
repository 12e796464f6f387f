using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Conversations;
using LinkWorker.Domain.FollowUps;
using LinkWorker.Domain.Notifications;
using LinkWorker.Domain.Outcomes;
using LinkWorker.Domain.Referrals;
using LinkWorker.Domain.Routing;
using LinkWorker.Infrastructure.Scheduling;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LinkWorker.Api.Tests.Citizens;

public sealed class RetentionTests_Sqlite(SqliteApiFactory factory) : RetentionTests<SqliteApiFactory>(factory);

public sealed class RetentionTests_Postgres(PostgresApiFactory factory) : RetentionTests<PostgresApiFactory>(factory), IUsesPostgres;

/// <summary>
/// Retention (issue 16, ADR 27): the nightly job erases a citizen whose last case closed longer ago than the
/// municipality keeps personal data — and nothing else: the outcome report for that year is the same before and
/// after, a citizen with an open or a recent case is kept whole, and the audit chain stays valid. The clock is moved
/// five years on to make the data expire. One class per database, since the clock moves for the whole class.
/// </summary>
public abstract class RetentionTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    private const string Period = "from=2025-03-01&to=2025-04-01";
    private const string SecretNote = "Secret note: she told me about her debts";

    [DatabaseFact]
    public async Task An_expired_citizen_is_erased_and_the_years_report_is_unchanged()
    {
        var (expired, openAgain, closedLately, secondCase) = await Seed();
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        (await coordinator.GetFromJsonAsync<JsonElement>("/api/municipality/settings")).GetProperty("personalDataRetentionMonths").GetInt32()
            .Should().Be(60, "five years after the last closure is the default");
        var before = await Report();
        var ageBand = AgeBand.OfReferral((await Citizen(expired)).DateOfBirth, new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero));

        // Within five years nothing goes.
        await RunJob();
        (await Citizen(expired)).ErasedAt.Should().BeNull();

        factory.MoveClock(TimeSpan.FromDays((5 * 365) + 40));
        await factory.WithDatabase(async db =>
        {
            // The citizen's other case closes now: recent, so they are kept.
            var @case = await db.Cases.IgnoreQueryFilters().SingleAsync(c => c.Id == secondCase);
            @case.Close(ClosureReason.InCommunity, factory.Clock.GetUtcNow());
            return await db.SaveChangesAsync();
        });
        await RunJob();
        await RunJob(); // a second night finds nothing more to do

        var erased = await Citizen(expired);
        erased.ErasedAt.Should().NotBeNull();
        erased.Name.Should().BeEmpty();
        erased.CprNumber.Should().BeNull();
        erased.DateOfBirth.Should().BeNull();
        erased.Phone.Should().BeNull();
        erased.Email.Should().BeNull();
        erased.Address.Street.Should().BeNull();
        erased.Address.Postcode.Should().BeEmpty();

        await factory.WithDatabase(async db =>
        {
            var cases = await db.Cases.IgnoreQueryFilters().Where(c => c.CitizenId == expired).ToListAsync();
            cases.Should().ContainSingle().Which.ClosureNote.Should().BeNull();
            cases[0].ClosureReason.Should().Be(ClosureReason.InCommunity, "the de-identified facts stay");
            var referral = await db.Referrals.IgnoreQueryFilters().SingleAsync(r => r.CitizenId == expired);
            referral.Reason.Should().BeEmpty();
            referral.AgeBand.Should().Be(ageBand, "the age band is kept on the referral before the date of birth goes");
            var conversation = await db.Conversations.IgnoreQueryFilters().SingleAsync(c => c.CaseId == cases[0].Id);
            conversation.Summary.Should().BeEmpty();
            conversation.CitizensView.Should().BeNull();
            conversation.DurationMinutes.Should().Be(45);
            (await db.FollowUps.IgnoreQueryFilters().SingleAsync(f => f.CaseId == cases[0].Id)).Note.Should().BeNull();
            var notification = await db.Notifications.IgnoreQueryFilters().SingleAsync(n => n.CaseId == cases[0].Id);
            notification.Destination.Should().BeNull();
            notification.Body.Should().NotContain("debts");
            (await db.TilsMeasurements.IgnoreQueryFilters().CountAsync(m => m.CaseId == cases[0].Id)).Should().Be(2);
            (await db.IdempotencyRecords.CountAsync(r => r.Scope == "retention-test")).Should().Be(0, "expired stored responses go too");

            // Each erasure is one audit row naming the citizen's id and nothing else; the others have none.
            var audit = await db.AuditEntries.IgnoreQueryFilters().Where(a => a.Action == "EraseExpiredCitizens" && a.EntityType == "Citizen").ToListAsync();
            audit.Where(a => a.EntityId == expired).Should().ContainSingle().Which.MunicipalityCode.Should().Be("0751");
            audit.Should().NotContain(a => a.EntityId == openAgain || a.EntityId == closedLately);
            return 0;
        });

        (await Citizen(openAgain)).Name.Should().Be("Kept Open", "a citizen with an open case is not erased");
        (await Citizen(closedLately)).Name.Should().Be("Kept Recent", "a citizen whose last case closed lately is not erased");
        (await Report()).Should().Be(before, "the year's report counts the same de-identified facts");

        var verdict = await (await factory.ClientFor("admin.aarhus")).GetFromJsonAsync<JsonElement>("/api/admin/audit/verify");
        verdict.GetProperty("intact").GetBoolean().Should().BeTrue("erasure appends audit rows and edits none");
    }

    [DatabaseFact]
    public async Task The_retention_period_is_a_setting_of_6_to_120_months()
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var bad = await coordinator.PutAsJsonAsync("/api/municipality/settings", new { personalDataRetentionMonths = 3 });
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await bad.Json()).GetProperty("errors").TryGetProperty("personalDataRetentionMonths", out _).Should().BeTrue();

        var ok = await coordinator.PutAsJsonAsync("/api/municipality/settings", new { personalDataRetentionMonths = 60 });
        ok.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ok.Json()).GetProperty("personalDataRetentionMonths").GetInt32().Should().Be(60);
        (await (await factory.ClientFor("guide1.aarhus")).PutAsJsonAsync("/api/municipality/settings", new { personalDataRetentionMonths = 60 }))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    private async Task<string> Report()
    {
        var response = await (await factory.ClientFor("coordinator.aarhus")).GetAsync($"/api/reports/outcomes?{Period}");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task RunJob()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RetentionJob>().Run(CancellationToken.None);
    }

    private Task<Citizen> Citizen(Guid id) =>
        factory.WithDatabase(db => db.Citizens.IgnoreQueryFilters().AsNoTracking().SingleAsync(c => c.Id == id));

    /// <summary>
    /// March 2025: three citizens. One closed then (it expires); one closed then but referred again and open; one
    /// closed then with a second case that closes "now" (after the clock moved).
    /// </summary>
    private Task<(Guid Expired, Guid OpenAgain, Guid ClosedLately, Guid SecondCase)> Seed() => factory.WithDatabase(async db =>
    {
        var organisation = await db.Organisations.IgnoreQueryFilters().FirstAsync(o => o.MunicipalityCode == "0751");
        var guide = await db.Guides.IgnoreQueryFilters().Where(g => g.MunicipalityCode == "0751").Select(g => g.Id).FirstAsync();
        var at = (int day) => new DateTimeOffset(2025, 3, day, 9, 0, 0, TimeSpan.Zero);

        Case Open(Citizen citizen, DateTimeOffset opened)
        {
            // The referral carries no age band: the report computes it from the date of birth (as for old referrals).
            var (@case, referral) = Case.OpenFromReferral("0751", citizen.Id, new ReferralSubmission(
                Guid.NewGuid(), organisation.Id, organisation.Sector, SecretNote, [LifeArena.LeisureAndCommunities], [LifeTransition.Retirement],
                LonelinessType.Situational, PracticalNeeds.None, Urgency.Normal, new ReferralConsent("Dr. Hansen", ConsentMethod.Verbal, opened)), opened);
            @case.AssignTo(guide, opened);
            @case.RecordContactAttempt(true, opened.AddDays(2), opened.AddDays(2));
            db.AddRange(@case, referral);
            return @case;
        }

        Citizen NewCitizen(string name)
        {
            var citizen = new Citizen(Guid.NewGuid(), "0751", new CitizenDetails(
                name, CprNumber.Parse(ReferralBodies.NewCpr()), null, "+4512121212", "someone@example.dk",
                new Address("Skovvej 7", "8000", "Aarhus C"), "da", false));
            db.Add(citizen);
            return citizen;
        }

        var expired = NewCitizen("Erase Me");
        var c1 = Open(expired, at(3));
        db.Add(new Consent(Guid.NewGuid(), "0751", c1.Id, [ConsentScope.StoreConversationNotes, ConsentScope.MeasureOutcomes], ConsentMethod.Written,
            "Guide", at(4), null, guide, at(4)));
        db.Add(new Conversation(Guid.NewGuid(), "0751", c1.Id, new ConversationContent(
            ConversationMode.HomeVisit, at(5), 45, SecretNote, [LifeArena.HealthAndCare], "I want to sing again", "Call the choir"), guide, at(5)));
        db.Add(new TilsMeasurement(Guid.NewGuid(), "0751", c1.Id, MeasurementPoint.Baseline, at(5), 3, 3, 2, TilsCutoffs.Standard, guide));
        db.Add(new TilsMeasurement(Guid.NewGuid(), "0751", c1.Id, MeasurementPoint.Closure, at(19), 2, 1, 1, TilsCutoffs.Standard, guide));
        var followUp = new FollowUp(Guid.NewGuid(), "0751", c1.Id, at(12), FollowUpKind.CheckInMessage, "Ask about the debts counsellor", guide, at(5));
        db.Add(followUp);
        db.Add(new Notification(
            Guid.NewGuid(), "0751", $"test-{Guid.NewGuid():N}", NotificationChannel.Sms, NotificationKind.CheckInMessage, null, "+4512121212", c1.Id, followUp.Id,
            "Hej", "Ask about the debts counsellor", at(12)));
        c1.Close(ClosureReason.InCommunity, at(20), "Joined the choir; debts sorted");

        var openAgain = NewCitizen("Kept Open");
        Open(openAgain, at(6)).Close(ClosureReason.Declined, at(21));
        Open(openAgain, DateTimeOffset.UtcNow.AddDays(-3));

        var closedLately = NewCitizen("Kept Recent");
        Open(closedLately, at(7)).Close(ClosureReason.Unreachable, at(22));
        var second = Open(closedLately, DateTimeOffset.UtcNow.AddDays(-2));

        // A retry's stored response, expired long ago (it could show the citizen): the nightly round removes it.
        db.Add(new LinkWorker.Domain.Idempotency.IdempotencyRecord(Guid.NewGuid(), "retention-test", "old-key", "hash", at(3), at(4)));
        await db.SaveChangesAsync();
        return (expired.Id, openAgain.Id, closedLately.Id, second.Id);
    });
}
