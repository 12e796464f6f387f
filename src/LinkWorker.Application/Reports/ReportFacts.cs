namespace LinkWorker.Application.Reports;

/// <summary>
/// The report's period is the case's referral date (<c>Case.OpenedAt</c>, which never changes). Referrals, consents,
/// T-ILS scores and community matches keep a copy of it in a column of their own, written by the persistence layer
/// when the row is added (ADR 0033), so that each of the report's aggregates is one range of one covering index
/// instead of a join from the period's cases (a look-up per case: the report's cost at 100,000 cases and up).
/// </summary>
public static class ReportFacts
{
    /// <summary>The shadow column (no domain property: the domain has no use for it) holding the case's OpenedAt.</summary>
    public const string CaseOpenedAt = "CaseOpenedAt";
}
