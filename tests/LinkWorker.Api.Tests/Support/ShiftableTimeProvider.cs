namespace LinkWorker.Api.Tests.Support;

/// <summary>Real time that a test can move forward (token expiry, deadlines) without sleeping.</summary>
/// <remarks>
/// Not <c>FakeTimeProvider</c>: the running host needs a clock that goes on with real time (the scheduler fires on
/// it, tokens issued now are checked against it minutes later), shifted by what the test asked for. A test that
/// needs time to stand still uses <c>Microsoft.Extensions.Time.Testing.FakeTimeProvider</c>.
/// </remarks>
public sealed class ShiftableTimeProvider : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));
}
