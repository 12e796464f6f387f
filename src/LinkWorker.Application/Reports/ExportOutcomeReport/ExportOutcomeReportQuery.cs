using System.Globalization;
using System.Text;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;

namespace LinkWorker.Application.Reports.ExportOutcomeReport;

/// <summary>
/// The outcome figures as CSV for evaluation by a research centre, de-identified: no names, CPR numbers, contact
/// data, free text or staff names; age bands instead of birth dates; any count from 1 to 4 suppressed ("&lt;5"),
/// with the figures derived from it. Columns: docs/outcomes-csv.md.
/// </summary>
[Authorize(Roles.Coordinator)]
public sealed record ExportOutcomeReportQuery(DateOnly? From, DateOnly? To) : IRequest<string>, IReportPeriod;

internal sealed class ExportOutcomeReportValidator : ReportPeriodValidator<ExportOutcomeReportQuery>;

internal sealed class ExportOutcomeReportHandler(ReportLoader loader, ICurrentUser user) : IRequestHandler<ExportOutcomeReportQuery, string>
{
    public const int SmallestCell = 5;

    public async Task<string> Handle(ExportOutcomeReportQuery query, CancellationToken cancellationToken)
    {
        var report = OutcomeFigures.Compute(user.RequiredMunicipalityCode, query.From!.Value, query.To!.Value,
            await loader.Load(query.From.Value, query.To.Value, cancellationToken));
        return Write(report);
    }

    internal static string Write(OutcomeReport r)
    {
        var csv = new StringBuilder("municipality,period_from,period_to,section,category,count,value\n");
        void Row(string section, string category, int? count, double? value = null)
        {
            var suppressed = count is > 0 and < SmallestCell;
            csv.Append(CultureInfo.InvariantCulture, $"{r.Municipality},{r.From:yyyy-MM-dd},{r.To:yyyy-MM-dd},{section},{Escape(category)},")
                .Append(suppressed ? "<5" : count?.ToString(CultureInfo.InvariantCulture) ?? "")
                .Append(',')
                .Append(suppressed || value is null ? "" : value.Value.ToString("0.###", CultureInfo.InvariantCulture))
                .Append('\n');
        }

        Row("referrals", "total", r.Referrals);
        Row("cases", "total", r.Cases);
        r.ReferralsBySector.ToList().ForEach(x => Row("referrals_by_sector", x.Key, x.Count));
        r.ReferralsByOrganisation.ToList().ForEach(x => Row("referrals_by_organisation", x.Key, x.Count));
        r.ReferralsByLifeArena.ToList().ForEach(x => Row("referrals_by_life_arena", x.Key, x.Count));
        r.ReferralsByLifeTransition.ToList().ForEach(x => Row("referrals_by_life_transition", x.Key, x.Count));
        r.ReferralsByAgeBand.ToList().ForEach(x => Row("referrals_by_age_band", x.Key, x.Count));
        Row("days_to_first_contact", "median", r.DaysToFirstContact.CasesContacted, r.DaysToFirstContact.Median);
        Row("days_to_first_contact", "p90", r.DaysToFirstContact.CasesContacted, r.DaysToFirstContact.Percentile90);
        Row("caseload", "active_cases_all_guides", r.Caseloads.Sum(c => c.ActiveCases));
        Row("caseload", "capacity_all_guides", r.Caseloads.Sum(c => c.Capacity));
        r.ConsentRates.ToList().ForEach(x => Row("consent_rate", x.Scope.ToString(), x.Cases, x.Rate));
        r.ClosureReasons.ToList().ForEach(x => Row("closure_reason", x.Key, x.Count));
        Row("tils", "cases_with_baseline_and_later", r.Tils.CasesWithBaselineAndLater, r.Tils.MeanChange);
        Row("tils", "moved_out_of_severe", r.Tils.MovedOutOfSevere, null);
        Row("tils", "severe_at_baseline", r.Tils.SevereAtBaseline, r.Tils.ShareMovedOutOfSevere);
        r.Tils.BaselineCategories.ToList().ForEach(x => Row("tils_baseline_category", x.Key, x.Count));
        Row("community", "matches", r.Community.Matches, null);
        r.Community.MatchesByStatus.ToList().ForEach(x => Row("match_status", x.Key, x.Count));
        Row("community", "still_attending_at_3_months", r.Community.StillAttending, null);
        Row("community", "asked_at_3_months", r.Community.AskedAtThreeMonths, r.Community.ShareStillAttending);
        return csv.ToString();
    }

    private static string Escape(string value) =>
        value.IndexOfAny([',', '"', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
