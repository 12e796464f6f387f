using LinkWorker.Domain.Auditing;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Conversations;
using LinkWorker.Domain.Districts;
using LinkWorker.Domain.FollowUps;
using LinkWorker.Domain.Guides;
using LinkWorker.Domain.Idempotency;
using LinkWorker.Domain.Municipalities;
using LinkWorker.Domain.Notifications;
using LinkWorker.Domain.Offers;
using LinkWorker.Domain.Organisations;
using LinkWorker.Domain.Outcomes;
using LinkWorker.Domain.Referrals;
using LinkWorker.Domain.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace LinkWorker.Application.Common.Interfaces;

/// <summary>
/// The application's view of the database. Reads of citizen data are already scoped to the caller's municipality;
/// new rows are stamped with it.
/// </summary>
public interface IAppDbContext
{
    DbSet<Municipality> Municipalities { get; }

    DbSet<Organisation> Organisations { get; }

    DbSet<Citizen> Citizens { get; }

    /// <summary>
    /// Citizens with this CPR number (ten digits). The number is stored encrypted and cannot be compared in a
    /// query; this finds it by its keyed hash (ADR 26).
    /// </summary>
    IQueryable<Citizen> CitizensWithCprNumber(string digits);

    DbSet<Case> Cases { get; }

    DbSet<Referral> Referrals { get; }

    DbSet<ContactAttempt> ContactAttempts { get; }

    DbSet<Consent> Consents { get; }

    DbSet<Conversation> Conversations { get; }

    DbSet<ConversationAmendment> ConversationAmendments { get; }

    DbSet<FollowUp> FollowUps { get; }

    DbSet<Notification> Notifications { get; }

    DbSet<TilsMeasurement> TilsMeasurements { get; }

    DbSet<CommunityParticipation> CommunityParticipations { get; }

    DbSet<Guide> Guides { get; }

    DbSet<District> Districts { get; }

    DbSet<RoutingDecision> RoutingDecisions { get; }

    DbSet<Offer> Offers { get; }

    DbSet<Organiser> Organisers { get; }

    DbSet<PostcodeArea> PostcodeAreas { get; }

    DbSet<AuditEntry> AuditEntries { get; }

    DbSet<AuditEntrySubject> AuditEntrySubjects { get; }

    DbSet<IdempotencyRecord> IdempotencyRecords { get; }

    DbSet<LinkWorker.Domain.Queues.QueueVisit> QueueVisits { get; }

    DbSet<CitizenRectification> CitizenRectifications { get; }

    DbSet<RightsRequest> RightsRequests { get; }

    DatabaseFacade Database { get; }

    Microsoft.EntityFrameworkCore.ChangeTracking.ChangeTracker ChangeTracker { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);

    /// <summary>True when the exception is a unique-constraint violation on this provider.</summary>
    bool IsUniqueViolation(DbUpdateException exception);
}
