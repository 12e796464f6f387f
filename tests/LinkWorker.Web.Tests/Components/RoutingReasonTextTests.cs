using System.Globalization;
using LinkWorker.Web.Localization;

namespace LinkWorker.Web.Tests.Components;

/// <summary>Routing reasons, stored as the API's English sentences, read in the page's language.</summary>
public sealed class RoutingReasonTextTests : IDisposable
{
    private readonly CultureInfo _before = CultureInfo.CurrentUICulture;
    private readonly Text _text = new();

    public void Dispose() => CultureInfo.CurrentUICulture = _before;

    [Theory]
    [InlineData("district Midtbyen", "distrikt Midtbyen")]
    [InlineData("12 of 20 cases", "12 af 20 sager")]
    [InlineData("speaks ar", "taler arabisk")]
    [InlineData("specialty seniors, age 75+", "speciale: ældre, alder 75+")]
    [InlineData("continuity: Anna absent until 31.12.2026; cover Carl", "kontinuitet: Anna er fraværende til og med 31.12.2026; Carl dækker")]
    [InlineData("every guide in district Syd is full, absent or inactive (Dorte Berg 6 of 6 cases, Emil inactive)",
        "alle guider i distrikt Syd er fuldt optaget, fraværende eller inaktive (Dorte Berg 6 af 6 sager, Emil inaktiv)")]
    [InlineData("no guide with capacity in district Nord speaks so, and the citizen needs an interpreter",
        "ingen guide med plads i distrikt Nord taler somali, og borgeren har brug for tolk")]
    [InlineData("Borgeren kender Anna", "Borgeren kender Anna")]
    public void In_Danish(string stored, string shown)
    {
        CultureInfo.CurrentUICulture = new CultureInfo("da");
        RoutingReasons.Describe(_text, stored).Should().Be(shown);
    }

    [Theory]
    [InlineData("district Midtbyen", "district Midtbyen")]
    [InlineData("specialty seniors, age 75+", "specialty: seniors, age 75+")]
    [InlineData("speaks ar", "speaks Arabic")]
    public void In_English(string stored, string shown)
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        RoutingReasons.Describe(_text, stored).Should().Be(shown);
    }
}
