using FluentValidation;
using LinkWorker.Application.Common.Paging;

namespace LinkWorker.Application.Queues.GetQueue;

internal sealed class GetQueueValidator : AbstractValidator<GetQueueQuery>
{
    public GetQueueValidator()
    {
        RuleFor(q => q.PageSize).InclusiveBetween(1, PageSizes.Maximum);
        RuleFor(q => q.Cursor).Must(c => QueueItems.IsValidCursor(c, GetQueueQuery.List)).WithMessage(PageCursor.Refused);
    }
}
