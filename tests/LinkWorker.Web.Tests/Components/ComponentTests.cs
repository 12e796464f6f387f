using System.Globalization;
using Bunit;
using LinkWorker.Application.Outcomes;
using LinkWorker.Domain.Outcomes;
using LinkWorker.Web.Components.Pages.Guide;
using LinkWorker.Web.Components.Shared;
using LinkWorker.Web.Forms;
using LinkWorker.Web.Localization;
using Microsoft.Extensions.DependencyInjection;

namespace LinkWorker.Web.Tests.Components;

/// <summary>The form and chart components' own logic: labels and errors tied to fields, the chart's data table.</summary>
public sealed class ComponentTests : BunitContext
{
    public ComponentTests()
    {
        Services.AddScoped<Text>();
        CultureInfo.CurrentUICulture = new CultureInfo("da");
    }

    [Fact]
    public void A_field_with_an_error_ties_the_message_and_the_hint_to_its_input()
    {
        var errors = new FormErrors();
        errors.Add("citizen.cprNumber", "Et CPR-nummer har 10 cifre.");

        var field = Render<Field>(p => p
            .Add(f => f.Name, "citizen.cprNumber")
            .Add(f => f.Label, "CPR-nummer")
            .Add(f => f.Hint, "10 cifre")
            .Add(f => f.Errors, errors));

        var input = field.Find("input");
        input.Id.Should().Be("f-citizen-cprNumber");
        field.Find("label").GetAttribute("for").Should().Be(input.Id);
        input.GetAttribute("aria-invalid").Should().Be("true");
        input.GetAttribute("aria-describedby").Should().Be("f-citizen-cprNumber-hint f-citizen-cprNumber-error");
        field.Find("#f-citizen-cprNumber-error").TextContent.Should().Contain("Et CPR-nummer har 10 cifre.");
        field.Find(".form-group").ClassList.Should().Contain("form-error");
    }

    [Fact]
    public void A_field_without_an_error_is_not_marked_invalid()
    {
        var field = Render<Field>(p => p.Add(f => f.Name, "reason").Add(f => f.Label, "Hvorfor?").Add(f => f.Type, "textarea"));

        field.Find("textarea").GetAttribute("aria-invalid").Should().Be("false");
        field.Find("textarea").HasAttribute("aria-describedby").Should().BeFalse();
        field.FindAll(".form-error-message").Should().BeEmpty();
    }

    [Fact]
    public void The_error_summary_links_each_message_to_its_field_and_says_when_someone_else_changed_the_case()
    {
        var errors = new FormErrors { VersionConflict = true };
        errors.Add("reason", "Skriv, hvorfor.");
        errors.Add("lifeArenas", "Vælg mindst én.");

        var summary = Render<ErrorSummary>(p => p.Add(s => s.Errors, errors).Add(s => s.ReloadUrl, "/cases/1#conversations"));

        summary.FindAll("a").Select(a => a.GetAttribute("href")).Should().Equal("/cases/1#conversations", "#f-reason", "#f-lifeArenas");
        summary.Find("[role=alert]").TextContent.Should().Contain("En anden har ændret sagen");
    }

    [Fact]
    public void No_errors_render_no_summary() =>
        Render<ErrorSummary>(p => p.Add(s => s.Errors, new FormErrors())).Markup.Trim().Should().BeEmpty();

    [Fact]
    public void The_chart_draws_each_measurement_and_repeats_the_figures_in_a_table()
    {
        MeasurementView[] measurements =
        [
            new(Guid.NewGuid(), MeasurementPoint.Baseline, new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero), 3, 3, 2, 8, LonelinessCategory.SeverelyLonely, "1"),
            new(Guid.NewGuid(), MeasurementPoint.FollowUp, new DateTimeOffset(2026, 4, 5, 9, 0, 0, TimeSpan.Zero), 2, 1, 2, 5, LonelinessCategory.ModeratelyLonely, "1"),
        ];

        var chart = Render<TilsChart>(p => p.Add(c => c.Measurements, measurements));

        chart.FindAll("circle").Should().HaveCount(2);
        chart.Find("polyline").GetAttribute("points").Should().NotContain(",,").And.MatchRegex(@"^[0-9.]+,[0-9.]+ [0-9.]+,[0-9.]+$");
        var rows = chart.FindAll("#tils-table tbody tr");
        rows.Should().HaveCount(2);
        rows[0].TextContent.Should().Contain("05.01.2026").And.Contain("8").And.Contain("alvorligt ensom");
        chart.Find("figcaption").TextContent.Should().Be("2 målinger: summen gik fra 8 til 5 (moderat ensom).");
    }
}

/// <summary>Danish formats and order without ICU (the host runs with invariant globalization).</summary>
public sealed class DanishFormatTests
{
    [Fact]
    public void Dates_and_times_are_Danish_and_in_Copenhagen_time()
    {
        var summer = new DateTimeOffset(2026, 7, 1, 12, 30, 0, TimeSpan.Zero);
        var winter = new DateTimeOffset(2026, 11, 26, 13, 30, 0, TimeSpan.Zero);

        DanishFormat.DateTime(summer).Should().Be("01.07.2026 14.30");
        DanishFormat.DateTime(winter).Should().Be("26.11.2026 14.30");
        DanishFormat.Date(new DateTimeOffset(2026, 11, 26, 23, 30, 0, TimeSpan.Zero)).Should().Be("27.11.2026", "half past midnight in Copenhagen");
    }

    [Fact]
    public void A_typed_local_time_becomes_the_right_instant_across_summer_time()
    {
        DanishFormat.ParseLocal("2026-07-01T14:30").Should().Be(new DateTimeOffset(2026, 7, 1, 12, 30, 0, TimeSpan.Zero));
        DanishFormat.ParseLocal("2026-11-26T14:30").Should().Be(new DateTimeOffset(2026, 11, 26, 13, 30, 0, TimeSpan.Zero));
        DanishFormat.ParseLocal("not a date").Should().BeNull();
        DanishFormat.ParseLocal("").Should().BeNull();
    }

    [Fact]
    public void The_CPR_number_is_masked_to_its_last_four_digits() =>
        DanishFormat.MaskedCpr("0101501234").Should().Be("******-1234");

    [Fact]
    public void Danish_order_puts_ae_oe_aa_after_z_and_reads_aa_as_the_old_spelling_of_aa()
    {
        string[] words = ["Åse", "Ørum", "Zenia", "Æble", "Anders", "Aalborg", "Ølstykke", "Bo", "Ærø"];

        words.Order(DanishComparer.Instance).Should().Equal("Anders", "Bo", "Zenia", "Æble", "Ærø", "Ølstykke", "Ørum", "Aalborg", "Åse");
    }

    [Theory]
    [InlineData("/cases/1", "/cases/1")]
    [InlineData("//evil.example", "/")]
    [InlineData("https://evil.example", "/")]
    [InlineData("/\\evil", "/")]
    [InlineData(null, "/")]
    public void The_language_switch_only_returns_to_paths_of_this_site(string? url, string expected) =>
        LinkWorker.Web.Hosting.WebApp.LocalPath(url).Should().Be(expected);
}
