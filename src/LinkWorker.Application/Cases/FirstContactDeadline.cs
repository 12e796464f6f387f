using LinkWorker.Domain.Calendar;
using LinkWorker.Domain.Cases;

namespace LinkWorker.Application.Cases;

/// <summary>
/// A referred citizen should be contacted within the municipality's number of working days (default 5; weekends,
/// Danish public holidays, Grundlovsdag, 24 and 31 December do not count), as the setting was when the referral arrived.
/// </summary>
public sealed record FirstContactDeadline(DateOnly Due, bool Overdue)
{
    internal static FirstContactDeadline? Of(Case @case, DateTimeOffset now)
    {
        if (@case.FirstContactAt is not null || !@case.IsOpen)
        {
            return null;
        }

        var due = @case.FirstContactDue;
        return new FirstContactDeadline(due, now >= DanishTime.EndOf(due));
    }
}
