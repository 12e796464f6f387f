using System.Net;
using System.Net.Http.Json;
using FsCheck;
using FsCheck.Fluent;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Application.Guides.ReconcileGuideLoads;
using LinkWorker.Domain.Cases;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace LinkWorker.Api.Tests.Cases;

public sealed class GuideLoadProperties_Sqlite(SqliteApiFactory factory, ITestOutputHelper output) : GuideLoadProperties<SqliteApiFactory>(factory, output);

public sealed class GuideLoadProperties_Postgres(PostgresApiFactory factory, ITestOutputHelper output)
    : GuideLoadProperties<PostgresApiFactory>(factory, output), IUsesPostgres;

/// <summary>
/// Random sequences of lifecycle commands through the real API (referrals, assignments, hand-backs, closing,
/// reopening, further referrals for the same citizen) leave every guide's counter equal to the open cases they hold,
/// never above capacity, and give the reconciliation nothing to repair. Bounded: a few sequences of a few steps.
/// </summary>
public abstract class GuideLoadProperties<TFactory>(TFactory factory, ITestOutputHelper output) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    private const int Capacity = 2;
    private const int MinSteps = 8;
    private const int MaxSteps = 16;
    private const int Sequences = 5;

    public enum Kind
    {
        Submit,
        SubmitForSameCitizen,
        Assign,
        HandBack,
        Close,
        Reopen,
    }

    public sealed record Step(Kind Kind, int Case, int Guide);

    [DatabaseFact]
    public void Every_guides_load_equals_the_open_cases_they_hold_after_any_sequence_of_lifecycle_commands()
    {
        // Weighted towards the commands that move a guide's load, on a handful of cases, so sequences close, hand
        // back and reassign held cases often.
        var kinds = Gen.Frequency(
            (2, Gen.Constant(Kind.Submit)), (1, Gen.Constant(Kind.SubmitForSameCitizen)), (3, Gen.Constant(Kind.Assign)),
            (2, Gen.Constant(Kind.HandBack)), (2, Gen.Constant(Kind.Close)), (2, Gen.Constant(Kind.Reopen)));
        var step = kinds.SelectMany(kind => Gen.Choose(0, 3).SelectMany(@case => Gen.Choose(0, 2).Select(guide => new Step(kind, @case, guide))));
        var sequences = Gen.Choose(MinSteps, MaxSteps).SelectMany(n => step.ArrayOf(n));

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Sequences), Prop.ForAll(sequences.ToArbitrary(), steps => Blocking(() => Run(steps))));
    }

    // FsCheck's runner is synchronous; the HTTP calls run on the thread pool, away from the test's context.
    private static void Blocking(Func<Task> work) => Task.Run(work).GetAwaiter().GetResult();

    private async Task Run(Step[] steps)
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var postcode = RoutingWorld.NewPostcode();
        var district = await RoutingWorld.CreateDistrict(coordinator, postcode);
        var guides = new List<(Guid Id, HttpClient Client)>();
        for (var i = 0; i < 3; i++)
        {
            var (id, userName) = await RoutingWorld.CreateGuide(factory, coordinator, district, Capacity);
            guides.Add((id, await factory.ClientFor(userName)));
        }

        output.WriteLine($"-- a sequence of {steps.Length} steps");
        var referrer = await factory.ClientFor("gp.aarhus");
        var cases = new List<(Guid Id, string Cpr)>();
        foreach (var (kind, index, guideIndex) in steps)
        {
            HttpResponseMessage response;
            if (kind is Kind.Submit || cases.Count == 0)
            {
                var cpr = ReferralBodies.NewCpr();
                response = await Submit(referrer, postcode, cpr, cases);
            }
            else
            {
                var (caseId, cpr) = cases[index % cases.Count];
                response = kind switch
                {
                    Kind.SubmitForSameCitizen => await Submit(referrer, postcode, cpr, cases),
                    Kind.Assign => await coordinator.PostAsJsonAsync($"/api/cases/{caseId}/assign", new { guideId = guides[guideIndex].Id, reason = "property test" }),
                    Kind.HandBack => await (await HolderOf(caseId, guides)).PostAsJsonAsync($"/api/cases/{caseId}/hand-back", new { reason = "property test" }),
                    Kind.Close => await coordinator.PostAsJsonAsync($"/api/cases/{caseId}/close", new { reason = "InCommunity" }),
                    _ => await coordinator.PostAsync($"/api/cases/{caseId}/reopen", null),
                };
            }

            output.WriteLine($"{kind} case {index} guide {guideIndex}: {(int)response.StatusCode}");
            ((int)response.StatusCode).Should().BeLessThan(500, $"{kind} answered {await response.Content.ReadAsStringAsync()}");
            if (!response.IsSuccessStatusCode)
            {
                // A refused command (a closed case cannot be handed back, a full guide takes no case) is fine.
                response.StatusCode.Should().BeOneOf(HttpStatusCode.Conflict, HttpStatusCode.UnprocessableEntity, HttpStatusCode.Forbidden, HttpStatusCode.NotFound);
            }

            await LoadsMatchOpenCases(guides.Select(g => g.Id).ToList(), $"after {kind} (case {index}, guide {guideIndex})");
        }

        (await factory.SendAsSystem(new ReconcileGuideLoadsCommand())).Should().BeEmpty("the counters agree with the cases, so there is nothing to repair");
    }

    private static async Task<HttpResponseMessage> Submit(HttpClient referrer, string postcode, string cpr, List<(Guid Id, string Cpr)> cases)
    {
        var body = RoutingWorld.ReferralIn(postcode);
        body["citizen"]!["cprNumber"] = cpr;
        var response = await referrer.Submit(body);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            var caseId = (await response.Json()).GetProperty("caseId").GetGuid();
            if (cases.TrueForAll(c => c.Id != caseId))
            {
                cases.Add((caseId, cpr));
            }
        }

        return response;
    }

    // The guide who holds the case hands it back; for a case no guide holds, the first guide tries (and is refused).
    private async Task<HttpClient> HolderOf(Guid caseId, List<(Guid Id, HttpClient Client)> guides)
    {
        var holder = await factory.WithDatabase(db => db.Cases.IgnoreQueryFilters().Where(c => c.Id == caseId).Select(c => c.AssignedGuideId).SingleAsync());
        return guides.FirstOrDefault(g => g.Id == holder).Client ?? guides[0].Client;
    }

    private async Task LoadsMatchOpenCases(List<Guid> guideIds, string because)
    {
        var rows = await factory.WithDatabase(async db =>
        {
            var counters = await db.Guides.IgnoreQueryFilters().Where(g => guideIds.Contains(g.Id)).ToDictionaryAsync(g => g.Id, g => g.ActiveCaseCount);
            var held = await db.Cases.IgnoreQueryFilters()
                .Where(c => c.AssignedGuideId != null && guideIds.Contains(c.AssignedGuideId.Value)
                    && (c.Status == CaseStatus.Assigned || c.Status == CaseStatus.Contacted || c.Status == CaseStatus.Active))
                .GroupBy(c => c.AssignedGuideId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
            return guideIds.Select(id => (Id: id, Counter: counters[id], Held: held.GetValueOrDefault(id))).ToList();
        });

        foreach (var (id, counter, held) in rows)
        {
            counter.Should().Be(held, $"guide {id}'s counter must equal the open cases they hold {because}");
            counter.Should().BeInRange(0, Capacity, because);
        }
    }
}
