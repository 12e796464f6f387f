using System.Globalization;
using System.Text;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Outcomes;
using Mediator;

namespace LinkWorker.Application.Reports.ExportOutcomeReport;

/// <summary>
/// The outcome figures as CSV for evaluation by a research centre, de-identified: no names, CPR numbers, contact
/// data, free text or staff names; age bands instead of birth dates; any count from 1 to 4 hidden ("x"), with the
/// figures derived from it, and complementary cells hidden so that no hidden count follows by subtraction. Columns: docs/outcomes-csv.md.
/// </summary>
[Authorize(Roles.Coordinator)]
public sealed record ExportOutcomeReportQuery(DateOnly? From, DateOnly? To) : IRequest<string>, IReportPeriod
{
    /// <summary>
    /// The same lines for a coordinator's Danish Excel: ";" between fields, decimal commas, Danish column names. The
    /// endpoint sends it with a UTF-8 byte order mark, which is what makes Excel read æ/ø/å and "16–29" right.
    /// </summary>
    public bool ForDanishExcel { get; init; }
}

internal sealed class ExportOutcomeReportValidator : ReportPeriodValidator<ExportOutcomeReportQuery>;

internal sealed class ExportOutcomeReportHandler(ReportLoader loader, ICurrentUser user) : IRequestHandler<ExportOutcomeReportQuery, string>
{
    /// <summary>How a hidden count is written: the same for a small count and a complementary one.</summary>
    public const string Hidden = "x";

    /// <summary>The category of the one line left of a breakdown that could not be protected.</summary>
    public const string Withheld = "(withheld)";

    public async ValueTask<string> Handle(ExportOutcomeReportQuery query, CancellationToken cancellationToken)
    {
        var report = OutcomeFigures.Compute(user.RequiredMunicipalityCode, query.From!.Value, query.To!.Value,
            await loader.Load(query.From.Value, query.To.Value, cancellationToken));
        return query.ForDanishExcel ? WriteForDanishExcel(report) : Write(report);
    }

    // Built by hand: the app runs with invariant globalization, so there is no "da-DK" culture data to ask.
    private static readonly NumberFormatInfo Danish = new() { NumberDecimalSeparator = ",", NumberGroupSeparator = "." };

    internal static string Write(OutcomeReport r) =>
        Write(r, ',', "municipality,period_from,period_to,section,category,count,value", CultureInfo.InvariantCulture);

    internal static string WriteForDanishExcel(OutcomeReport r) =>
        Write(r, ';', "kommune;periode_fra;periode_til;afsnit;kategori;antal;værdi", Danish);

    private static string Write(OutcomeReport r, char separator, string header, IFormatProvider numbers)
    {
        var csv = new StringBuilder(header).Append('\n');
        void Line(string section, string category, string count, string value) => csv.AppendJoin(
            separator, r.Municipality, r.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            section, Escape(category, separator), count, value).Append('\n');
        string Value(double? value) => value?.ToString("0.###", numbers) ?? "";

        // A figure on its own: hidden when 1–4, with the value derived from it.
        void Row(string section, string category, int? count, double? value = null)
        {
            var hidden = count is { } c && Disclosure.IsSmall(c);
            Line(section, category, hidden ? Hidden : count?.ToString(CultureInfo.InvariantCulture) ?? "", hidden ? "" : Value(value));
        }

        // A share whose numerator is hidden is hidden too: share × denominator would give the numerator back.
        void Share(string section, string category, int denominator, int numerator, double? share) =>
            Row(section, category, denominator, Disclosure.IsSmall(numerator) ? null : share);

        // A breakdown that adds up to a shown total: complementary suppression (Disclosure.Protect).
        void Breakdown(string section, int total, IReadOnlyList<CountRow> rows)
        {
            var protection = Disclosure.Protect(total, rows.Select(x => x.Count).ToList());
            if (protection.Withheld)
            {
                Line(section, Withheld, Hidden, "");
                return;
            }

            for (var i = 0; i < rows.Count; i++)
            {
                Line(section, rows[i].Key, protection.Hidden[i] ? Hidden : rows[i].Count.ToString(CultureInfo.InvariantCulture), "");
            }
        }

        Row("referrals", "total", r.Referrals);
        Row("cases", "total", r.Cases);
        Breakdown("referrals_by_sector", r.Referrals, r.ReferralsBySector);
        Breakdown("referrals_by_organisation", r.Referrals, r.ReferralsByOrganisation);
        r.ReferralsByLifeArena.ToList().ForEach(x => Row("referrals_by_life_arena", x.Key, x.Count));
        r.ReferralsByLifeTransition.ToList().ForEach(x => Row("referrals_by_life_transition", x.Key, x.Count));
        Breakdown("referrals_by_age_band", r.Referrals, r.ReferralsByAgeBand);
        Row("days_to_first_contact", "median", r.DaysToFirstContact.CasesContacted, r.DaysToFirstContact.Median);
        Row("days_to_first_contact", "p90", r.DaysToFirstContact.CasesContacted, r.DaysToFirstContact.Percentile90);
        Row("caseload", "active_cases_all_guides", r.Caseloads.Sum(c => c.ActiveCases));
        Row("caseload", "capacity_all_guides", r.Caseloads.Sum(c => c.Capacity));
        r.ConsentRates.ToList().ForEach(x => Share("consent_rate", x.Scope.ToString(), x.Cases, x.Cases, x.Rate));
        r.ClosureReasons.ToList().ForEach(x => Row("closure_reason", x.Key, x.Count));
        Row("tils", "cases_with_baseline_and_later", r.Tils.CasesWithBaselineAndLater, r.Tils.MeanChange);
        Row("tils", "moved_out_of_severe", r.Tils.MovedOutOfSevere, null);
        Share("tils", "severe_at_baseline", r.Tils.SevereAtBaseline, r.Tils.MovedOutOfSevere, r.Tils.ShareMovedOutOfSevere);
        Row("tils", "cases_with_baseline", r.Tils.CasesWithBaseline, null);
        Breakdown("tils_baseline_category", r.Tils.CasesWithBaseline, r.Tils.BaselineCategories);
        Row("community", "matches", r.Community.Matches, null);
        Breakdown("match_status", r.Community.Matches, r.Community.MatchesByStatus);
        Row("community", "still_attending_at_3_months", r.Community.StillAttending, null);
        Share("community", "asked_at_3_months", r.Community.AskedAtThreeMonths, r.Community.StillAttending, r.Community.ShareStillAttending);
        return csv.ToString();
    }

    private static string Escape(string value, char separator)
    {
        // For Excel, a category (an organisation's name) that starts like a formula is kept as text.
        if (separator == ';' && value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([separator, '"', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
