using LinkWorker.Domain.Common;

namespace LinkWorker.Domain.Districts;

/// <summary>A part of a municipality, made of postcodes; guides cover districts and referrals route by them.</summary>
public sealed class District : IMunicipalityScoped, IVersioned
{
    private District()
    {
    }

    public District(Guid id, string municipalityCode, string name, IEnumerable<string> postcodes)
    {
        Id = id;
        MunicipalityCode = municipalityCode;
        Update(name, postcodes);
    }

    public Guid Id { get; private set; }

    public string MunicipalityCode { get; private set; } = "";

    public string Name { get; private set; } = "";

    public IReadOnlyList<string> Postcodes { get; private set; } = [];

    public int Version { get; set; }

    /// <summary>The district whose postcodes hold this postcode, or null.</summary>
    public static District? Covering(IEnumerable<District> districts, string? postcode) =>
        postcode is null ? null : districts.FirstOrDefault(d => d.Postcodes.Contains(postcode));

    public void Update(string name, IEnumerable<string> postcodes)
    {
        var codes = postcodes.Distinct().Order(StringComparer.Ordinal).ToList();
        if (codes.Any(p => p.Length != 4 || !p.All(char.IsAsciiDigit)))
        {
            throw new DomainRuleException("A Danish postcode has four digits.");
        }

        Name = name;
        Postcodes = codes;
    }
}
