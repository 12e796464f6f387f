using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LinkWorker.LoadDriver;

/// <summary>
/// Result of one timed HTTP call. <see cref="Failure"/> is set when no HTTP response arrived; <see cref="Replayed"/>
/// when the server answered from a stored Idempotency-Key result (Idempotent-Replayed: true).
/// </summary>
internal readonly record struct CallResult(int Status, string Body, long ElapsedTicks, string? Failure, bool Replayed = false)
{
    public bool IsSuccess => Failure is null && Status is >= 200 and < 300;

    /// <summary>Error bucket: the status code, or the kind of failure when there was no response.</summary>
    public string ErrorKey => Failure ?? Status.ToString(CultureInfo.InvariantCulture);
}

/// <summary>HTTP plumbing that can only ever talk to this machine.</summary>
internal static class LinkWorkerHttp
{
    // Generous per-request bound so a hung server cannot keep the driver alive forever.
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public static bool IsLoopback(Uri url) => url.HostNameType switch
    {
        UriHostNameType.IPv4 or UriHostNameType.IPv6 =>
            IPAddress.TryParse(url.DnsSafeHost, out var ip) && IPAddress.IsLoopback(ip),
        UriHostNameType.Dns => string.Equals(url.DnsSafeHost, "localhost", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    public static HttpClient CreateClient(Uri baseUrl, int maxConnections)
    {
        var handler = new SocketsHttpHandler
        {
            // One connection per worker: the pool is the concurrency limit, as in a real client fleet.
            MaxConnectionsPerServer = maxConnections,
            // A proxy (e.g. from HTTP_PROXY) or a redirect could carry traffic off this machine.
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectCallback = ConnectToLoopbackOnlyAsync,
        };
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = baseUrl, Timeout = RequestTimeout };
    }

    // Second line of defence behind the --url check: whatever "localhost" resolves to,
    // sockets are only opened to loopback addresses.
    private static async ValueTask<Stream> ConnectToLoopbackOnlyAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var endPoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endPoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, ct);
        var loopback = Array.FindAll(addresses, IPAddress.IsLoopback);
        if (loopback.Length == 0)
        {
            throw new HttpRequestException($"Refusing to connect to '{endPoint.Host}': it does not resolve to a loopback address.");
        }

        // Dual-mode socket so both 127.x and ::1 work.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(loopback, endPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>
/// Holds the access token and renews it shortly before it expires. Renewal is single-flight because
/// the server invalidates a refresh token once it has been used.
/// </summary>
internal sealed class TokenProvider(HttpClient http, string userName, string password) : IDisposable
{
    private static readonly Uri LoginPath = new("api/auth/token", UriKind.Relative);
    private static readonly Uri RefreshPath = new("api/auth/refresh", UriKind.Relative);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Session? _session;
    private int _refreshes;
    private int _logins;

    public int Refreshes => Volatile.Read(ref _refreshes);

    public int Logins => Volatile.Read(ref _logins);

    public async Task<string> GetAccessTokenAsync(CancellationToken ct)
    {
        var session = Volatile.Read(ref _session);
        if (session is not null && !session.IsDue)
        {
            return session.AccessToken;
        }

        await _gate.WaitAsync(ct);
        try
        {
            // Another worker may have renewed it while this one waited.
            session = _session;
            if (session is null)
            {
                session = await LoginAsync(ct);
            }
            else if (session.IsDue)
            {
                // A failed refresh (e.g. revoked) falls back to a fresh login rather than failing the run.
                session = await RefreshAsync(session, ct) ?? await LoginAsync(ct);
            }

            Volatile.Write(ref _session, session);
            return session.AccessToken;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<Session> LoginAsync(CancellationToken ct)
    {
        var (status, body) = await PostJsonAsync(LoginPath, new JsonObject { ["userName"] = userName, ["password"] = password }, ct);
        if (status != (int)HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Login as '{userName}' failed with HTTP {status}: {Truncate(body)}");
        }

        Interlocked.Increment(ref _logins);
        return ParseSession(body);
    }

    private async Task<Session?> RefreshAsync(Session current, CancellationToken ct)
    {
        var (status, body) = await PostJsonAsync(RefreshPath, new JsonObject { ["refreshToken"] = current.RefreshToken }, ct);
        if (status != (int)HttpStatusCode.OK)
        {
            return null;
        }

        Interlocked.Increment(ref _refreshes);
        return ParseSession(body);
    }

    private async Task<(int Status, string Body)> PostJsonAsync(Uri path, JsonObject payload, CancellationToken ct)
    {
        using var content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(path, content, ct);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    private static Session ParseSession(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            var accessToken = root.GetProperty("accessToken").GetString();
            var refreshToken = root.GetProperty("refreshToken").GetString();
            var expiresIn = root.GetProperty("expiresIn").GetInt32();
            if (string.IsNullOrEmpty(accessToken) || string.IsNullOrEmpty(refreshToken) || expiresIn <= 0)
            {
                throw new InvalidOperationException($"Token response is incomplete: {Truncate(body)}");
            }

            // Renew when less than 60 s remain; with very short lifetimes renew at half-life so we
            // do not refresh on every single request.
            var margin = Math.Min(60, expiresIn / 2);
            var renewAt = Stopwatch.GetTimestamp() + ((expiresIn - margin) * Stopwatch.Frequency);
            return new Session(accessToken, refreshToken, renewAt);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException)
        {
            throw new InvalidOperationException($"Token response is not the expected JSON: {Truncate(body)}", ex);
        }
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300];

    private sealed record Session(string AccessToken, string RefreshToken, long RenewAtTimestamp)
    {
        public bool IsDue => Stopwatch.GetTimestamp() >= RenewAtTimestamp;
    }
}

/// <summary>Builds referral bodies and submits them.</summary>
internal static class Referrals
{
    private static readonly Uri ReferralsPath = new("api/referrals", UriKind.Relative);
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    // CPR = DDMMYY + 4 digits. A 7th digit of 0-3 means a 19xx birth year for every YY, so birth dates
    // 1940-01-01..1999-12-31 combined with sequence numbers 0000-3999 are all valid CPR numbers.
    private static readonly DateOnly FirstBirthDate = new(1940, 1, 1);
    private static readonly int BirthDateCount = new DateOnly(1999, 12, 31).DayNumber - FirstBirthDate.DayNumber + 1;
    private const int SequenceCount = 4000;

    /// <summary>How many distinct CPR numbers the generator can produce (about 87.7 million).</summary>
    public static long CprSpace => (long)BirthDateCount * SequenceCount;

    /// <summary>
    /// Deterministic and distinct for n in [0, CprSpace): dates vary fastest, so neighbouring
    /// requests get different birth dates as well as different numbers.
    /// </summary>
    public static string CprNumber(long n)
    {
        n %= CprSpace;
        var birthDate = FirstBirthDate.AddDays((int)(n % BirthDateCount));
        var sequence = (int)(n / BirthDateCount);
        return string.Create(CultureInfo.InvariantCulture, $"{birthDate:ddMMyy}{sequence:D4}");
    }

    /// <summary>Serialized once per logical request so a retry re-sends exactly the same bytes.</summary>
    public static byte[] BuildBody(long index, long cprOffset)
    {
        var body = new JsonObject
        {
            ["citizen"] = new JsonObject
            {
                ["name"] = string.Create(CultureInfo.InvariantCulture, $"Testborger {index}"),
                ["cprNumber"] = CprNumber(cprOffset + index),
                ["dateOfBirth"] = null,
                ["phone"] = "+4512345678",
                ["email"] = null,
                ["address"] = new JsonObject { ["street"] = "Testvej 1", ["postcode"] = "8000", ["city"] = "Aarhus C" },
                ["preferredLanguage"] = "da",
                ["interpreterNeeded"] = false,
            },
            ["reason"] = "Feels alone since retiring; would like to meet people.",
            ["lifeArenas"] = new JsonArray("LeisureAndCommunities"),
            ["lifeTransitions"] = new JsonArray("Retirement"),
            ["lonelinessType"] = "Situational",
            ["practicalNeeds"] = new JsonObject
            {
                ["transport"] = false,
                ["disability"] = false,
                ["digitalAccess"] = false,
                ["notes"] = null,
            },
            ["urgency"] = "Normal",
            ["consent"] = new JsonObject
            {
                ["given"] = true,
                ["obtainedBy"] = "Dr. Hansen",
                ["method"] = "Verbal",
                // Serialized as ISO 8601 with offset, e.g. 2026-05-01T11:00:00.1234567+00:00.
                ["obtainedAt"] = DateTimeOffset.UtcNow.AddHours(-1),
            },
        };
        return JsonSerializer.SerializeToUtf8Bytes(body);
    }

    /// <summary>
    /// POSTs one referral. Latency covers sending the request and reading the whole response body;
    /// getting the bearer token (possibly a refresh) is deliberately outside the timed section.
    /// Cancellation of <paramref name="ct"/> propagates; timeouts and transport errors become results.
    /// </summary>
    public static async Task<CallResult> SubmitAsync(
        HttpClient http, TokenProvider tokens, byte[] body, string idempotencyKey, CancellationToken ct)
    {
        long start = 0;
        try
        {
            var token = await tokens.GetAccessTokenAsync(ct);
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = Json;
            using var request = new HttpRequestMessage(HttpMethod.Post, ReferralsPath) { Content = content };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("Idempotency-Key", idempotencyKey);

            start = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            var replayed = response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.Contains("true", StringComparer.OrdinalIgnoreCase);
            return new CallResult((int)response.StatusCode, text, Stopwatch.GetTimestamp() - start, null, replayed);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // HttpClient.Timeout surfaces as a cancellation that we did not ask for.
            return new CallResult(0, $"no response within {LinkWorkerHttp.RequestTimeout.TotalSeconds:0} s", Elapsed(start), "timeout");
        }
        catch (HttpRequestException ex)
        {
            return new CallResult(0, ex.Message, Elapsed(start), "transport");
        }
        catch (InvalidOperationException ex)
        {
            // Login or token renewal failed.
            return new CallResult(0, ex.Message, 0, "auth");
        }
    }

    /// <summary>The referralId of a 2xx response as raw JSON text (string or number), or null.</summary>
    public static string? ReferralId(string responseBody)
    {
        try
        {
            using var doc = JsonDocument.Parse(responseBody);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("referralId", out var id)
                && id.ValueKind is JsonValueKind.String or JsonValueKind.Number
                ? id.GetRawText()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static long Elapsed(long start) => start == 0 ? 0 : Stopwatch.GetTimestamp() - start;
}
