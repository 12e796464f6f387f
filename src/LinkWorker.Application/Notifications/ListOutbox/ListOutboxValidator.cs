using FluentValidation;
using LinkWorker.Application.Common.Paging;

namespace LinkWorker.Application.Notifications.ListOutbox;

internal sealed class ListOutboxValidator : AbstractValidator<ListOutboxQuery>
{
    public ListOutboxValidator()
    {
        RuleFor(q => q.PageSize).InclusiveBetween(1, PageSizes.Maximum);
        RuleFor(q => q.Cursor).Must(c => PageCursor.IsValidOrAbsent(c, ListOutboxQuery.List, 2)).WithMessage(PageCursor.Refused);
    }
}
