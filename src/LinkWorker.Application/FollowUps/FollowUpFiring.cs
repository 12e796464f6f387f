using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Behaviours;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Metrics;
using LinkWorker.Application.Common.Texts;
using LinkWorker.Application.Notifications;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.FollowUps;
using LinkWorker.Domain.Notifications;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.FollowUps;

/// <summary>
/// What firing reminders does, for one follow-up or a batch of them, in the caller's transaction: each follow-up
/// becomes due, its guide gets a task, the citizen a check-in message if (and only if) their consent for such
/// messages is active now. A follow-up fired before is skipped; the outbox's deduplication keys hold even if a
/// retried batch got further. A batch costs a fixed number of statements, whatever its size (ADR 0020).
/// </summary>
internal sealed class FollowUpFiring(
    IAppDbContext db, IAuditTrail audit, Outbox outbox, ConsentGate consents, AfterCommit afterCommit, LinkWorkerMetrics metrics)
{
    /// <summary>Fires the tracked follow-ups still planned; returns those it fired.</summary>
    public async Task<IReadOnlyList<FollowUp>> Fire(IReadOnlyCollection<FollowUp> followUps, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var fired = followUps.Where(f => f.Fire(now)).ToList();
        if (fired.Count == 0)
        {
            return fired;
        }

        Audit(nameof(FollowUp), fired.Select(f => f.Id).ToList());

        afterCommit.Add(() =>
        {
            foreach (var f in fired)
            {
                metrics.ReminderFired(f.MunicipalityCode, f.Kind, f.DueAt, now);
            }
        });

        var caseIds = fired.Select(f => f.CaseId).Distinct().ToList();
        var cases = await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.Id))
            .Select(c => new { c.Id, c.AssignedGuideId, c.CitizenId })
            .ToDictionaryAsync(c => c.Id, cancellationToken);
        var messages = new List<OutboxMessage>();
        foreach (var f in fired)
        {
            if (cases[f.CaseId].AssignedGuideId is { } guide)
            {
                messages.Add(OutboxMessage.Staff(
                    $"{Key(f)}:in-app", f.MunicipalityCode, NotificationKind.FollowUpDue, guide, f.CaseId, f.Id,
                    NotificationTexts.FollowUpDue(f.Kind), NotificationTexts.FollowUpDueBody(f.Note)));
            }
        }

        await AddCheckInMessages(fired.Where(f => f.Kind == FollowUpKind.CheckInMessage).ToList(), cases.ToDictionary(c => c.Key, c => c.Value.CitizenId),
            messages, cancellationToken);
        await outbox.Add(messages, cancellationToken);
        return fired;
    }

    private async Task AddCheckInMessages(
        List<FollowUp> checkIns, Dictionary<Guid, Guid> citizenOfCase, List<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        if (checkIns.Count == 0)
        {
            return;
        }

        var consenting = await consents.CasesWithActive(checkIns.Select(f => f.CaseId).Distinct().ToList(), ConsentScope.CheckInMessages, cancellationToken);
        checkIns = checkIns.Where(f => consenting.Contains(f.CaseId)).ToList();
        if (checkIns.Count == 0)
        {
            return;
        }

        var citizenIds = checkIns.Select(f => citizenOfCase[f.CaseId]).Distinct().ToList();
        var citizens = await db.Citizens.AsNoTracking().Where(c => citizenIds.Contains(c.Id))
            .Select(c => new { c.Id, c.Name, c.Phone, c.Email })
            .ToDictionaryAsync(c => c.Id, cancellationToken);
        Audit("Citizen", citizenIds);
        var codes = checkIns.Select(f => f.MunicipalityCode).Distinct().ToList();
        var municipalities = await db.Municipalities.AsNoTracking().Where(m => codes.Contains(m.Code)).ToDictionaryAsync(m => m.Code, m => m.Name, cancellationToken);
        var sms = outbox.IsEnabled(NotificationChannel.Sms);
        var email = outbox.IsEnabled(NotificationChannel.Email);
        foreach (var f in checkIns)
        {
            var citizen = citizens[citizenOfCase[f.CaseId]];
            var text = $"Hej {citizen.Name.Split(' ')[0]}. Din fællesskabsguide i {municipalities[f.MunicipalityCode]} Kommune tænker på dig og kontakter dig snart. " +
                "Du er velkommen til at svare på denne besked.";
            if (citizen.Phone is { } phone && sms)
            {
                messages.Add(new OutboxMessage($"{Key(f)}:sms", f.MunicipalityCode, NotificationChannel.Sms, NotificationKind.CheckInMessage, null, phone,
                    f.CaseId, f.Id, CheckInTitle, text));
            }

            if (citizen.Email is { } address && email)
            {
                messages.Add(new OutboxMessage($"{Key(f)}:email", f.MunicipalityCode, NotificationChannel.Email, NotificationKind.CheckInMessage, null, address,
                    f.CaseId, f.Id, CheckInTitle, text));
            }
        }
    }

    // One firing is audited as before batching; a batch is one list record naming every row (ADR 7).
    private void Audit(string entityType, List<Guid> ids)
    {
        if (ids.Count == 1)
        {
            audit.Record(entityType, ids[0]);
        }
        else
        {
            audit.RecordList(entityType, ids);
        }
    }

    private const string CheckInTitle = "Hilsen fra din fællesskabsguide";

    // The same keys as before batching, so a reminder fired by the old path and again by the new one notifies once.
    private static string Key(FollowUp followUp) => $"follow-up:{followUp.Id:N}:due";
}
