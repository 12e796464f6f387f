using LinkWorker.Api.Tests.Performance;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Application.Cases.CloseCase;
using LinkWorker.Application.Cases.GetCase;
using LinkWorker.Application.Cases.GetCaseAudit;
using LinkWorker.Application.Cases.RecordContactAttempt;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Security;
using LinkWorker.Application.Consents.RecordConsent;
using LinkWorker.Application.Conversations;
using LinkWorker.Application.Conversations.AmendConversation;
using LinkWorker.Application.Conversations.LogConversation;
using LinkWorker.Application.FollowUps.ListFollowUps;
using LinkWorker.Application.FollowUps.PlanFollowUp;
using LinkWorker.Application.Matches.RecordMatch;
using LinkWorker.Application.Matches.SuggestOffers;
using LinkWorker.Application.Outcomes.ListOutcomes;
using LinkWorker.Application.Outcomes.RecordMeasurement;
using LinkWorker.Application.Referrals.SubmitReferral;
using LinkWorker.Application.Workspaces.GetCaseWorkspace;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Conversations;
using LinkWorker.Domain.FollowUps;
using LinkWorker.Domain.Outcomes;
using LinkWorker.Domain.Referrals;
using LinkWorker.Infrastructure.Identity;
using LinkWorker.Testing;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LinkWorker.Api.Tests.Cases;

// The counting hosts of the intake's round-trip tests: the real app with a command counter on its contexts.
public sealed class CaseWorkspaceTests_Sqlite(IntakeRoundTripTests_Sqlite.Factory factory)
    : CaseWorkspaceTests<IntakeRoundTripTests_Sqlite.Factory>(factory);

public sealed class CaseWorkspaceTests_Postgres(IntakeRoundTripTests_Postgres.Factory factory)
    : CaseWorkspaceTests<IntakeRoundTripTests_Postgres.Factory>(factory), IUsesPostgres;

/// <summary>
/// The case page's one request (issue 14 "Speed", ADR 32): the same data as the four requests it replaces, the same
/// access rules as GetCase, one audit record per read that still answers "who read this citizen's data", and a
/// small fixed number of database commands where the four requests sent 34–40.
/// </summary>
public abstract class CaseWorkspaceTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory, ICountingFactory
{
    /// <summary>
    /// Reads: the case with its citizen, settings and contact attempts; referrals; routing; consents; conversations
    /// with amendments; follow-ups; measurements; matches; the directory. Then the audit record: its chain's head,
    /// and the entry with its subjects (PostgreSQL: one batch with the head's update; SQLite: three statements).
    /// </summary>
    private const int Reads = 9;

    private int Bound => factory.BatchesStatements ? Reads + 2 : Reads + 4;

    [DatabaseFact]
    public async Task The_workspace_shows_what_the_four_section_requests_show_to_the_guide_and_to_a_coordinator()
    {
        var (guide, caseId, _) = await ACaseWithSomethingInEverySection();

        foreach (var reader in new[] { guide, "coordinator.aarhus" })
        {
            var workspace = await SendAs(reader, new GetCaseWorkspaceQuery(caseId));

            workspace.Case.Should().BeEquivalentTo(await SendAs(reader, new GetCaseQuery(caseId)), o => o.WithStrictOrdering());
            workspace.FollowUps.Should().BeEquivalentTo(await SendAs(reader, new ListFollowUpsQuery(caseId)), o => o.WithStrictOrdering());
            workspace.Outcomes.Should().BeEquivalentTo(await SendAs(reader, new ListOutcomesQuery(caseId)), o => o.WithStrictOrdering());
            workspace.Suggestions.Should().BeEquivalentTo(
                await SendAs(reader, new SuggestOffersQuery(caseId, GetCaseWorkspaceQuery.SuggestionCount)), o => o.WithStrictOrdering());
        }

        // Something in every section, so the comparison above compares something.
        var shown = await SendAs(guide, new GetCaseWorkspaceQuery(caseId));
        shown.Case.Referrals.Should().HaveCount(2);
        shown.Case.Referrals.Select(r => r.ReceivedAt).Should().BeInAscendingOrder();
        shown.Case.Routing.Should().NotBeEmpty();
        shown.Case.AssignedGuide.Should().NotBeNull();
        shown.Case.ContactAttempts.Should().HaveCount(2);
        shown.Case.Consents.History.Should().NotBeEmpty();
        shown.Case.Conversations.Should().HaveCount(2);
        shown.Case.Conversations.Should().Contain(c => c.Amendments.Count > 0);
        shown.FollowUps.Should().NotBeEmpty();
        shown.Outcomes.Measurements.Should().ContainSingle();
        shown.Outcomes.Participations.Should().ContainSingle();
        shown.Suggestions.Should().NotBeEmpty().And.HaveCountLessThanOrEqualTo(GetCaseWorkspaceQuery.SuggestionCount);
        shown.Suggestions.Should().NotContain(s => s.Offer.Id == shown.Outcomes.Participations[0].OfferId, "a matched offer is not suggested again");
    }

    [DatabaseFact]
    public async Task A_closed_case_shows_no_suggestions()
    {
        var (guide, caseId, _) = await ACase();
        await SendAs(guide, new CloseCaseCommand(ClosureReason.Declined, null) { CaseId = caseId });

        var workspace = await SendAs(guide, new GetCaseWorkspaceQuery(caseId));

        workspace.Case.Status.Should().Be(CaseStatus.Closed);
        workspace.Suggestions.Should().BeEmpty();
        workspace.Case.Should().BeEquivalentTo(await SendAs(guide, new GetCaseQuery(caseId)));
    }

    [DatabaseFact]
    public async Task Only_the_cases_guide_and_the_municipalitys_coordinators_may_read_it()
    {
        var (guide, caseId, _) = await ACase();
        var other = (string[])["guide1.aarhus", "guide2.aarhus", "guide3.aarhus"];

        (await SendAs("coordinator.aarhus", new GetCaseWorkspaceQuery(caseId))).Case.Id.Should().Be(caseId);
        foreach (var reader in other.Where(g => g != guide).Append("coordinator.odsherred"))
        {
            // Not the reader's case, or another municipality's: "not found", as for GetCase, and a denied audit row.
            var before = await AuditRowsOf(reader);
            await FluentActions.Awaiting(() => SendAs(reader, new GetCaseWorkspaceQuery(caseId))).Should().ThrowAsync<NotFoundException>();
            await FluentActions.Awaiting(() => SendAs(reader, new GetCaseQuery(caseId))).Should().ThrowAsync<NotFoundException>();
            var denied = (await AuditRowsOf(reader)).ExceptBy(before.Select(a => a.Id), a => a.Id).ToList();
            denied.Should().Contain(a => a.Action == "GetCaseWorkspace" && a.Outcome == "Denied" && a.EntityType == "Case");
        }

        await FluentActions.Awaiting(() => SendAs("gp.aarhus", new GetCaseWorkspaceQuery(caseId))).Should().ThrowAsync<ForbiddenException>();
        await FluentActions.Awaiting(() => SendAs(guide, new GetCaseWorkspaceQuery(Guid.NewGuid()))).Should().ThrowAsync<NotFoundException>();
    }

    [DatabaseFact]
    public async Task One_read_of_the_page_is_one_audit_record_naming_the_case_its_citizen_and_its_conversations()
    {
        var (guide, caseId, citizenId) = await ACaseWithSomethingInEverySection();
        var conversations = (await SendAs(guide, new GetCaseQuery(caseId))).Conversations.Select(c => c.Id).ToList();
        var before = await AuditRowsOf(guide);

        await SendAs(guide, new GetCaseWorkspaceQuery(caseId));

        var written = (await AuditRowsOf(guide)).ExceptBy(before.Select(a => a.Id), a => a.Id).Should().ContainSingle().Subject;
        written.Action.Should().Be("GetCaseWorkspace");
        written.EntityType.Should().Be("Case");
        written.EntityId.Should().Be(caseId);
        written.Outcome.Should().Be("Succeeded");
        var subjects = await factory.WithDatabase(db => db.AuditEntrySubjects.Where(s => s.AuditEntryId == written.Id).Select(s => s.EntityId).ToListAsync());
        subjects.Should().BeEquivalentTo([citizenId, .. conversations]);

        // The case's audit trail names the read by each id, as what it is, as the four requests' records did.
        var trail = (await SendAs("coordinator.aarhus", new GetCaseAuditQuery(caseId, Action: "GetCaseWorkspace"))).Items
            .Where(e => e.EntryId == written.Id).ToList();
        trail.Select(e => (e.EntityType, e.EntityId)).Should().BeEquivalentTo(
            [("Case", (Guid?)caseId), ("Citizen", citizenId), .. conversations.Select(id => ("Conversation", (Guid?)id))]);
        trail.Should().OnlyContain(e => e.UserId == written.UserId);
    }

    [DatabaseFact]
    public async Task The_page_is_one_transaction_of_few_commands_where_the_four_requests_sent_many()
    {
        var (guide, caseId, _) = await ACaseWithSomethingInEverySection();
        var reader = await As(guide);
        await Send(reader, new GetCaseWorkspaceQuery(caseId)); // caches: the model, reference data

        var counter = factory.Counter;
        counter.Reset();
        counter.Recording = true;
        await Send(reader, new GetCaseWorkspaceQuery(caseId));
        counter.Recording = false;
        var report = counter.Describe();
        var workspace = counter.Commands.Count;

        counter.Transactions.Should().Be(1, report);
        counter.Commits.Should().Be(1, report);
        counter.Commands.Count(c => c.TrimStart().StartsWith("SELECT", StringComparison.Ordinal) && !c.Contains("AuditChainHeads", StringComparison.Ordinal))
            .Should().BeLessThanOrEqualTo(Reads, report);
        workspace.Should().BeLessThanOrEqualTo(Bound, report);

        // The page as it was: four requests, each loading and checking the case and writing its own audit records.
        counter.Reset();
        counter.Recording = true;
        await Send(reader, new GetCaseQuery(caseId));
        await Send(reader, new ListFollowUpsQuery(caseId));
        await Send(reader, new ListOutcomesQuery(caseId));
        await Send(reader, new SuggestOffersQuery(caseId, GetCaseWorkspaceQuery.SuggestionCount));
        counter.Recording = false;
        var before = counter.Commands.Count;
        before.Should().BeGreaterThan(Bound, "the bound must catch the page going back to its four requests:\n" + counter.Describe());
        counter.Transactions.Should().Be(4);
    }

    /// <summary>A new citizen's case, routed to a guide by the rules; the guide's user name, the case and the citizen.</summary>
    private async Task<(string Guide, Guid CaseId, Guid CitizenId)> ACase(string? cpr = null)
    {
        var submitted = await SendAs("gp.aarhus", Referral(cpr ?? ReferralBodies.NewCpr()));
        submitted.AssignedGuideId.Should().NotBeNull();
        string guide;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            guide = (await users.FindByIdAsync(submitted.AssignedGuideId!.Value.ToString()))!.UserName!;
        }

        var citizenId = await factory.WithDatabase(db => db.Cases.IgnoreQueryFilters().Where(c => c.Id == submitted.CaseId).Select(c => c.CitizenId).SingleAsync());
        return (guide, submitted.CaseId, citizenId);
    }

    /// <summary>A case with two referrals, consents, contact attempts, two conversations (one corrected), a measurement, a follow-up and a match.</summary>
    private async Task<(string Guide, Guid CaseId, Guid CitizenId)> ACaseWithSomethingInEverySection()
    {
        var cpr = ReferralBodies.NewCpr();
        var (guide, caseId, citizenId) = await ACase(cpr);
        factory.MoveClock(TimeSpan.FromMinutes(1));
        (await SendAs("gp.aarhus", Referral(cpr))).CaseId.Should().Be(caseId, "a second referral of the citizen joins the open case");

        var now = factory.Clock.GetUtcNow();
        await SendAs(guide, new RecordConsentCommand(
            [ConsentScope.ContactCitizen, ConsentScope.StoreConversationNotes, ConsentScope.MeasureOutcomes, ConsentScope.ShareStatusWithReferrer],
            ConsentMethod.Written, "Guiden", now.AddMinutes(-5), null)
        { CaseId = caseId });
        await SendAs(guide, new RecordContactAttemptCommand(ContactChannel.Phone, false, now.AddMinutes(-4)) { CaseId = caseId });
        await SendAs(guide, new RecordContactAttemptCommand(ContactChannel.Phone, true, now.AddMinutes(-3)) { CaseId = caseId });
        var first = await SendAs(guide, new LogConversationCommand(new ConversationInput(
            ConversationMode.Meeting, now.AddMinutes(-30), 45, "Første møde.", [LifeArena.LeisureAndCommunities], "Vil gerne synge", "Kor på torsdag"))
        { CaseId = caseId });
        await SendAs(guide, new AmendConversationCommand(new ConversationInput(
            ConversationMode.Meeting, now.AddMinutes(-30), 50, "Første møde i caféen.", [LifeArena.LeisureAndCommunities], "Vil gerne synge", "Kor på torsdag"),
            "Forkert sted.", first.Version)
        { CaseId = caseId, ConversationId = first.Id });
        await SendAs(guide, new LogConversationCommand(new ConversationInput(
            ConversationMode.Phone, now.AddMinutes(-10), 10, "Opfølgning.", [LifeArena.LeisureAndCommunities], null, null))
        { CaseId = caseId });
        await SendAs(guide, new RecordMeasurementCommand(MeasurementPoint.Baseline, now.AddMinutes(-20), 3, 2, 3) { CaseId = caseId });
        await SendAs(guide, new PlanFollowUpCommand(now.AddDays(7), FollowUpKind.CheckInCall, "Ring") { CaseId = caseId });
        var best = await SendAs(guide, new SuggestOffersQuery(caseId, 1));
        await SendAs(guide, new RecordMatchCommand(best[0].Offer.Id) { CaseId = caseId });
        return (guide, caseId, citizenId);
    }

    private SubmitReferralCommand Referral(string cpr) => new(
        new CitizenInput("Grethe Test", cpr, null, "+4512345678", null, new AddressInput("Testvej 1", "8000", "Aarhus C"), "da", false),
        "Alene efter en flytning.", [LifeArena.LeisureAndCommunities], [LifeTransition.Moving], null,
        new PracticalNeedsInput(true, false, false, null), Urgency.High,
        new ReferralConsentInput(true, "Dr. Test", ConsentMethod.Verbal, factory.Clock.GetUtcNow().AddHours(-1)));

    private Task<List<Domain.Auditing.AuditEntry>> AuditRowsOf(string userName) => factory.WithDatabase(async db =>
    {
        var id = await UserIdOf(userName);
        return await db.AuditEntries.IgnoreQueryFilters().AsNoTracking().Where(a => a.UserId == id).ToListAsync();
    });

    private async Task<Guid> UserIdOf(string userName)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return (await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"No demo user {userName}.")).Id;
    }

    /// <summary>Sends a request as a demo person through the whole pipeline, as their pages do.</summary>
    private async Task<T> SendAs<T>(string userName, IRequest<T> request) => await Send(await As(userName), request);

    private async Task<StaticUser> As(string userName)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"No demo user {userName}.");
        var roles = await users.GetRolesAsync(user);
        return new StaticUser(user.Id, user.MunicipalityCode, user.OrganisationId, roles.ToList());
    }

    private async Task<T> Send<T>(StaticUser user, IRequest<T> request)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IUserImpersonation>().Impersonate(user);
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(request);
    }
}
