using LinkWorker.Domain.Common;

namespace LinkWorker.Domain.Offers;

/// <summary>Who runs offers: an association, a church, the municipality itself (an HSDS organization).</summary>
public sealed class Organiser : IMunicipalityScoped, IVersioned
{
    private Organiser()
    {
    }

    public Organiser(Guid id, string municipalityCode, string name)
    {
        Id = id;
        MunicipalityCode = municipalityCode;
        Name = name;
    }

    public Guid Id { get; private set; }

    public string MunicipalityCode { get; private set; } = "";

    /// <summary>Unique in the municipality: imports and forms find the organiser by name.</summary>
    public string Name { get; private set; } = "";

    public string? Website { get; private set; }

    public string? Email { get; private set; }

    public string? Phone { get; private set; }

    public int Version { get; set; }

    /// <summary>Given details replace the stored ones; details left out are kept.</summary>
    public void Describe(string? website, string? email, string? phone)
    {
        Website = website ?? Website;
        Email = email ?? Email;
        Phone = phone ?? Phone;
    }
}
