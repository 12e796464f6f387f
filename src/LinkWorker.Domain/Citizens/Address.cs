namespace LinkWorker.Domain.Citizens;

/// <summary>Where the citizen lives; the postcode drives routing to a district.</summary>
public sealed record Address(string? Street, string Postcode, string? City);
