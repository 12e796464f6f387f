using LinkWorker.Domain.Routing;

namespace LinkWorker.Domain.Tests.Routing;

/// <summary>
/// Stored routing reasons are English sentences; a reader in another language gets their code and values back.
/// The sentences below are the ones the rules wrote before the codes existed (RoutingPolicyTests holds the same).
/// </summary>
public sealed class RoutingReasonTests
{
    public static TheoryData<string, string, string[]> Stored => new()
    {
        { "district Nord", RoutingReason.District, ["Nord"] },
        { "specialty seniors, age 75+", RoutingReason.Specialty, ["seniors, age 75+"] },
        { "12 of 20 cases", RoutingReason.Load, ["12", "20"] },
        { "speaks ar", RoutingReason.Speaks, ["ar"] },
        { "no guide with capacity in district Nord speaks so, and the citizen needs an interpreter", RoutingReason.NoGuideSpeaksLanguage, ["Nord", "so"] },
        { "postcode 4300 is in no district of this municipality", RoutingReason.NoDistrict, ["4300"] },
        { "every guide in district Syd is full, absent or inactive (Dorte 6 of 6 cases, Emil inactive)", RoutingReason.DistrictFull, ["Syd", "Dorte 6 of 6 cases, Emil inactive"] },
        { "continuity: the citizen's guide before", RoutingReason.ContinuityPrevious, [] },
        { "continuity: Anna absent until 31.12.2026; cover Carl", RoutingReason.ContinuityCover, ["Anna", "31.12.2026", "Carl"] },
        { "Anna Berg absent until 31.12.2026; cover Dorte", RoutingReason.AbsentCover, ["Anna Berg", "31.12.2026", "Dorte"] },
        { "self-referral: registered by Carl", RoutingReason.SelfReferral, ["Carl"] },
        { "self-referral: Carl chose triage", RoutingReason.SelfReferralToTriage, ["Carl"] },
        { "no guide covers district Midtbyen", RoutingReason.NoGuideInDistrict, ["Midtbyen"] },
        { "handed back by the guide: flytter til Odense", RoutingReason.HandedBack, ["flytter til Odense"] },
        { "Borgeren kender Anna i forvejen", RoutingReason.FreeText, ["Borgeren kender Anna i forvejen"] },
    };

    [Theory]
    [MemberData(nameof(Stored))]
    public void A_stored_sentence_reads_back_as_its_code_and_values_and_is_written_the_same_again(string stored, string code, string[] values)
    {
        var reason = RoutingReason.Parse(stored);

        reason.Code.Should().Be(code);
        reason.Values.Should().Equal(values);
        reason.Text.Should().Be(stored);
    }

    [Fact]
    public void The_guides_listed_for_a_full_district_read_back_one_by_one_with_names_of_several_words()
    {
        RoutingReason.Parse("Anna Berg 6 of 6 cases", listItem: true).Should().Be(RoutingReason.Of(RoutingReason.GuideLoad, "Anna Berg", "6", "6"));
        RoutingReason.Parse("Emil inactive", listItem: true).Should().Be(RoutingReason.Of(RoutingReason.GuideInactive, "Emil"));
        RoutingReason.Parse("Bo absent", listItem: true).Should().Be(RoutingReason.Of(RoutingReason.GuideAbsent, "Bo"));

        // A list item's shape is not a reason of its own: "… inactive" in a coordinator's words stays their words.
        RoutingReason.Parse("the guide is inactive").Code.Should().Be(RoutingReason.FreeText);
    }

    [Fact]
    public void Every_shape_round_trips()
    {
        foreach (var (code, format) in RoutingReason.Shapes)
        {
            var count = format.Count(c => c == '{');
            var values = Enumerable.Range(1, count).Select(i => code is RoutingReason.Load || (code is RoutingReason.GuideLoad && i > 1) ? $"{i}" : $"Værdi {i}").ToArray();
            var reason = RoutingReason.Of(code, values);
            var listItem = code is RoutingReason.GuideLoad or RoutingReason.GuideInactive or RoutingReason.GuideAbsent;

            RoutingReason.Parse(reason.Text, listItem).Should().Be(reason, format);
        }
    }
}
