using FluentValidation;
using LinkWorker.Application.Common.Paging;

namespace LinkWorker.Application.FollowUps.ListReminders;

internal sealed class ListRemindersValidator : AbstractValidator<ListRemindersQuery>
{
    public ListRemindersValidator()
    {
        RuleFor(q => q.PageSize).InclusiveBetween(1, PageSizes.Maximum);
        RuleFor(q => q.Cursor).Must(c => PageCursor.IsValidOrAbsent(c, ListRemindersQuery.List, 2)).WithMessage(PageCursor.Refused);
    }
}
