namespace LinkWorker.Domain.FollowUps;

/// <summary>A named set of check-ins a guide applies in one step, counted from a start date (e.g. the match).</summary>
public sealed record FollowUpPlan(string Name, IReadOnlyList<FollowUpPlanStep> Steps)
{
    /// <summary>The national practice: check in 2 weeks, 6 weeks and 3 months after a match.</summary>
    public static readonly FollowUpPlan Standard = new("after-match",
    [
        new(14, FollowUpKind.CheckInCall, "Check in two weeks after the match"),
        new(42, FollowUpKind.CheckInCall, "Check in six weeks after the match"),
        new(91, FollowUpKind.CheckInCall, "Check in three months after the match: still in a community?"),
    ]);
}

public sealed record FollowUpPlanStep(int AfterDays, FollowUpKind Kind, string? Note);
