using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace LinkWorker.Testing;

/// <summary>A request the fake SMS gateway received: the raw JSON body and the Authorization header.</summary>
public sealed record SmsRequest(string Method, string Path, string Body, string? Authorization)
{
    public string? To => Field("to");

    public string? From => Field("from");

    public string? Text => Field("text");

    private string? Field(string name)
    {
        try
        {
            using var json = JsonDocument.Parse(Body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(name, out var value) &&
                value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// An HTTP SMS gateway on 127.0.0.1 and a free port for tests: records every request (also failed ones) and
/// answers 200 with a message id, or answers the next few with an error status.
/// </summary>
public sealed class FakeSmsGateway : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly List<SmsRequest> _requests = [];
    private readonly Task _loop;
    private int _failRemaining;
    private int _failStatus = 500;

    private FakeSmsGateway(HttpListener listener, int port)
    {
        _listener = listener;
        Port = port;
        _loop = Task.Run(Loop);
    }

    public int Port { get; }

    /// <summary>The URL to POST messages to.</summary>
    public Uri Endpoint => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/messages");

    /// <summary>Every request received so far, in order, whatever was answered.</summary>
    public IReadOnlyList<SmsRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public static FakeSmsGateway Start()
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
            try
            {
                listener.Start();
                return new FakeSmsGateway(listener, port);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // Someone took the port between probing and binding.
                listener.Close();
            }
        }
    }

    /// <summary>Answers the next <paramref name="count"/> requests with <paramref name="statusCode"/> (500 unless told).</summary>
    public void FailNext(int count, int statusCode = 500)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_lock)
        {
            _failRemaining = count;
            _failStatus = statusCode;
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> requests arrived; throws a <see cref="TimeoutException"/> otherwise.</summary>
    public async Task<IReadOnlyList<SmsRequest>> WaitForRequests(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var requests = Requests;
            if (requests.Count >= count)
            {
                return requests;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Expected {count} SMS request(s) within {timeout}; got {requests.Count}.");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _loop;
        _listener.Close();
        _stopping.Dispose();
    }

    private async Task Loop()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().WaitAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                await Answer(context);
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The client hung up.
            }
        }
    }

    private async Task Answer(HttpListenerContext context)
    {
        string body;
        using (var reader = new StreamReader(context.Request.InputStream, context.Request.ContentEncoding ?? Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync();
        }

        int status;
        lock (_lock)
        {
            _requests.Add(new SmsRequest(context.Request.HttpMethod, context.Request.Url?.AbsolutePath ?? "", body, context.Request.Headers["Authorization"]));
            status = _failRemaining > 0 ? _failStatus : 200;
            _failRemaining = Math.Max(0, _failRemaining - 1);
        }

        var answer = status == 200
            ? $"{{\"id\":\"{Guid.NewGuid():N}\",\"status\":\"queued\"}}"
            : "{\"error\":\"gateway failure\"}";
        var bytes = Encoding.UTF8.GetBytes(answer);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        try
        {
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        finally
        {
            probe.Stop();
        }
    }
}
