namespace LinkWorker.Application.Districts;

public sealed record DistrictView(Guid Id, string Name, IReadOnlyList<string> Postcodes, int Version);
