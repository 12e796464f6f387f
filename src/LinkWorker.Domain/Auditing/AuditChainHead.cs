namespace LinkWorker.Domain.Auditing;

/// <summary>
/// The last link of one audit hash chain. Writers lock the head of the chain they append to, so links are never
/// forked; several chains let writers on several nodes append at once (ADR 25).
/// </summary>
public sealed class AuditChainHead
{
    private AuditChainHead()
    {
    }

    public AuditChainHead(int chain)
    {
        Chain = chain;
        LastHash = AuditChainHead.Genesis;
    }

    /// <summary>The "previous hash" of every chain's first link.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public int Chain { get; private set; }

    public long LastSequence { get; private set; }

    public string LastHash { get; private set; } = Genesis;

    /// <summary>How many rows were in the audit trail, unchained, when the chains began.</summary>
    public long UnchainedBefore { get; private set; }

    public void Advance(long sequence, string hash)
    {
        if (sequence != LastSequence + 1)
        {
            throw new InvalidOperationException($"Chain {Chain} continues at {LastSequence + 1}, not {sequence}.");
        }

        (LastSequence, LastHash) = (sequence, hash);
    }
}
