namespace LinkWorker.Domain.Municipalities;

/// <summary>A Danish municipality, identified by its four-digit code (Aarhus 0751, Odsherred 0306).</summary>
public sealed class Municipality
{
    private Municipality()
    {
    }

    public Municipality(string code, string name)
    {
        if (code.Length != 4 || !code.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("A municipality code has four digits.", nameof(code));
        }

        Code = code;
        Name = name;
    }

    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    /// <summary>Working days from referral to first contact before a case is flagged overdue.</summary>
    public int FirstContactWorkingDays { get; private set; } = 5;

    /// <summary>Failed contact attempts after which the queue suggests closing the case as unreachable.</summary>
    public int UnreachableAfterAttempts { get; private set; } = 3;

    /// <summary>Days a due follow-up may stay open before the coordinators are told.</summary>
    public int EscalateFollowUpsAfterDays { get; private set; } = 3;

    /// <summary>The follow-up plans a guide can apply in one step; empty means the standard plan.</summary>
    public IReadOnlyList<FollowUps.FollowUpPlan> FollowUpPlans { get; private set; } = [];

    public IReadOnlyList<FollowUps.FollowUpPlan> EffectiveFollowUpPlans => FollowUpPlans.Count > 0 ? FollowUpPlans : [FollowUps.FollowUpPlan.Standard];

    public void ConfigureFollowUps(int escalateAfterDays, IReadOnlyList<FollowUps.FollowUpPlan> plans)
    {
        if (escalateAfterDays is < 1 or > 60)
        {
            throw new ArgumentOutOfRangeException(nameof(escalateAfterDays), "Escalation comes 1–60 days after the due time.");
        }

        EscalateFollowUpsAfterDays = escalateAfterDays;
        FollowUpPlans = plans;
    }

    /// <summary>T-ILS total from which a citizen counts as moderately lonely (standard 5).</summary>
    public int TilsModerateFrom { get; private set; } = 5;

    /// <summary>T-ILS total from which a citizen counts as severely lonely (standard 7).</summary>
    public int TilsSevereFrom { get; private set; } = 7;

    public Outcomes.TilsCutoffs TilsCutoffs => new(TilsModerateFrom, TilsSevereFrom);

    public void ConfigureTils(Outcomes.TilsCutoffs cutoffs)
    {
        if (!cutoffs.IsValid)
        {
            throw new ArgumentOutOfRangeException(nameof(cutoffs), "Cut-offs must satisfy 3 < moderate < severe ≤ 9.");
        }

        TilsModerateFrom = cutoffs.ModerateFrom;
        TilsSevereFrom = cutoffs.SevereFrom;
    }

    /// <summary>A directory offer not verified for this many months is flagged as stale.</summary>
    public int OfferStaleAfterMonths { get; private set; } = 12;

    public void ConfigureDirectory(int offerStaleAfterMonths)
    {
        if (offerStaleAfterMonths is < 1 or > 60)
        {
            throw new Common.DomainRuleException("Offers go stale after 1–60 months.");
        }

        OfferStaleAfterMonths = offerStaleAfterMonths;
    }

    /// <summary>The default retention after a citizen's last case closed: five years (ADR 27, docs/data-protection.md).</summary>
    public const int DefaultRetentionMonths = 60;

    /// <summary>
    /// Months a citizen's personal data is kept after their last case closed; then the retention job erases it and
    /// keeps the de-identified facts.
    /// </summary>
    public int PersonalDataRetentionMonths { get; private set; } = DefaultRetentionMonths;

    public void ConfigureRetention(int months)
    {
        if (months is < 6 or > 120)
        {
            throw new Common.DomainRuleException("Personal data is kept 6–120 months after the last case closed.");
        }

        PersonalDataRetentionMonths = months;
    }

    public void Configure(int firstContactWorkingDays, int unreachableAfterAttempts)
    {
        if (firstContactWorkingDays is < 1 or > 60 || unreachableAfterAttempts is < 1 or > 20)
        {
            throw new ArgumentOutOfRangeException(nameof(firstContactWorkingDays), "Deadlines are 1–60 working days and 1–20 attempts.");
        }

        FirstContactWorkingDays = firstContactWorkingDays;
        UnreachableAfterAttempts = unreachableAfterAttempts;
    }
}
