using LinkWorker.Application.Audit;
using LinkWorker.Domain.Auditing;
using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Infrastructure.Auditing;

/// <summary>
/// Recomputes every link in order. An edited row no longer matches its link; a deleted row leaves a gap in the
/// sequence; an inserted row has no valid link (the key is not in the database); a truncated chain no longer ends
/// at its head; a row added or removed among the rows from before the chains changes their count.
/// </summary>
internal sealed class AuditChainVerifier(LinkWorkerDbContext db, AuditChain chain) : IAuditChainVerifier
{
    private const int Batch = 2_000;

    public async Task<AuditTrailVerification> Verify(CancellationToken cancellationToken)
    {
        var heads = await db.AuditChainHeads.AsNoTracking().OrderBy(h => h.Chain).ToListAsync(cancellationToken);
        var states = heads.Select(h => new AuditChainState(h.Chain, h.LastSequence, h.LastHash)).ToList();
        var unchained = await db.AuditEntries.IgnoreQueryFilters().LongCountAsync(e => e.Chain == null, cancellationToken);
        long checkedLinks = 0;

        AuditTrailVerification Result(AuditChainBreak? broken) =>
            new(broken is null, checkedLinks, unchained, states, broken);

        if (heads.Count != AuditChain.Count)
        {
            return Result(new AuditChainBreak(null, null, null, $"{AuditChain.Count} chain heads expected, {heads.Count} found."));
        }

        foreach (var head in heads)
        {
            var (links, broken) = await VerifyChain(head, cancellationToken);
            checkedLinks += links;
            if (broken is not null)
            {
                return Result(broken);
            }
        }

        var orphans = await db.AuditEntries.IgnoreQueryFilters()
            .Where(e => e.Chain != null && (e.Chain < 0 || e.Chain >= AuditChain.Count)).Select(e => e.Id).FirstOrDefaultAsync(cancellationToken);
        if (orphans != Guid.Empty)
        {
            return Result(new AuditChainBreak(null, null, orphans, "A row claims a chain that does not exist."));
        }

        return unchained != heads[0].UnchainedBefore
            ? Result(new AuditChainBreak(null, null, null,
                $"{heads[0].UnchainedBefore} rows were written before the chains began; {unchained} such rows are there now."))
            : Result(null);
    }

    private async Task<(long Links, AuditChainBreak? Broken)> VerifyChain(AuditChainHead head, CancellationToken cancellationToken)
    {
        var previous = AuditChainHead.Genesis;
        long expected = 1;
        while (true)
        {
            var from = expected;
            var entries = await db.AuditEntries.IgnoreQueryFilters().AsNoTracking()
                .Where(e => e.Chain == head.Chain && e.Sequence >= from)
                .OrderBy(e => e.Sequence).Take(Batch).ToListAsync(cancellationToken);
            if (entries.Count == 0)
            {
                break;
            }

            var ids = entries.Select(e => e.Id).ToList();
            var subjects = (await db.AuditEntrySubjects.AsNoTracking().Where(s => ids.Contains(s.AuditEntryId)).ToListAsync(cancellationToken))
                .ToLookup(s => s.AuditEntryId, s => s.EntityId);

            foreach (var entry in entries)
            {
                if (entry.Sequence != expected)
                {
                    return (expected - 1, new AuditChainBreak(
                        head.Chain, expected, entry.Id, $"Link {expected} is missing: the next row found is link {entry.Sequence}."));
                }

                if (chain.Link(entry, head.Chain, expected, subjects[entry.Id], previous) != entry.Hash)
                {
                    return (expected - 1, new AuditChainBreak(
                        head.Chain, expected, entry.Id, "The row, its subjects or the link before it is not as written."));
                }

                previous = entry.Hash;
                expected++;
            }
        }

        var last = expected - 1;
        if (last != head.LastSequence || previous != head.LastHash)
        {
            return (last, new AuditChainBreak(
                head.Chain, last + 1, null, $"The chain ends at link {last} but its head was last written at link {head.LastSequence}."));
        }

        return (last, null);
    }
}
