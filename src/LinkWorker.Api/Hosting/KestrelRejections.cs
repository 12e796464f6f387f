using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace LinkWorker.Api.Hosting;

/// <summary>
/// Requests that Kestrel itself refuses (a malformed request line, an oversized header, a bad header byte) never reach
/// the middleware: Kestrel answers them with a bare status and "Content-Length: 0". This connection middleware spots
/// such an answer on its way out and gives it a problem document (ADR 9), so every error a client sees has one.
/// Non-ASCII header bytes are decoded as Latin-1 instead, so such a request reaches the application and its
/// validation names the header (an Idempotency-Key must be printable ASCII).
/// </summary>
internal static class KestrelRejections
{
    public static void Configure(KestrelServerOptions kestrel)
    {
        kestrel.RequestHeaderEncodingSelector = _ => Encoding.Latin1;
        kestrel.ConfigureEndpointDefaults(listen => listen.Use(next => async connection =>
        {
            var transport = connection.Transport;
            var output = new RewritingWriter(transport.Output);
            connection.Transport = new Duplex(transport.Input, output);
            try
            {
                await next(connection);
            }
            finally
            {
                connection.Transport = transport;
            }
        }));
    }

    /// <summary>Replaces a response that Kestrel produced for a rejected request; null when it is not one.</summary>
    internal static byte[]? Rewrite(ReadOnlySpan<byte> response)
    {
        var text = Encoding.Latin1.GetString(response);
        if (!text.EndsWith("\r\n\r\n", StringComparison.Ordinal)
            || !(text.StartsWith("HTTP/1.1 4", StringComparison.Ordinal) || text.StartsWith("HTTP/1.0 4", StringComparison.Ordinal))
            || !text.Contains("\r\nContent-Length: 0\r\n", StringComparison.Ordinal)
            || !text.Contains("\r\nConnection: close\r\n", StringComparison.Ordinal)
            || text.Contains("\r\nContent-Type:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var status = int.Parse(text.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture);
        var (type, title) = status switch
        {
            413 => (ProblemTypes.PayloadTooLarge, "The request is too large."),
            414 or 431 => (ProblemTypes.RequestTooLarge, "The request line or headers are too large."),
            _ => (ProblemTypes.MalformedRequest, "The request is malformed HTTP."),
        };
        var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["type"] = type,
            ["title"] = title,
            ["status"] = status,
            ["detail"] = "The server refused the request before reading it; check the request line and the headers (ASCII, sizes).",
        });
        var headers = text[..^2].Replace("\r\nContent-Length: 0\r\n", $"\r\nContent-Type: application/problem+json\r\nContent-Length: {body.Length}\r\n", StringComparison.Ordinal);
        return [.. Encoding.Latin1.GetBytes(headers + "\r\n"), .. body];
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }

    /// <summary>Buffers what Kestrel writes up to each flush, so a whole rejection can be swapped before it is sent.</summary>
    private sealed class RewritingWriter(PipeWriter inner) : PipeWriter
    {
        private readonly ArrayBufferWriter<byte> _pending = new();

        // Kestrel and System.Text.Json ask the transport how much is buffered; here that is all that is pending.
        public override bool CanGetUnflushedBytes => true;

        public override long UnflushedBytes => _pending.WrittenCount;

        public override void Advance(int bytes) => _pending.Advance(bytes);

        public override Memory<byte> GetMemory(int sizeHint = 0) => _pending.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => _pending.GetSpan(sizeHint);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null)
        {
            Forward();
            inner.Complete(exception);
        }

        public override async ValueTask CompleteAsync(Exception? exception = null)
        {
            Forward();
            await inner.CompleteAsync(exception);
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            Forward();
            return inner.FlushAsync(cancellationToken);
        }

        private void Forward()
        {
            if (_pending.WrittenCount == 0)
            {
                return;
            }

            var written = _pending.WrittenSpan;
            var replacement = written.Length < 1024 ? Rewrite(written) : null;
            inner.Write(replacement ?? written);
            _pending.ResetWrittenCount();
        }
    }
}
