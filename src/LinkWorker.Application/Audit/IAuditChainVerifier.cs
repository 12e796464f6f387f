namespace LinkWorker.Application.Audit;

/// <summary>Walks every audit hash chain and names the first link that does not hold (ADR 25).</summary>
public interface IAuditChainVerifier
{
    Task<AuditTrailVerification> Verify(CancellationToken cancellationToken);
}

/// <summary>
/// The verdict. <see cref="Chains"/> are the heads as found: kept outside the database (a ticket, a log), they
/// also show a later truncation of a chain's newest links together with its head.
/// </summary>
public sealed record AuditTrailVerification(
    bool Intact, long LinksChecked, long UnchainedRows, IReadOnlyList<AuditChainState> Chains, AuditChainBreak? FirstBreak);

public sealed record AuditChainState(int Chain, long LastSequence, string LastHash);

/// <summary>Where the trail stops holding: the chain and place, the row found there (if any) and what is wrong.</summary>
public sealed record AuditChainBreak(int? Chain, long? Sequence, Guid? EntryId, string Problem);
