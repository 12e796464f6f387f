namespace LinkWorker.Domain.Common;

/// <summary>Times as stored: UTC, to the microsecond (PostgreSQL's resolution), so a value read back equals what was sent.</summary>
public static class Instant
{
    public static DateTimeOffset Normalize(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
    }
}
