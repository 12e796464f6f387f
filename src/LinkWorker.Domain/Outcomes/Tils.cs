using LinkWorker.Domain.Common;

namespace LinkWorker.Domain.Outcomes;

/// <summary>When in the course a measurement was taken.</summary>
public enum MeasurementPoint
{
    Baseline,
    FollowUp,
    Closure,
}

public enum LonelinessCategory
{
    NotLonely,
    ModeratelyLonely,
    SeverelyLonely,
}

/// <summary>
/// The Three-Item Loneliness Scale (Hughes et al. 2004), as in the Danish national health profile. The wording is
/// versioned and stored with each measurement, so figures stay comparable when it changes.
/// </summary>
public static class TilsWording
{
    public const string Version = "T-ILS/da-en/2004-1";

    public static readonly IReadOnlyList<TilsItem> Items =
    [
        new("lackCompanionship", "Hvor ofte føler du, at du mangler nogen at være sammen med?", "How often do you feel that you lack companionship?"),
        new("feelLeftOut", "Hvor ofte føler du dig holdt udenfor?", "How often do you feel left out?"),
        new("feelIsolated", "Hvor ofte føler du dig isoleret fra andre?", "How often do you feel isolated from others?"),
    ];

    public static readonly IReadOnlyList<TilsAnswer> Answers =
    [
        new(1, "Sjældent eller aldrig", "Hardly ever"),
        new(2, "En gang imellem", "Some of the time"),
        new(3, "Ofte", "Often"),
    ];
}

public sealed record TilsItem(string Key, string Danish, string English);

public sealed record TilsAnswer(int Value, string Danish, string English);

/// <summary>Totals 3–9; by default 3–4 not lonely, 5–6 moderately, 7–9 severely lonely. Configurable per municipality.</summary>
public sealed record TilsCutoffs(int ModerateFrom, int SevereFrom)
{
    public static readonly TilsCutoffs Standard = new(5, 7);

    public LonelinessCategory Categorize(int total) =>
        total >= SevereFrom ? LonelinessCategory.SeverelyLonely : total >= ModerateFrom ? LonelinessCategory.ModeratelyLonely : LonelinessCategory.NotLonely;

    public bool IsValid => ModerateFrom is > 3 and <= 9 && SevereFrom > ModerateFrom && SevereFrom <= 9;
}

/// <summary>One T-ILS measurement on a case. Recorded only under an active outcome consent.</summary>
public sealed class TilsMeasurement : IMunicipalityScoped
{
    private TilsMeasurement()
    {
    }

    public TilsMeasurement(
        Guid id, string municipalityCode, Guid caseId, MeasurementPoint point, DateTimeOffset measuredAt,
        int lackCompanionship, int feelLeftOut, int feelIsolated, TilsCutoffs cutoffs, Guid recordedBy)
    {
        foreach (var answer in (int[])[lackCompanionship, feelLeftOut, feelIsolated])
        {
            if (answer is < 1 or > 3)
            {
                throw new DomainRuleException("Each T-ILS answer is 1, 2 or 3.");
            }
        }

        Id = id;
        MunicipalityCode = municipalityCode;
        CaseId = caseId;
        Point = point;
        MeasuredAt = measuredAt;
        LackCompanionship = lackCompanionship;
        FeelLeftOut = feelLeftOut;
        FeelIsolated = feelIsolated;
        Total = lackCompanionship + feelLeftOut + feelIsolated;
        Category = cutoffs.Categorize(Total);
        WordingVersion = TilsWording.Version;
        RecordedBy = recordedBy;
    }

    public Guid Id { get; private set; }

    public string MunicipalityCode { get; private set; } = "";

    public Guid CaseId { get; private set; }

    public MeasurementPoint Point { get; private set; }

    public DateTimeOffset MeasuredAt { get; private set; }

    public int LackCompanionship { get; private set; }

    public int FeelLeftOut { get; private set; }

    public int FeelIsolated { get; private set; }

    public int Total { get; private set; }

    /// <summary>The category under the municipality's cut-offs when it was measured.</summary>
    public LonelinessCategory Category { get; private set; }

    public string WordingVersion { get; private set; } = "";

    public Guid RecordedBy { get; private set; }
}
