using System.Text;
using LinkWorker.Application.Common.Exceptions;

namespace LinkWorker.Api.Endpoints;

/// <summary>The raw CSV body of an offer import: text/csv, UTF-8 (with or without a byte order mark), at most 2 MB.</summary>
internal static class OfferCsvBody
{
    public const string ContentType = "text/csv";

    public const long MaxBytes = 2 * 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task<string> Read(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentType is not { } type ||
            !(type.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase) || type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase)))
        {
            throw new BadHttpRequestException("Send the file with Content-Type: text/csv.", StatusCodes.Status415UnsupportedMediaType);
        }

        // Also for chunked bodies, which carry no Content-Length for the size middleware to check.
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw new BadHttpRequestException($"The file may be at most {MaxBytes} bytes; split it.", StatusCodes.Status413PayloadTooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            return StrictUtf8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["csv"] = ["The file is not UTF-8 text. In Excel, save it as \"CSV UTF-8 (kommasepareret)\"."],
            });
        }
    }
}
