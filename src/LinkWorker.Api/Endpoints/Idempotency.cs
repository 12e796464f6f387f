using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Idempotency;

namespace LinkWorker.Api.Endpoints;

/// <summary>
/// The Idempotency-Key header for every endpoint that honours it, in one place: the key goes to the request's
/// idempotency scope, and a replayed answer says so in Idempotent-Replayed.
/// </summary>
internal sealed class IdempotencyKeyFilter : IEndpointFilter
{
    public const string Header = "Idempotency-Key";

    public const int MaxLength = 255;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var scope = http.RequestServices.GetRequiredService<IdempotencyScope>();
        var key = Unquote(http.Request.Headers[Header].FirstOrDefault());
        // Checked here rather than by each request's validator: the key reaches the request through the scope.
        if (Problem(key) is { } problem)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["idempotencyKey"] = [problem] });
        }

        scope.Key = key;

        var result = await next(context);
        if (scope.Replayed)
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
        }

        return result;
    }

    private static string? Problem(string? key) => key switch
    {
        null => null,
        { Length: 0 or > MaxLength } => $"An Idempotency-Key has 1 to {MaxLength} characters.",
        _ when !key.All(c => c is >= ' ' and <= '~') => "An Idempotency-Key holds printable ASCII characters only.",
        _ => null,
    };

    // The draft sends the key as a structured-field string ("…"); plain tokens are accepted too.
    internal static string? Unquote(string? key) =>
        key is { Length: >= 2 } && key[0] == '"' && key[^1] == '"' ? key[1..^1] : key;
}

internal static class IdempotencyKeyFilterExtensions
{
    /// <summary>The endpoint honours Idempotency-Key: its request must implement IIdempotentRequest.</summary>
    public static RouteHandlerBuilder HonoursIdempotencyKey(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter<IdempotencyKeyFilter>()
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new Microsoft.OpenApi.OpenApiParameter
                {
                    Name = IdempotencyKeyFilter.Header,
                    In = Microsoft.OpenApi.ParameterLocation.Header,
                    Required = false,
                    Description = "Any unique string; a retry with the same key and body replays the first answer (kept 24 hours).",
                    Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyKeyFilter.MaxLength },
                });
                return Task.CompletedTask;
            });
}
