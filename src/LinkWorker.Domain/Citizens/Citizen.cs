using LinkWorker.Domain.Common;

namespace LinkWorker.Domain.Citizens;

/// <summary>A person referred to a guide. Special-category data: every read and write is audited.</summary>
public sealed class Citizen : IMunicipalityScoped, IVersioned
{
    private Citizen()
    {
    }

    public Citizen(Guid id, string municipalityCode, CitizenDetails details)
    {
        Id = id;
        MunicipalityCode = municipalityCode;
        Update(details);
    }

    public Guid Id { get; private set; }

    public string MunicipalityCode { get; private set; } = "";

    public string Name { get; private set; } = "";

    /// <summary>Ten digits, or null for a person without a CPR number (then the date of birth identifies them).</summary>
    public string? CprNumber { get; private set; }

    public DateOnly? DateOfBirth { get; private set; }

    public string? Phone { get; private set; }

    public string? Email { get; private set; }

    public Address Address { get; private set; } = new(null, "", null);

    /// <summary>ISO 639-1 code of the language the citizen prefers, such as "da" or "ar".</summary>
    public string PreferredLanguage { get; private set; } = "da";

    public bool InterpreterNeeded { get; private set; }

    public int Version { get; set; }

    /// <summary>Newer contact details from a later referral replace the old ones; identity fields never change.</summary>
    public void Update(CitizenDetails details)
    {
        Name = details.Name;
        CprNumber ??= details.Cpr?.Digits;
        DateOfBirth = details.Cpr?.DateOfBirth ?? details.DateOfBirth ?? DateOfBirth;
        Phone = details.Phone ?? Phone;
        Email = details.Email ?? Email;
        Address = details.Address;
        PreferredLanguage = details.PreferredLanguage;
        InterpreterNeeded = details.InterpreterNeeded;
    }
}

public sealed record CitizenDetails(
    string Name,
    CprNumber? Cpr,
    DateOnly? DateOfBirth,
    string? Phone,
    string? Email,
    Address Address,
    string PreferredLanguage,
    bool InterpreterNeeded);
