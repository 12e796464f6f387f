using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using LinkWorker.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LinkWorker.Api.Tests.Platform;

/// <summary>The real Kestrel on 127.0.0.1 (the in-memory test server has no HTTP parser), spoken to over raw sockets.</summary>
public sealed class KestrelApiFactory : SqliteApiFactory
{
    public KestrelApiFactory() => UseKestrel(0);

    public Uri Address
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.Replace("localhost", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        }
    }
}

public sealed class KestrelRejectionTests(KestrelApiFactory factory) : IClassFixture<KestrelApiFactory>
{
    [Fact]
    public async Task A_non_ascii_idempotency_key_is_a_400_problem_naming_the_header()
    {
        var token = await Token();
        var body = ReferralBodies.Valid().ToJsonString();

        // The token names the address it was issued at as its issuer; the raw request must come to the same host.
        var (head, json) = await Send(Encoding.UTF8.GetBytes(
            $"POST /api/referrals HTTP/1.1\r\nHost: {factory.Address.Authority}\r\nAuthorization: Bearer {token}\r\nIdempotency-Key: nøgle\r\n" +
            $"Content-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}"));

        head.Should().StartWith("HTTP/1.1 400");
        head.Should().Contain("Content-Type: application/problem+json");
        json.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Contain("idempotencyKey");
    }

    [Fact]
    public async Task A_malformed_request_line_gets_a_problem_document()
    {
        var (head, json) = await Send("GET /health/live HTTP/1.1 trailing-junk\r\nHost: test\r\n\r\n"u8.ToArray());

        head.Should().StartWith("HTTP/1.1 400");
        head.Should().Contain("Content-Type: application/problem+json");
        json.GetProperty("type").GetString().Should().Be("https://linkworker.dk/problems/malformed-request");
        json.GetProperty("status").GetInt32().Should().Be(400);
    }

    [Fact]
    public async Task An_oversized_header_gets_a_problem_document()
    {
        var (head, json) = await Send(Encoding.ASCII.GetBytes($"GET /health/live HTTP/1.1\r\nHost: test\r\nX-Big: {new string('a', 40_000)}\r\n\r\n"));

        head.Should().StartWith("HTTP/1.1 431");
        head.Should().Contain("Content-Type: application/problem+json");
        json.GetProperty("type").GetString().Should().Be("https://linkworker.dk/problems/request-too-large");
    }

    [Fact]
    public async Task An_ordinary_request_passes_through_unchanged()
    {
        var (head, _) = await Send("GET /health/live HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"u8.ToArray(), json: false);

        head.Should().StartWith("HTTP/1.1 200").And.Contain("X-Correlation-Id:");
    }

    private async Task<string> Token()
    {
        using var client = new HttpClient { BaseAddress = factory.Address };
        var response = await client.PostAsync("/api/auth/token", new StringContent(
            JsonSerializer.Serialize(new { userName = "gp.aarhus", password = LinkWorkerApiFactory.DemoPassword }), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue($"{response.StatusCode} {text} {string.Join("\n", factory.Logs.Lines.Where(l => !l.StartsWith("Information", StringComparison.Ordinal)))}");
        return JsonDocument.Parse(text).RootElement.GetProperty("accessToken").GetString()!;
    }

    private static string Unchunk(string chunked)
    {
        var result = new StringBuilder();
        var at = 0;
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[at..lineEnd], 16);
            if (size == 0)
            {
                return result.ToString();
            }

            result.Append(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private async Task<(string Head, JsonElement Json)> Send(byte[] request, bool json = true)
    {
        var address = factory.Address;
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, address.Port);
        using var received = new MemoryStream();
        try
        {
            await socket.SendAsync(request);
            var buffer = new byte[8192];
            int read;
            while ((read = await socket.ReceiveAsync(buffer)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (SocketException)
        {
            // The server may close before it has read all of an oversized request; its answer came first.
        }

        var text = Encoding.UTF8.GetString(received.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        split.Should().BePositive($"a whole response was expected, got: {text}");
        var (head, body) = (text[..split], text[(split + 4)..]);
        if (head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Unchunk(body);
        }

        return (head, json ? JsonDocument.Parse(body).RootElement.Clone() : default);
    }
}
