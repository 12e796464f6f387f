namespace LinkWorker.Testing;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock only moves when told to. Local time zone is UTC. Timers (and so
/// <c>Task.Delay(delay, provider)</c> and <c>new CancellationTokenSource(delay, provider)</c>) fire synchronously on the
/// thread that calls <see cref="Advance"/> or <see cref="SetUtcNow"/>, in due order, with the clock set to each due time
/// while the callback runs. Thread-safe. Time never goes backwards.
/// </summary>
public sealed class FakeTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<FakeTimer> _timers = [];
    private DateTimeOffset _now;

    // Where the clock is heading: _now catches up with it as due timers fire (callbacks see their due time).
    private DateTimeOffset _target;
    private long _nextTimerId;

    /// <summary>Starts at 2000-01-01T00:00:00Z.</summary>
    public FakeTimeProvider()
        : this(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public FakeTimeProvider(DateTimeOffset startUtc) => _now = _target = startUtc.ToUniversalTime();

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>Moves the clock to <paramref name="value"/>, firing every timer due by then.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="value"/> is earlier than now.</exception>
    public void SetUtcNow(DateTimeOffset value)
    {
        var target = value.ToUniversalTime();
        lock (_lock)
        {
            if (target < _target)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"Time cannot go backwards (now is {_target:O}).");
            }

            _target = target;
        }

        FireDueTimers();
    }

    /// <summary>Moves the clock forward by <paramref name="delta"/>, firing every timer due by then.</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        lock (_lock)
        {
            _target += delta;
        }

        FireDueTimers();
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new FakeTimer(this, callback, state);
        lock (_lock)
        {
            timer.Id = _nextTimerId++;
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    private void FireDueTimers()
    {
        while (true)
        {
            TimerCallback callback;
            object? state;
            lock (_lock)
            {
                FakeTimer? next = null;
                foreach (var timer in _timers)
                {
                    if (timer.Due is { } due && due <= _target &&
                        (next is null || due < next.Due || (due == next.Due && timer.Id < next.Id)))
                    {
                        next = timer;
                    }
                }

                if (next is null)
                {
                    if (_now < _target)
                    {
                        _now = _target;
                    }

                    return;
                }

                if (next.Due > _now)
                {
                    _now = next.Due.Value;
                }

                next.Due = next.Period > TimeSpan.Zero ? next.Due + next.Period : null;
                callback = next.Callback;
                state = next.State;
            }

            // Outside the lock: the callback may read the clock, change timers or advance time itself.
            callback(state);
        }
    }

    private static void Validate(TimeSpan value, string paramName)
    {
        if (value != Timeout.InfiniteTimeSpan && value < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(paramName, value, "Must be non-negative or Timeout.InfiniteTimeSpan.");
        }
    }

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        // All mutable state is guarded by owner._lock.
        private bool _disposed;

        public long Id { get; set; }

        public DateTimeOffset? Due { get; set; }

        public TimeSpan Period { get; private set; }

        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Validate(dueTime, nameof(dueTime));
            Validate(period, nameof(period));
            lock (owner._lock)
            {
                if (_disposed)
                {
                    return false;
                }

                Due = dueTime == Timeout.InfiniteTimeSpan ? null : owner._now + dueTime;
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
            }

            // A zero due time fires right away, as System.Threading.Timer does.
            if (dueTime == TimeSpan.Zero)
            {
                owner.FireDueTimers();
            }

            return true;
        }

        public void Dispose()
        {
            lock (owner._lock)
            {
                _disposed = true;
                Due = null;
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
