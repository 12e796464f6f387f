using LinkWorker.Domain.Common;

namespace LinkWorker.Domain.Organisations;

/// <summary>A referring or guiding organisation in one municipality: a GP clinic, home care, a job centre…</summary>
public sealed class Organisation : IMunicipalityScoped
{
    private Organisation()
    {
    }

    public Organisation(Guid id, string municipalityCode, string name, Sector sector)
    {
        Id = id;
        MunicipalityCode = municipalityCode;
        Name = name;
        Sector = sector;
    }

    public Guid Id { get; private set; }

    public string MunicipalityCode { get; private set; } = "";

    public string Name { get; private set; } = "";

    public Sector Sector { get; private set; }
}
