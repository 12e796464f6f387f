using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Queries;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Conversations;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Conversations.ListConversations;

/// <summary>The case's conversations with their corrections, oldest first. Earlier notes stay readable after a withdrawal.</summary>
[Authorize(Roles.Guide, Roles.Coordinator)]
public sealed record ListConversationsQuery(Guid CaseId) : IRequest<IReadOnlyList<ConversationView>>, ICitizenDataRequest;

internal sealed class ListConversationsHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit)
    : IRequestHandler<ListConversationsQuery, IReadOnlyList<ConversationView>>
{
    public async ValueTask<IReadOnlyList<ConversationView>> Handle(ListConversationsQuery query, CancellationToken cancellationToken)
    {
        var @case = await CaseAccess.Load(db, user, audit, query.CaseId, cancellationToken);
        return await Load(db, audit, @case.Id, cancellationToken);
    }

    internal static async Task<IReadOnlyList<ConversationView>> Load(IAppDbContext db, IAuditTrail audit, Guid caseId, CancellationToken cancellationToken)
    {
        var conversations = await Views(db, caseId, cancellationToken);
        foreach (var conversation in conversations)
        {
            audit.Record(nameof(Conversation), conversation.Id);
        }

        return conversations;
    }

    /// <summary>The case's conversations with their amendments in one read (the case page's sections share a round trip budget).</summary>
    internal static async Task<IReadOnlyList<ConversationView>> Views(IAppDbContext db, Guid caseId, CancellationToken cancellationToken)
    {
        var rows = await CompiledViews.ToListAsync(db, caseId, cancellationToken);
        return rows.Select(r => ConversationViews.Of(r.Conversation, r.Amendments)).ToList();
    }

    // Compiled once: the case view reads it on every open (issue 18).
    private static readonly CompiledPerModel<Func<DbContext, Guid, IAsyncEnumerable<ConversationRow>>> CompiledViews = new(() =>
        EF.CompileAsyncQuery((DbContext db, Guid caseId) =>
            db.Set<Conversation>().AsNoTracking().Where(c => c.CaseId == caseId).OrderBy(c => c.OccurredAt)
                .Select(c => new ConversationRow
                {
                    Conversation = c,
                    Amendments = db.Set<ConversationAmendment>().Where(a => a.ConversationId == c.Id).ToList(),
                })));

    private sealed class ConversationRow
    {
        public required Conversation Conversation { get; init; }

        public required List<ConversationAmendment> Amendments { get; init; }
    }
}
