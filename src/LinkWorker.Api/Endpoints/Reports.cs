using System.Text;
using LinkWorker.Api.Hosting;
using LinkWorker.Application.Reports.ExportOutcomeReport;
using LinkWorker.Application.Reports.GetDirectoryGaps;
using LinkWorker.Application.Reports.GetOutcomeReport;
using Mediator;

namespace LinkWorker.Api.Endpoints;

internal sealed class Reports : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/reports").WithTags("Outcomes").RequireAuthorization();
        reports.MapGet("/outcomes", (DateOnly? from, DateOnly? to, ISender sender, CancellationToken ct) => sender.Send(new GetOutcomeReportQuery(from, to), ct))
            .AcceptsOnlyQuery("from", "to")
            .WithSummary("Coordinator: the municipality's figures for referrals received in [from, to).");
        reports.MapGet("/outcomes.csv", async (DateOnly? from, DateOnly? to, ISender sender, CancellationToken ct) =>
                TypedResults.Text(await sender.Send(new ExportOutcomeReportQuery(from, to), ct), "text/csv; charset=utf-8"))
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .AcceptsOnlyQuery("from", "to")
            .WithSummary("The same, de-identified, as CSV; counts under 5 suppressed. Columns: docs/outcomes-csv.md.");
        reports.MapGet("/outcomes-excel.csv", async (DateOnly? from, DateOnly? to, ISender sender, CancellationToken ct) =>
            {
                var csv = await sender.Send(new ExportOutcomeReportQuery(from, to) { ForDanishExcel = true }, ct);
                // The byte order mark tells Excel the file is UTF-8; without it Excel reads Windows-1252 and garbles æ/ø/å.
                return TypedResults.File(
                    [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)], "text/csv; charset=utf-8", $"udfaldsrapport-{from:yyyy-MM-dd}-{to:yyyy-MM-dd}.csv");
            })
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .AcceptsOnlyQuery("from", "to")
            .WithSummary("The same for Danish Excel (double click opens it in columns): ';' separated, decimal commas, UTF-8 with BOM.");
        reports.MapGet("/directory-gaps", (DateOnly? from, DateOnly? to, ISender sender, CancellationToken ct) =>
                sender.Send(new GetDirectoryGapsQuery(from, to), ct))
            .AcceptsOnlyQuery("from", "to")
            .WithTags("Directory")
            .WithSummary("Coordinator: referrals in [from, to) by district, age band and language, with the offers that fit; gaps first.");
    }
}
