using FluentValidation;
using LinkWorker.Application.Common.Paging;

namespace LinkWorker.Application.Queues.GetTriage;

internal sealed class GetTriageValidator : AbstractValidator<GetTriageQuery>
{
    public GetTriageValidator()
    {
        RuleFor(q => q.PageSize).InclusiveBetween(1, PageSizes.Maximum);
        RuleFor(q => q.Cursor).Must(c => QueueItems.IsValidCursor(c, GetTriageQuery.List)).WithMessage(PageCursor.Refused);
    }
}
