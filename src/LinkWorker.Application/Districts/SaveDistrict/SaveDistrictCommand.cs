using System.Text.Json.Serialization;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;

namespace LinkWorker.Application.Districts.SaveDistrict;

/// <summary>Creates a district (no id) or replaces one (id and the version read). A postcode is in one district only.</summary>
[Authorize(Roles.Coordinator)]
public sealed record SaveDistrictCommand(string? Name, IReadOnlyList<string>? Postcodes, int? Version) : IRequest<DistrictView>
{
    [JsonIgnore]
    public Guid? DistrictId { get; init; }
}
