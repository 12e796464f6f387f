using System.Globalization;
using LinkWorker.Domain.Offers;
using LinkWorker.Web.Localization;

namespace LinkWorker.Web.Tests.Components;

/// <summary>Why an offer is suggested, in the page's language (the API keeps the English sentences).</summary>
public sealed class OfferReasonTextTests : IDisposable
{
    private readonly CultureInfo _before = CultureInfo.CurrentCulture;
    private readonly CultureInfo _beforeUi = CultureInfo.CurrentUICulture;
    private readonly Text _text = new();

    public void Dispose()
    {
        CultureInfo.CurrentCulture = _before;
        CultureInfo.CurrentUICulture = _beforeUi;
    }

    public static TheoryData<OfferReason, string, string> Reasons => new()
    {
        { OfferReason.Of(OfferReason.Distance, "2.2"), "2,2 km væk", "2.2 km away" },
        { OfferReason.Of(OfferReason.SharesInterests, "Music,Gardening"), "fælles interesser: musik, have", "shares interests: music, gardening" },
        { OfferReason.Of(OfferReason.ForGroups, "YoungPeople"), "for unge", "for young people" },
        { OfferReason.Of(OfferReason.HeldIn, "ar"), "foregår på arabisk", "held in Arabic" },
        { OfferReason.Of(OfferReason.Meets, "Tuesday", "10:00", "12:00"), "mødes tirsdag 10:00–12:00", "meets on Tuesday 10:00–12:00" },
        { OfferReason.Of(OfferReason.NotVerifiedSince, "2025-03-04"), "ikke bekræftet siden 04.03.2025", "not verified since 04.03.2025" },
        { OfferReason.Of(OfferReason.Ages, "18", "30"), "for alderen 18–30 år", "for ages 18–30" },
        { OfferReason.Of(OfferReason.Free), "gratis", "free" },
    };

    [Theory]
    [MemberData(nameof(Reasons))]
    public void Are_worded_in_the_pages_language(OfferReason reason, string danish, string english)
    {
        In("da");
        OfferReasons.Describe(_text, reason).Should().Be(danish);
        In("en");
        OfferReasons.Describe(_text, reason).Should().Be(english);
    }

    [Fact]
    public void Every_reason_has_a_danish_and_an_english_text()
    {
        foreach (var code in OfferReason.Formats.Keys)
        {
            foreach (var language in new[] { "da", "en" })
            {
                In(language);
                _text[$"OfferReason.{code}"].Should().NotBe($"OfferReason.{code}", $"{code} needs a text in {language}");
            }
        }
    }

    private static void In(string language)
    {
        CultureInfo.CurrentCulture = new CultureInfo(language);
        CultureInfo.CurrentUICulture = new CultureInfo(language);
    }
}
