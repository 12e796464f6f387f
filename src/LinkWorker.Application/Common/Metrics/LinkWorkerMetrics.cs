using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using LinkWorker.Domain.FollowUps;
using LinkWorker.Domain.Notifications;
using LinkWorker.Domain.Organisations;

namespace LinkWorker.Application.Common.Metrics;

/// <summary>
/// The business facts an operator watches, as OpenTelemetry instruments on the "LinkWorker" meter (every one is
/// documented in docs/operations.md). Tags carry only municipality codes, sectors and kinds — never anything
/// about a person. Handlers record a fact once its transaction has committed (through <c>AfterCommit</c>), so a
/// rolled-back request counts nothing.
/// </summary>
public sealed class LinkWorkerMetrics : IDisposable
{
    public const string MeterName = "LinkWorker";

    private static readonly NotificationChannel[] OutgoingChannels = [NotificationChannel.Email, NotificationChannel.Sms];

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _referralsReceived;
    private readonly Counter<long> _referralsRouted;
    private readonly Histogram<double> _firstContact;
    private readonly Counter<long> _remindersFired;
    private readonly Histogram<double> _reminderLag;
    private readonly Counter<long> _messagesSent;
    private readonly Counter<long> _sendFailures;
    private readonly Counter<long> _consentsWithdrawn;
    private readonly ConcurrentDictionary<(string Municipality, NotificationChannel Channel), long> _backlog = new();
    private double _oldestDueReminderSeconds;

    /// <param name="meterFactory">The host's factory, so each host (and each test server) has its own instruments.</param>
    public LinkWorkerMetrics(IMeterFactory? meterFactory)
    {
        // Without a host (some unit tests) the meter is our own; a factory's meters are disposed by the factory.
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _referralsReceived = _meter.CreateCounter<long>(
            "linkworker.referrals.received", "{referral}", "Referrals received, new cases and referrals joining an open case alike.");
        _referralsRouted = _meter.CreateCounter<long>(
            "linkworker.referrals.routed", "{referral}", "Referrals that opened a case, by where the case went: to a guide or to triage.");
        _firstContact = _meter.CreateHistogram(
            "linkworker.cases.time_to_first_contact", "h", "Hours from the referral that opened a case to the first contact with the citizen.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [4, 8, 24, 48, 72, 120, 168, 240, 336, 720] });
        _remindersFired = _meter.CreateCounter<long>("linkworker.reminders.fired", "{reminder}", "Follow-up reminders that fell due.");
        _reminderLag = _meter.CreateHistogram(
            "linkworker.reminders.lag", "s", "Seconds between a follow-up's due time and its reminder firing.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 15, 30, 60, 120, 300, 900, 1800, 3600, 14400, 86400] });
        _messagesSent = _meter.CreateCounter<long>("linkworker.outbox.sent", "{message}", "E-mail and SMS messages delivered from the outbox.");
        _sendFailures = _meter.CreateCounter<long>(
            "linkworker.outbox.send_failures", "{message}", "Failed deliveries of e-mail and SMS messages; outcome says whether it will be retried.");
        _meter.CreateObservableGauge(
            "linkworker.outbox.backlog", ObserveBacklog, "{message}",
            "E-mail and SMS messages waiting in the outbox, as this node counted them at its last dispatch run.");
        _meter.CreateObservableGauge(
            "linkworker.reminders.oldest_due_age", () => Volatile.Read(ref _oldestDueReminderSeconds), "s",
            "Seconds since the due time of the oldest reminder not fired yet (0 when none waits), as this node saw it at its last sweep.");
        _consentsWithdrawn = _meter.CreateCounter<long>("linkworker.consents.withdrawn", "{consent}", "Consents the citizen withdrew.");
    }

    public void ReferralReceived(string municipality, Sector sector) =>
        _referralsReceived.Add(1, Municipality(municipality), new("sector", sector.ToString()));

    public void ReferralRouted(string municipality, Sector sector, bool toGuide) =>
        _referralsRouted.Add(1, Municipality(municipality), new("sector", sector.ToString()), new("routed_to", toGuide ? "guide" : "triage"));

    public void FirstContact(string municipality, DateTimeOffset referredAt, DateTimeOffset contactedAt) =>
        _firstContact.Record(Math.Max(0, (contactedAt - referredAt).TotalHours), Municipality(municipality));

    public void ReminderFired(string municipality, FollowUpKind kind, DateTimeOffset dueAt, DateTimeOffset firedAt)
    {
        var tags = new TagList { Municipality(municipality), { "kind", kind.ToString() } };
        _remindersFired.Add(1, tags);
        _reminderLag.Record(Math.Max(0, (firedAt - dueAt).TotalSeconds), tags);
    }

    /// <summary>What a reminder sweep found waiting before it fired: the oldest due reminder, if any.</summary>
    public void OldestDueReminder(DateTimeOffset? dueAt, DateTimeOffset now) =>
        Volatile.Write(ref _oldestDueReminderSeconds, dueAt is { } due ? Math.Max(0, (now - due).TotalSeconds) : 0);

    public void MessageSent(string municipality, NotificationChannel channel) =>
        _messagesSent.Add(1, Municipality(municipality), new("channel", channel.ToString()));

    public void SendFailed(string municipality, NotificationChannel channel, bool willRetry) =>
        _sendFailures.Add(1, Municipality(municipality), new("channel", channel.ToString()), new("outcome", willRetry ? "retrying" : "failed"));

    /// <summary>What a dispatch run found waiting; channels it does not name have nothing waiting.</summary>
    public void OutboxBacklog(string municipality, IReadOnlyDictionary<NotificationChannel, int> pending)
    {
        foreach (var channel in OutgoingChannels)
        {
            _backlog[(municipality, channel)] = pending.GetValueOrDefault(channel);
        }
    }

    public void ConsentWithdrawn(string municipality) => _consentsWithdrawn.Add(1, Municipality(municipality));

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private IEnumerable<Measurement<long>> ObserveBacklog() =>
        _backlog.Select(entry => new Measurement<long>(
            entry.Value, Municipality(entry.Key.Municipality), new("channel", entry.Key.Channel.ToString())));

    private static KeyValuePair<string, object?> Municipality(string code) => new("municipality", code);
}
