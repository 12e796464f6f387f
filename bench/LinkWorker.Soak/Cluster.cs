using System.Diagnostics;
using System.Globalization;

using LinkWorker.LoadDriver;

namespace LinkWorker.Soak;

/// <summary>One server process of the cluster: its client, whether it answers, and where its pid is written.</summary>
internal sealed class Node(int number, Uri url, string? pidFile) : IDisposable
{
    private static readonly Uri ReadyPath = new("health/ready", UriKind.Relative);

    private int _down;

    public int Number => number;

    public Uri Url => url;

    public HttpClient Http { get; } = LinkWorkerHttp.CreateClient(url, 512);

    public bool IsUp => Volatile.Read(ref _down) == 0;

    /// <summary>The pid the script wrote last (a restarted node writes its new pid), or null.</summary>
    public int? Pid()
    {
        try
        {
            return pidFile is not null && int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid)
                ? pid
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// A request to this node got no answer: stop sending to it (as a load balancer would) until its readiness
    /// probe answers again. True for the caller that took it down, so the outage is logged once.
    /// </summary>
    public bool MarkDown(Action<string> log, CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _down, 1) == 1)
        {
            return false;
        }

        var since = Stopwatch.GetTimestamp();
        log(Program.Invariant($"node {number} gave no answer: sending everything to the other node, probing {url}health/ready every second"));
        _ = Task.Run(
            async () =>
            {
                while (!ct.IsCancellationRequested)
                {
                    try
                    {
                        await Task.Delay(TimeSpan.FromSeconds(1), ct);
                        using var response = await Http.GetAsync(ReadyPath, ct);
                        if (response.IsSuccessStatusCode)
                        {
                            Volatile.Write(ref _down, 0);
                            BackAfter = Stopwatch.GetElapsedTime(since);
                            log(Program.Invariant($"node {number} is ready again after {BackAfter.Value.TotalSeconds:0.0} s: back in rotation"));
                            return;
                        }
                    }
                    catch (HttpRequestException)
                    {
                        // Still down.
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        // Probe timed out: still down.
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            },
            CancellationToken.None);
        return true;
    }

    public TimeSpan? BackAfter { get; private set; }

    public void Dispose() => Http.Dispose();
}

/// <summary>The two nodes; requests alternate between those that are up.</summary>
internal sealed class Cluster(Node first, Node second) : IDisposable
{
    public IReadOnlyList<Node> Nodes { get; } = [first, second];

    /// <summary>The node for the n-th operation: alternating, or the one that is up.</summary>
    public Node Pick(long n)
    {
        var preferred = Nodes[(int)(n % 2)];
        return preferred.IsUp ? preferred : Other(preferred);
    }

    public Node Other(Node node) => node == Nodes[0] ? Nodes[1] : Nodes[0];

    public void Dispose()
    {
        foreach (var node in Nodes)
        {
            node.Dispose();
        }
    }
}
