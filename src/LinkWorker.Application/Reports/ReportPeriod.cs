using FluentValidation;

namespace LinkWorker.Application.Reports;

/// <summary>A report over referral dates [From, To).</summary>
public interface IReportPeriod
{
    DateOnly? From { get; }

    DateOnly? To { get; }
}

internal abstract class ReportPeriodValidator<T> : AbstractValidator<T>
    where T : IReportPeriod
{
    protected ReportPeriodValidator()
    {
        RuleFor(q => q.From).NotNull().WithMessage("Give the first day of the period (from=YYYY-MM-DD).");
        RuleFor(q => q.To).NotNull().WithMessage("Give the day after the period (to=YYYY-MM-DD).");
        RuleFor(q => q.To).GreaterThan(q => q.From).When(q => q.From is not null && q.To is not null).WithMessage("'to' must be after 'from'.");
    }
}
