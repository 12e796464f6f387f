using LinkWorker.Domain.Guides;

namespace LinkWorker.Application.Guides;

public sealed record GuideView(
    Guid Id,
    string DisplayName,
    int Capacity,
    int ActiveCases,
    IReadOnlyList<DistrictRef> Districts,
    IReadOnlyList<string> Languages,
    IReadOnlyList<Specialty> Specialties,
    GuideEmployer Employer,
    bool IsVolunteer,
    bool IsActive,
    IReadOnlyList<Absence> Absences,
    int Version);

public sealed record DistrictRef(Guid Id, string Name);

/// <summary>A guide's profile as a coordinator sends it (create and update).</summary>
public sealed record GuideProfileInput(
    int? Capacity,
    IReadOnlyList<Guid>? Districts,
    IReadOnlyList<string>? Languages,
    IReadOnlyList<Specialty>? Specialties,
    GuideEmployer? Employer,
    bool IsVolunteer,
    bool? IsActive,
    IReadOnlyList<Absence>? Absences);
