using Microsoft.AspNetCore.Http.Features;

namespace LinkWorker.Api.Security;

/// <summary>
/// Refuses bodies over the limit with a 413 problem before anything reads them; Kestrel's own limit also stops
/// chunked bodies without a Content-Length.
/// </summary>
internal sealed class RequestSizeLimitMiddleware(RequestDelegate next, IConfiguration configuration)
{
    public const long DefaultLimit = 256 * 1024;

    private readonly long _limit = configuration.GetValue("Api:MaxRequestBodyBytes", DefaultLimit);

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = _limit;
        }

        if (context.Request.ContentLength > _limit)
        {
            await TypedResults.Problem(
                type: ProblemTypes.PayloadTooLarge,
                title: "The request body is too large.",
                detail: $"Request bodies may be at most {_limit} bytes.",
                statusCode: StatusCodes.Status413PayloadTooLarge).ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}
