using FluentValidation;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Paging;
using LinkWorker.Application.Common.Security;
using Mediator;

namespace LinkWorker.Application.Accounts.ListAccounts;

/// <summary>Administrators: the accounts of their own municipality, oldest first, one keyset page at a time.</summary>
[Authorize(Roles.Administrator)]
public sealed record ListAccountsQuery(string? Cursor = null, int? PageSize = null) : IRequest<CursorPage<AccountView>>, IAuditedRequest
{
    internal const string List = "accounts";
}

internal sealed class ListAccountsValidator : AbstractValidator<ListAccountsQuery>
{
    public ListAccountsValidator()
    {
        RuleFor(q => q.PageSize).InclusiveBetween(1, PageSizes.Maximum);
        RuleFor(q => q.Cursor).Must(c => PageCursor.IsValidOrAbsent(c, ListAccountsQuery.List, 1)).WithMessage(PageCursor.Refused);
    }
}

internal sealed class ListAccountsHandler(ICurrentUser user, IAccountStore accounts, IAuditTrail audit)
    : IRequestHandler<ListAccountsQuery, CursorPage<AccountView>>
{
    public async ValueTask<CursorPage<AccountView>> Handle(ListAccountsQuery query, CancellationToken cancellationToken)
    {
        var pageSize = PageSizes.Of(query.PageSize);
        Guid? after = PageCursor.TryDecode(query.Cursor, ListAccountsQuery.List, 1, out var keys) ? keys.Id(0) : null;
        var rows = await accounts.ListAsync(user.RequiredMunicipalityCode, after, pageSize + 1, cancellationToken);
        var page = PageSizes.Cut(rows, pageSize, a => a, a => PageCursor.Encode(ListAccountsQuery.List, a.Id));
        audit.RecordList(AccountRules.Entity, [.. page.Items.Select(a => a.Id)]);
        return page;
    }
}
