using FluentValidation;
using LinkWorker.Application.Common.Paging;

namespace LinkWorker.Application.Notifications.ListMyNotifications;

internal sealed class ListMyNotificationsValidator : AbstractValidator<ListMyNotificationsQuery>
{
    public ListMyNotificationsValidator()
    {
        RuleFor(q => q.PageSize).InclusiveBetween(1, PageSizes.Maximum);
        RuleFor(q => q.Cursor).Must(c => PageCursor.IsValidOrAbsent(c, ListMyNotificationsQuery.List, 3)).WithMessage(PageCursor.Refused);
    }
}
