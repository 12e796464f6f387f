using LinkWorker.Application.Consents.RecordConsent;
using LinkWorker.Application.Conversations;
using LinkWorker.Application.Conversations.LogConversation;
using LinkWorker.Application.FollowUps.FireFollowUp;
using LinkWorker.Application.FollowUps.PlanFollowUp;
using LinkWorker.Application.Matches.HandOverMatch;
using LinkWorker.Application.Matches.RecordMatch;
using LinkWorker.Application.Matches.SuggestOffers;
using LinkWorker.Application.Outcomes.RecordMeasurement;
using LinkWorker.Application.Referrals.SubmitReferral;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Conversations;
using LinkWorker.Domain.FollowUps;
using LinkWorker.Domain.Outcomes;
using LinkWorker.Domain.Referrals;

namespace LinkWorker.Web.Tests.Support;

/// <summary>Cases set up through the same requests the pages send, for tests that look at pages rather than journeys.</summary>
public static class Scenes
{
    public static async Task<(Guid ReferralId, Guid CaseId)> ACase(WebAppFactory app, string guide, bool consent, bool share = false)
    {
        var submitted = await app.SendAs("gp.aarhus", new SubmitReferralCommand(
            new CitizenInput(Browsing.NewName(), Browsing.NewCpr(), null, "+4512345678", null, new AddressInput("Testvej 1", "8000", "Aarhus C"), "da", false),
            "Alene efter en flytning.", [LifeArena.LeisureAndCommunities], [LifeTransition.Moving], null, null, Urgency.High,
            new ReferralConsentInput(true, "Dr. Test", ConsentMethod.Verbal, app.Clock.GetUtcNow().AddHours(-1))));
        submitted.AssignedGuideId.Should().NotBeNull();
        if (consent)
        {
            await app.SendAs(guide, new RecordConsentCommand(
                [ConsentScope.ContactCitizen, ConsentScope.StoreConversationNotes, ConsentScope.MeasureOutcomes, ConsentScope.ShareStatusWithReferrer,
                    .. share ? new[] { ConsentScope.ShareWithPartner } : []],
                ConsentMethod.Written, "Guiden", app.Clock.GetUtcNow().AddMinutes(-5), null)
            { CaseId = submitted.CaseId });
        }

        return (submitted.ReferralId, submitted.CaseId);
    }

    // A case with something in every section, and a reminder that has fallen due.
    public static async Task<(Guid ReferralId, Guid CaseId)> ACaseWithHistory(WebAppFactory app, string guide)
    {
        var (referralId, caseId) = await ACase(app, guide, consent: true, share: true);
        var now = app.Clock.GetUtcNow();
        await app.SendAs(guide, new LogConversationCommand(new ConversationInput(
            ConversationMode.Meeting, now.AddMinutes(-30), 45, "Første møde.", [LifeArena.LeisureAndCommunities], "Vil gerne synge", "Kor på torsdag"))
        { CaseId = caseId });
        await app.SendAs(guide, new RecordMeasurementCommand(MeasurementPoint.Baseline, now.AddMinutes(-20), 3, 2, 3) { CaseId = caseId });
        var followUp = await app.SendAs(guide, new PlanFollowUpCommand(now.AddMinutes(1), FollowUpKind.CheckInCall, "Ring") { CaseId = caseId });
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await app.SendAsSystem(new FireFollowUpCommand(followUp.Id));
        var match = await AMatch(app, guide, caseId);
        await app.SendAs(guide, new HandOverMatchCommand { How = HandOverMethod.Accompanied, CaseId = caseId, MatchId = match });
        return (referralId, caseId);
    }

    /// <summary>The citizen matched to the directory's best suggestion; the match's id.</summary>
    public static async Task<Guid> AMatch(WebAppFactory app, string guide, Guid caseId)
    {
        var suggestions = await app.SendAs(guide, new SuggestOffersQuery(caseId, 1));
        return (await app.SendAs(guide, new RecordMatchCommand(suggestions[0].Offer.Id) { CaseId = caseId })).Id;
    }

    /// <summary>The citizen now also lets the guide share their details with an offer's organiser.</summary>
    public static Task Share(WebAppFactory app, string guide, Guid caseId) =>
        app.SendAs(guide, new RecordConsentCommand([ConsentScope.ShareWithPartner], ConsentMethod.Verbal, "Guiden", app.Clock.GetUtcNow().AddMinutes(-1), null) { CaseId = caseId });
}
