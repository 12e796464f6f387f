using LinkWorker.Domain.Offers;

namespace LinkWorker.Domain.Districts;

/// <summary>
/// A Danish postcode and the centre of its area: distances to offers are measured from the citizen's postcode,
/// never from their address. National reference data, shared by all municipalities.
/// </summary>
public sealed class PostcodeArea
{
    private PostcodeArea()
    {
    }

    public PostcodeArea(string code, string name, double latitude, double longitude)
    {
        Code = code;
        Name = name;
        Latitude = latitude;
        Longitude = longitude;
    }

    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    public double Latitude { get; private set; }

    public double Longitude { get; private set; }

    public GeoPoint Centre => new(Latitude, Longitude);
}
