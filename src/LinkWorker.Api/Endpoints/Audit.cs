using LinkWorker.Application.Audit;
using LinkWorker.Application.Audit.VerifyAuditTrail;
using Mediator;

namespace LinkWorker.Api.Endpoints;

/// <summary>The audit trail's own integrity (ADR 25).</summary>
internal sealed class Audit : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/admin/audit").WithTags("Audit").RequireAuthorization();

        audit.MapGet("/verify", (ISender sender, CancellationToken ct) => sender.Send(new VerifyAuditTrailQuery(), ct))
            .WithSummary("Recomputes every link of the audit hash chains; names the first that does not hold.")
            .Produces<AuditTrailVerification>();
    }
}
