using System.Text;
using LinkWorker.Api.Hosting;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Outcomes.GetTilsWording;
using LinkWorker.Application.Outcomes.ListOutcomes;
using LinkWorker.Application.Outcomes.RecordMeasurement;
using LinkWorker.Application.Outcomes.RecordParticipation;
using LinkWorker.Application.Outcomes.UpdateParticipation;
using LinkWorker.Application.Reports.ExportOutcomeReport;
using LinkWorker.Application.Reports.GetOutcomeReport;

namespace LinkWorker.Api.Endpoints;

internal sealed class OutcomeEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases/{id:guid}").WithTags("Outcomes").RequireAuthorization();
        cases.MapGet("/outcomes", (Guid id, ISender sender, CancellationToken ct) => sender.Send(new ListOutcomesQuery(id), ct))
            .WithSummary("The case's T-ILS measurements and community participation.");
        cases.MapPost("/outcomes", async (Guid id, RecordMeasurementCommand command, ISender sender, CancellationToken ct) =>
            {
                var measurement = await sender.Send(command with { CaseId = id }, ct);
                return TypedResults.Created($"/api/cases/{id}/outcomes", measurement);
            })
            .WithSummary("Record a T-ILS measurement (needs the MeasureOutcomes consent); answers 1–3 per item.");
        cases.MapPost("/participations", async (Guid id, RecordParticipationCommand command, ISender sender, CancellationToken ct) =>
        {
            var participation = await sender.Send(command with { CaseId = id }, ct);
            return TypedResults.Created($"/api/cases/{id}/outcomes", participation);
        });
        cases.MapPut("/participations/{participationId:guid}", (Guid id, Guid participationId, UpdateParticipationCommand command, ISender sender, CancellationToken ct) =>
            sender.Send(command with { CaseId = id, ParticipationId = participationId }, ct));

        app.MapGet("/api/outcomes/tils", (ISender sender, CancellationToken ct) => sender.Send(new GetTilsWordingQuery(), ct))
            .WithTags("Outcomes").RequireAuthorization()
            .WithSummary("The T-ILS items and answers in Danish and English, with their version.");

        var reports = app.MapGroup("/api/reports").WithTags("Outcomes").RequireAuthorization();
        reports.MapGet("/outcomes", (DateOnly? from, DateOnly? to, ISender sender, CancellationToken ct) => sender.Send(new GetOutcomeReportQuery(from, to), ct))
            .AcceptsOnlyQuery("from", "to")
            .WithSummary("Coordinator: the municipality's figures for referrals received in [from, to).");
        reports.MapGet("/outcomes.csv", async (DateOnly? from, DateOnly? to, ISender sender, CancellationToken ct) =>
                TypedResults.Text(await sender.Send(new ExportOutcomeReportQuery(from, to), ct), "text/csv; charset=utf-8"))
            .AcceptsOnlyQuery("from", "to")
            .WithSummary("The same, de-identified, as CSV; counts under 5 suppressed. Columns: docs/outcomes-csv.md.");
        reports.MapGet("/outcomes-excel.csv", async (DateOnly? from, DateOnly? to, ISender sender, CancellationToken ct) =>
            {
                var csv = await sender.Send(new ExportOutcomeReportQuery(from, to) { ForDanishExcel = true }, ct);
                // The byte order mark tells Excel the file is UTF-8; without it Excel reads Windows-1252 and garbles æ/ø/å.
                return TypedResults.File(
                    [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)], "text/csv; charset=utf-8", $"udfaldsrapport-{from:yyyy-MM-dd}-{to:yyyy-MM-dd}.csv");
            })
            .AcceptsOnlyQuery("from", "to")
            .WithSummary("The same for Danish Excel (double click opens it in columns): ';' separated, decimal commas, UTF-8 with BOM.");
    }
}
