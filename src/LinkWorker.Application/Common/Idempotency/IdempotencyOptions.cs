namespace LinkWorker.Application.Common.Idempotency;

public sealed class IdempotencyOptions
{
    /// <summary>How long a completed key is kept and replayed. Documented in docs/api-guide.md.</summary>
    public TimeSpan KeyLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a claimed, unfinished key blocks retries before it counts as abandoned (a crashed node).</summary>
    public TimeSpan InFlightLease { get; set; } = TimeSpan.FromSeconds(60);
}
