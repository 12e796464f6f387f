using System.Globalization;
using LinkWorker.Domain.Districts;
using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Infrastructure.Seeding;

/// <summary>
/// Postcode centres for distances in the directory. Built in: the postcodes of the two demo municipalities
/// (approximate centres). A deployment points <c>Directory:PostcodeFile</c> at a file of
/// <c>code;name;latitude;longitude</c> lines, such as the national list from DAWA's <c>/postnumre</c>; it is
/// loaded at every start and replaces the built-in centres for the codes it holds.
/// </summary>
public static class PostcodeAreaSeeder
{
    public const string FileKey = "Directory:PostcodeFile";

    private static readonly PostcodeArea[] BuiltIn =
    [
        new("8000", "Aarhus C", 56.1567, 10.2108),
        new("8200", "Aarhus N", 56.1780, 10.1960),
        new("8210", "Aarhus V", 56.1660, 10.1560),
        new("8220", "Brabrand", 56.1530, 10.1120),
        new("8230", "Åbyhøj", 56.1530, 10.1590),
        new("8240", "Risskov", 56.1960, 10.2380),
        new("8250", "Egå", 56.2150, 10.2730),
        new("8260", "Viby J", 56.1230, 10.1640),
        new("8270", "Højbjerg", 56.1140, 10.2050),
        new("8310", "Tranbjerg J", 56.0880, 10.1300),
        new("8320", "Mårslet", 56.0650, 10.1630),
        new("8330", "Beder", 56.0620, 10.2080),
        new("8340", "Malling", 56.0360, 10.1960),
        new("8355", "Solbjerg", 56.0420, 10.0870),
        new("8361", "Hasselager", 56.1030, 10.1000),
        new("8380", "Trige", 56.2540, 10.1480),
        new("8381", "Tilst", 56.1880, 10.1080),
        new("8462", "Harlev J", 56.1460, 10.0000),
        new("8471", "Sabro", 56.2130, 10.0350),
        new("8520", "Lystrup", 56.2370, 10.2380),
        new("8530", "Hjortshøj", 56.2500, 10.2630),
        new("8541", "Skødstrup", 56.2610, 10.3050),
        new("4300", "Holbæk", 55.7170, 11.7130),
        new("4500", "Nykøbing Sj", 55.9250, 11.6710),
        new("4520", "Svinninge", 55.7200, 11.4650),
        new("4534", "Hørve", 55.7530, 11.4560),
        new("4540", "Fårevejle", 55.7990, 11.4490),
        new("4550", "Asnæs", 55.8110, 11.5040),
        new("4560", "Vig", 55.8470, 11.5800),
        new("4571", "Grevinge", 55.8120, 11.5730),
        new("4572", "Nørre Asmindrup", 55.8800, 11.6240),
        new("4573", "Højby", 55.9100, 11.6010),
        new("4581", "Rørvig", 55.9450, 11.7690),
        new("4583", "Sjællands Odde", 55.9730, 11.3650),
    ];

    public static async Task SeedAsync(LinkWorkerDbContext db, string? file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var areas = BuiltIn.ToDictionary(a => a.Code, StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(file))
        {
            foreach (var area in await ReadFile(file, cancellationToken))
            {
                areas[area.Code] = area;
            }
        }

        var stored = await db.PostcodeAreas.ToDictionaryAsync(p => p.Code, StringComparer.Ordinal, cancellationToken);
        foreach (var area in areas.Values)
        {
            if (stored.TryGetValue(area.Code, out var existing))
            {
                if (existing.Name != area.Name || existing.Latitude != area.Latitude || existing.Longitude != area.Longitude)
                {
                    db.Entry(existing).CurrentValues.SetValues(area);
                }
            }
            else
            {
                db.PostcodeAreas.Add(area);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static async Task<IReadOnlyList<PostcodeArea>> ReadFile(string file, CancellationToken cancellationToken)
    {
        var areas = new List<PostcodeArea>();
        var lineNumber = 0;
        foreach (var line in await File.ReadAllLinesAsync(file, cancellationToken))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line) || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split(';');
            if (parts.Length != 4 || parts[0].Length != 4 || !parts[0].All(char.IsAsciiDigit) ||
                !double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var latitude) ||
                !double.TryParse(parts[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var longitude))
            {
                throw new InvalidOperationException($"{FileKey}: line {lineNumber} is not code;name;latitude;longitude.");
            }

            areas.Add(new PostcodeArea(parts[0], parts[1].Trim(), latitude, longitude));
        }

        return areas;
    }
}
