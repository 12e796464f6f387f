namespace LinkWorker.Api;

/// <summary>The problem "type" URIs; each is described in docs/api-guide.md.</summary>
public static class ProblemTypes
{
    private const string Base = "https://linkworker.dk/problems/";

    public const string Validation = Base + "validation";
    public const string ConsentRequired = Base + "consent-required";
    public const string NotFound = Base + "not-found";
    public const string Forbidden = Base + "forbidden";
    public const string Unauthenticated = Base + "unauthenticated";
    public const string InvalidCredentials = Base + "invalid-credentials";
    public const string Conflict = Base + "conflict";
    public const string IdempotencyKeyReused = Base + "idempotency-key-reused";
    public const string IdempotencyInFlight = Base + "idempotency-request-in-flight";
    public const string PayloadTooLarge = Base + "payload-too-large";
    public const string TooManyRequests = Base + "too-many-requests";
    public const string ServerError = Base + "server-error";
    public const string TemporarilyUnavailable = Base + "temporarily-unavailable";
    public const string MalformedRequest = Base + "malformed-request";
    public const string RequestTooLarge = Base + "request-too-large";
}
