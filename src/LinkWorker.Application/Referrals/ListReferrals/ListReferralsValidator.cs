using FluentValidation;

namespace LinkWorker.Application.Referrals.ListReferrals;

internal sealed class ListReferralsValidator : AbstractValidator<ListReferralsQuery>
{
    public ListReferralsValidator()
    {
        RuleFor(q => q.Status).IsInEnum();
        RuleFor(q => q.Page).GreaterThanOrEqualTo(1);
        RuleFor(q => q.PageSize).InclusiveBetween(1, 200);
        RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).When(q => q.From is not null && q.To is not null)
            .WithMessage("'to' must not be before 'from'.");
    }
}
