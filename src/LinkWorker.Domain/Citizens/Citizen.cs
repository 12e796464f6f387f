using LinkWorker.Domain.Common;

namespace LinkWorker.Domain.Citizens;

/// <summary>A person referred to a guide. Special-category data: every read and write is audited.</summary>
public sealed class Citizen : Entity, IMunicipalityScoped, IVersioned
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

    /// <summary>
    /// When the personal data was erased (retention expired, or an approved request): name, CPR number, date of
    /// birth, contact details and address are gone; the row stays so that de-identified facts keep their key.
    /// </summary>
    public DateTimeOffset? ErasedAt { get; private set; }

    /// <summary>When processing was restricted (GDPR art. 18): the data is kept, but the case takes no new work.</summary>
    public DateTimeOffset? RestrictedAt { get; private set; }

    public bool IsErased => ErasedAt is not null;

    public bool IsRestricted => RestrictedAt is not null;

    /// <summary>
    /// Corrects name and contact details (GDPR art. 16); a null leaves a field as it is. Returns one history row per
    /// changed field, each keeping the earlier value. Identity (CPR number, date of birth) is not rectified here.
    /// </summary>
    public IReadOnlyList<CitizenRectification> Rectify(CitizenCorrection correction, string reason, Guid by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(correction);
        if (IsErased)
        {
            throw new DomainRuleException("The citizen's personal data has been erased.");
        }

        var changes = new List<CitizenRectification>();
        string? Change(string field, string? old, string? corrected)
        {
            if (corrected is null || string.Equals(old ?? "", corrected, StringComparison.Ordinal))
            {
                return old;
            }

            var value = corrected.Length == 0 ? null : corrected;
            changes.Add(new CitizenRectification(Guid.CreateVersion7(at), MunicipalityCode, Id, field, old, value, reason, by, at));
            return value;
        }

        Name = Change("name", Name, correction.Name) ?? Name;
        Phone = Change("phone", Phone, correction.Phone);
        Email = Change("email", Email, correction.Email);
        var street = Change("street", Address.Street, correction.Street);
        var postcode = Change("postcode", Address.Postcode, correction.Postcode) ?? Address.Postcode;
        var city = Change("city", Address.City, correction.City);
        Address = new Address(street, postcode, city);
        if (changes.Count == 0)
        {
            throw new DomainRuleException("The correction changes nothing.");
        }

        return changes;
    }

    /// <summary>Erases everything that identifies the person; what reports count lives on cases and referrals.</summary>
    public void Erase(DateTimeOffset at)
    {
        if (IsErased)
        {
            return;
        }

        Name = "";
        CprNumber = null;
        DateOfBirth = null;
        Phone = null;
        Email = null;
        Address = new Address(null, "", null);
        // The language can point to ethnic origin (special-category data): it goes too.
        PreferredLanguage = "";
        InterpreterNeeded = false;
        RestrictedAt = null;
        ErasedAt = at;
    }

    public void Restrict(DateTimeOffset at)
    {
        if (IsErased || IsRestricted)
        {
            throw new DomainRuleException(IsErased ? "The citizen's personal data has been erased." : "Processing is restricted already.");
        }

        RestrictedAt = at;
        Raise(new CitizenRestricted(Id, MunicipalityCode, at));
    }

    public void LiftRestriction()
    {
        if (!IsRestricted)
        {
            throw new DomainRuleException("Processing is not restricted.");
        }

        RestrictedAt = null;
    }

    /// <summary>Newer contact details from a later referral replace the old ones; identity fields never change.</summary>
    public void Update(CitizenDetails details)
    {
        if (IsErased)
        {
            throw new DomainRuleException("The citizen's personal data has been erased.");
        }

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

/// <summary>A correction of the citizen's name or contact details; null keeps a field, "" clears it.</summary>
public sealed record CitizenCorrection(string? Name, string? Phone, string? Email, string? Street, string? Postcode, string? City);
