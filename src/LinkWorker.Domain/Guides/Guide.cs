using LinkWorker.Domain.Common;

namespace LinkWorker.Domain.Guides;

/// <summary>What a guide is especially good with; routing prefers a guide whose specialties fit the citizen.</summary>
public enum Specialty
{
    Age16To29,
    Age30To44,
    Age45To59,
    Age60To74,
    Age75Plus,
    EthnicMinority,
    Disability,
    MentalHealth,
    Seniors,
}

public enum GuideEmployer
{
    Municipality,
    Region,
    CivilSociety,
}

/// <summary>A period the guide is away (inclusive), optionally with a colleague who covers their new cases.</summary>
public sealed record Absence(DateOnly From, DateOnly To, Guid? CoveringGuideId);

/// <summary>Everything a coordinator sets on a guide.</summary>
public sealed record GuideProfile(
    string DisplayName,
    int Capacity,
    IReadOnlyList<Guid> Districts,
    IReadOnlyList<string> Languages,
    IReadOnlyList<Specialty> Specialties,
    GuideEmployer Employer,
    bool IsVolunteer,
    bool IsActive,
    IReadOnlyList<Absence> Absences);

/// <summary>
/// A community guide's profile, keyed by their staff account's id. The count of cases they hold is kept by the
/// database (a conditional update), so that parallel referrals can never push a guide past capacity.
/// </summary>
public sealed class Guide : IMunicipalityScoped, IVersioned
{
    private Guide()
    {
    }

    public Guide(Guid id, string municipalityCode, GuideProfile profile)
    {
        Id = id;
        MunicipalityCode = municipalityCode;
        Update(profile);
    }

    public Guid Id { get; private set; }

    public string MunicipalityCode { get; private set; } = "";

    public string DisplayName { get; private set; } = "";

    /// <summary>The most open cases the guide takes.</summary>
    public int Capacity { get; private set; }

    /// <summary>Open cases the guide holds now; changed only through the capacity port, never by tracking.</summary>
    public int ActiveCaseCount { get; private set; }

    public IReadOnlyList<Guid> Districts { get; private set; } = [];

    /// <summary>ISO 639-1 codes of the languages the guide speaks.</summary>
    public IReadOnlyList<string> Languages { get; private set; } = [];

    public IReadOnlyList<Specialty> Specialties { get; private set; } = [];

    public GuideEmployer Employer { get; private set; }

    public bool IsVolunteer { get; private set; }

    public bool IsActive { get; private set; }

    public IReadOnlyList<Absence> Absences { get; private set; } = [];

    public int Version { get; set; }

    public void Update(GuideProfile profile)
    {
        if (profile.Capacity < 0)
        {
            throw new DomainRuleException("Capacity cannot be negative.");
        }

        if (profile.Absences.Any(a => a.To < a.From))
        {
            throw new DomainRuleException("An absence must end on or after its first day.");
        }

        if (profile.Absences.Any(a => a.CoveringGuideId == Id))
        {
            throw new DomainRuleException("A guide cannot cover their own absence.");
        }

        DisplayName = profile.DisplayName;
        Capacity = profile.Capacity;
        Districts = [.. profile.Districts.Distinct()];
        Languages = [.. profile.Languages.Select(l => l.ToLowerInvariant()).Distinct()];
        Specialties = [.. profile.Specialties.Distinct()];
        Employer = profile.Employer;
        IsVolunteer = profile.IsVolunteer;
        IsActive = profile.IsActive;
        Absences = [.. profile.Absences.OrderBy(a => a.From)];
    }

    public Absence? AbsenceOn(DateOnly day) => Absences.FirstOrDefault(a => a.From <= day && day <= a.To);
}
