using LinkWorker.Application.FollowUps.ApplyFollowUpPlan;
using LinkWorker.Application.FollowUps.CancelFollowUp;
using LinkWorker.Application.FollowUps.CompleteFollowUp;
using LinkWorker.Application.FollowUps.ListFollowUps;
using LinkWorker.Application.FollowUps.ListReminders;
using LinkWorker.Application.FollowUps.PlanFollowUp;
using LinkWorker.Domain.FollowUps;
using Mediator;

namespace LinkWorker.Api.Endpoints;

internal sealed class FollowUps : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var followUps = app.MapGroup("/api/cases/{id:guid}/follow-ups").WithTags("Follow-ups").RequireAuthorization();
        followUps.MapGet("/", (Guid id, ISender sender, CancellationToken ct) => sender.Send(new ListFollowUpsQuery(id), ct));
        followUps.MapPost("/", async (Guid id, PlanFollowUpCommand command, ISender sender, CancellationToken ct) =>
            {
                var followUp = await sender.Send(command with { CaseId = id }, ct);
                return TypedResults.Created($"/api/cases/{id}/follow-ups/{followUp.Id}", followUp);
            })
            .WithSummary("Plan a check-in (GuideTask, CheckInCall, CheckInMessage) at a time; its reminder is scheduled.");
        followUps.MapPost("/plan", async (Guid id, ApplyFollowUpPlanCommand command, ISender sender, CancellationToken ct) =>
                TypedResults.Created($"/api/cases/{id}/follow-ups", await sender.Send(command with { CaseId = id }, ct)))
            .WithSummary("Apply one of the municipality's plans in one step (default \"after-match\": 2 weeks, 6 weeks, 3 months).");
        followUps.MapPost("/{followUpId:guid}/complete", (Guid id, Guid followUpId, ISender sender, CancellationToken ct) =>
            sender.Send(new CompleteFollowUpCommand(id, followUpId), ct));
        followUps.MapDelete("/{followUpId:guid}", (Guid id, Guid followUpId, ISender sender, CancellationToken ct) =>
                sender.Send(new CancelFollowUpCommand(id, followUpId), ct))
            .WithSummary("Cancel; the reminder is unscheduled and never fires.");

        app.MapGet("/api/admin/reminders", (FollowUpStatus? status, string? cursor, int? pageSize, ISender sender, CancellationToken ct) =>
                sender.Send(new ListRemindersQuery(status, cursor, pageSize), ct))
            .WithTags("Operations").RequireAuthorization()
            .WithSummary("Administrators: scheduled (with next fire time), fired and stuck reminders, by due time. Paged like every list.")
            .ProducesValidationProblem();
    }
}
