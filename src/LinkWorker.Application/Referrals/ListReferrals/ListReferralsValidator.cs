using FluentValidation;
using LinkWorker.Application.Common.Paging;

namespace LinkWorker.Application.Referrals.ListReferrals;

internal sealed class ListReferralsValidator : AbstractValidator<ListReferralsQuery>
{
    public ListReferralsValidator()
    {
        RuleFor(q => q.Status).IsInEnum();
        RuleFor(q => q.PageSize).InclusiveBetween(1, PageSizes.Maximum);
        RuleFor(q => q.Cursor).Must(c => PageCursor.IsValidOrAbsent(c, ListReferralsQuery.List, 2)).WithMessage(PageCursor.Refused);
        RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).When(q => q.From is not null && q.To is not null)
            .WithMessage("'to' must not be before 'from'.");
    }
}
