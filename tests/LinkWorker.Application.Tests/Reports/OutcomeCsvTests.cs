using LinkWorker.Application.Reports;
using LinkWorker.Application.Reports.ExportOutcomeReport;

namespace LinkWorker.Application.Tests.Reports;

/// <summary>The CSV writers on a report built by hand (no database).</summary>
public sealed class OutcomeCsvTests
{
    private static OutcomeReport Report(params CountRow[] organisations) => new(
        "0751", new DateOnly(2025, 1, 1), new DateOnly(2025, 2, 1), 12, 12, [new CountRow("GeneralPractice", 12)], organisations, [], [], [],
        new FirstContactFigures(0, null, null), [], [], [], new TilsFigures(0, null, 0, 0, null, [], 0, []), new CommunityFigures(0, [], 0, 0, null));

    [Fact]
    public void An_organisation_named_like_a_formula_stays_text_in_the_Excel_file_and_as_given_in_the_research_file()
    {
        var report = Report(new CountRow("=HYPERLINK(\"http://example.com\")", 6), new CountRow("Lægerne i Trøjborg", 6));

        var excel = ExportOutcomeReportHandler.WriteForDanishExcel(report).Split('\n');
        var research = ExportOutcomeReportHandler.Write(report).Split('\n');

        excel.Should().Contain("0751;2025-01-01;2025-02-01;referrals_by_organisation;\"'=HYPERLINK(\"\"http://example.com\"\")\";6;");
        excel.Should().Contain("0751;2025-01-01;2025-02-01;referrals_by_organisation;Lægerne i Trøjborg;6;");
        research.Should().Contain("0751,2025-01-01,2025-02-01,referrals_by_organisation,\"=HYPERLINK(\"\"http://example.com\"\")\",6,");
    }
}
