using LinkWorker.Application.Common.Security;
using Mediator;

namespace LinkWorker.Application.Reports.GetOutcomeReport;

/// <summary>The coordinator's figures for their own municipality and a period of referral dates [from, to).</summary>
[Authorize(Roles.Coordinator)]
public sealed record GetOutcomeReportQuery(DateOnly? From, DateOnly? To) : IRequest<OutcomeReport>, IReportPeriod;

internal sealed class GetOutcomeReportValidator : ReportPeriodValidator<GetOutcomeReportQuery>;

internal sealed class GetOutcomeReportHandler(ReportLoader loader, ICurrentUser user) : IRequestHandler<GetOutcomeReportQuery, OutcomeReport>
{
    public async ValueTask<OutcomeReport> Handle(GetOutcomeReportQuery query, CancellationToken cancellationToken)
    {
        var data = await loader.Load(query.From!.Value, query.To!.Value, cancellationToken);
        return OutcomeFigures.Compute(user.RequiredMunicipalityCode, query.From.Value, query.To.Value, data);
    }
}
