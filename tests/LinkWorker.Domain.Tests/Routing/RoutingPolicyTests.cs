using LinkWorker.Domain.Guides;
using LinkWorker.Domain.Routing;

namespace LinkWorker.Domain.Tests.Routing;

/// <summary>Citizens × guides → the expected guide and reasons, or triage with its reason.</summary>
public sealed class RoutingPolicyTests
{
    private static readonly Guid North = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid West = Guid.Parse("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid South = Guid.Parse("00000000-0000-0000-0000-00000000000c");

    private static readonly GuideCandidate Anna = Guide("Anna", 1, [North], ["da", "en"], [Specialty.Seniors, Specialty.Age75Plus], active: 12, capacity: 20);
    private static readonly GuideCandidate Bilal = Guide("Bilal", 2, [West, North], ["da", "ar", "tr"], [Specialty.EthnicMinority, Specialty.Age16To29], active: 14, capacity: 15);
    private static readonly GuideCandidate Carl = Guide("Carl", 3, [North], ["da"], [Specialty.Age16To29], active: 3, capacity: 10);
    private static readonly GuideCandidate Dorte = Guide("Dorte", 4, [South], ["da"], [], active: 6, capacity: 6);
    private static readonly GuideCandidate Emil = Guide("Emil", 5, [South], ["da"], [], active: 0, capacity: 8) with { IsActive = false };
    private static readonly GuideCandidate[] Team = [Anna, Bilal, Carl, Dorte, Emil];

    public static TheoryData<string, RoutingCitizen, GuideCandidate[], string?, string[]> Cases => new()
    {
        {
            "a senior in the north goes to the guide with matching specialties",
            Citizen(North, "Nord", needs: [Specialty.Seniors, Specialty.Age75Plus]), Team,
            "Anna", ["district Nord", "specialty seniors, age 75+", "12 of 20 cases"]
        },
        {
            "a young person in the north: a specialty tie is broken by the lowest load",
            Citizen(North, "Nord", needs: [Specialty.Age16To29]), Team,
            "Carl", ["district Nord", "specialty age 16–29", "3 of 10 cases"]
        },
        {
            "no specialty matches: the lowest load wins",
            Citizen(North, "Nord"), Team,
            "Carl", ["district Nord", "3 of 10 cases"]
        },
        {
            "Arabic without an interpreter: only a guide who speaks Arabic",
            Citizen(West, "Vest", language: "ar", interpreter: true), Team,
            "Bilal", ["district Vest", "speaks ar", "14 of 15 cases"]
        },
        {
            "Arabic preferred but Danish possible: speaking Arabic is preferred, not required",
            Citizen(North, "Nord", language: "ar"), Team,
            "Bilal", ["district Nord", "speaks ar", "14 of 15 cases"]
        },
        {
            "Somali with an interpreter needed and nobody speaks it: triage",
            Citizen(North, "Nord", language: "so", interpreter: true), Team,
            null, ["no guide with capacity in district Nord speaks so, and the citizen needs an interpreter"]
        },
        {
            "a postcode outside every district: triage",
            Citizen(null, null, postcode: "4300"), Team,
            null, ["postcode 4300 is in no district of this municipality"]
        },
        {
            "the only guides in the district are full or inactive: triage naming them",
            Citizen(South, "Syd"), Team,
            null, ["every guide in district Syd is full, absent or inactive (Dorte 6 of 6 cases, Emil inactive)"]
        },
        {
            "continuity: the earlier guide wins even outside the district",
            Citizen(South, "Syd", previous: Anna.Id), Team,
            "Anna", ["continuity: the citizen's guide before", "12 of 20 cases"]
        },
        {
            "continuity with an absent guide goes to the colleague covering",
            Citizen(South, "Syd", previous: Anna.Id),
            [Anna with { Absence = new Absence(new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 31), Carl.Id) }, Carl, Dorte],
            "Carl", ["continuity: Anna absent until 31.12.2026; cover Carl", "3 of 10 cases"]
        },
        {
            "an absent guide without cover is passed over by the district rules",
            Citizen(North, "Nord", needs: [Specialty.Seniors]),
            [Anna with { Absence = new Absence(new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 31), null) }, Carl],
            "Carl", ["district Nord", "3 of 10 cases"]
        },
        {
            "the best-fitting guide is absent: the colleague covering takes the case and the reasons name the absence",
            Citizen(North, "Nord", needs: [Specialty.Seniors]),
            [Anna with { Absence = new Absence(new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 31), Dorte.Id) }, Carl, Dorte with { ActiveCases = 2 }],
            "Dorte", ["district Nord", "specialty seniors", "Anna absent until 31.12.2026; cover Dorte", "2 of 6 cases"]
        },
        {
            "the best-fitting guide is absent and their cover is full: the next best present guide",
            Citizen(North, "Nord", needs: [Specialty.Seniors]),
            [Anna with { Absence = new Absence(new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 31), Dorte.Id) }, Carl, Dorte],
            "Carl", ["district Nord", "3 of 10 cases"]
        },
        {
            "a guide's own self-referral stays with them, even outside their district and before continuity",
            Citizen(South, "Syd", previous: Anna.Id, selfReferral: Carl.Id), Team,
            "Carl", ["self-referral: registered by Carl", "3 of 10 cases"]
        },
        {
            "a self-referral by a guide with no room is routed by the rules",
            Citizen(North, "Nord", selfReferral: Dorte.Id), Team,
            "Carl", ["district Nord", "3 of 10 cases"]
        },
        {
            "a full guide is passed over",
            Citizen(West, "Vest", language: "ar", interpreter: true), [Bilal with { ActiveCases = 15 }, Anna],
            null, ["every guide in district Vest is full, absent or inactive (Bilal 15 of 15 cases)"]
        },
        {
            "nobody covers the district at all",
            Citizen(South, "Syd"), [Anna, Bilal, Carl],
            null, ["no guide covers district Syd"]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Routes_as_expected_with_reasons(string scenario, RoutingCitizen citizen, GuideCandidate[] guides, string? expectedGuide, string[] expectedReasons)
    {
        var outcome = RoutingPolicy.Decide(citizen, guides);

        guides.SingleOrDefault(g => g.Id == outcome.GuideId)?.Name.Should().Be(expectedGuide, scenario);
        if (expectedGuide is null)
        {
            outcome.ToTriage.Should().BeTrue(scenario);
        }

        outcome.Reasons.Should().Equal(expectedReasons, scenario);
    }

    [Fact]
    public void The_same_input_always_gives_the_same_guide_whatever_the_order()
    {
        var citizen = Citizen(North, "Nord");
        var twin = Carl with { Id = Guid.Parse("00000000-0000-0000-0000-000000000009"), Name = "Carl" };

        var forward = RoutingPolicy.Decide(citizen, [.. Team, twin]);
        var backward = RoutingPolicy.Decide(citizen, [twin, .. Team.Reverse()]);

        forward.GuideId.Should().Be(backward.GuideId).And.Be(Carl.Id);
    }

    private static RoutingCitizen Citizen(
        Guid? district, string? districtName, string language = "da", bool interpreter = false, Specialty[]? needs = null,
        Guid? previous = null, string postcode = "8200", Guid? selfReferral = null) =>
        new(postcode, district, districtName, language, interpreter, new HashSet<Specialty>(needs ?? []), previous, selfReferral);

    private static GuideCandidate Guide(string name, int id, Guid[] districts, string[] languages, Specialty[] specialties, int active, int capacity) =>
        new(Guid.Parse($"00000000-0000-0000-0000-{id:000000000000}"), name, capacity, active, districts, languages, specialties, true, null);
}
