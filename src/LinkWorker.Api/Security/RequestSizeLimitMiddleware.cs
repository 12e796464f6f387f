using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace LinkWorker.Api.Security;

/// <summary>
/// Refuses bodies over the limit with a 413 problem before anything reads them; Kestrel's own limit also stops
/// chunked bodies without a Content-Length. An endpoint that takes files (the offer import) sets its own limit
/// with <see cref="IRequestSizeLimitMetadata"/>.
/// </summary>
internal sealed class RequestSizeLimitMiddleware(RequestDelegate next, IConfiguration configuration)
{
    public const long DefaultLimit = 256 * 1024;

    private readonly long _limit = configuration.GetValue("Api:MaxRequestBodyBytes", DefaultLimit);

    public async Task InvokeAsync(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? _limit;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength > limit)
        {
            await TypedResults.Problem(
                type: ProblemTypes.PayloadTooLarge,
                title: "The request body is too large.",
                detail: $"Request bodies may be at most {limit} bytes.",
                statusCode: StatusCodes.Status413PayloadTooLarge).ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}

/// <summary>Endpoint metadata: this endpoint accepts bodies up to <see cref="MaxRequestBodySize"/> bytes.</summary>
internal sealed record BodySizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
