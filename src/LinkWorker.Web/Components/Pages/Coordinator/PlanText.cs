using System.Globalization;
using System.Text;
using LinkWorker.Domain.FollowUps;

namespace LinkWorker.Web.Components.Pages.Coordinator;

/// <summary>
/// Follow-up plan templates as plain text a coordinator can edit in one box: a plan's name on a line, then one line
/// per step, "days kind note" (14 CheckInCall Ring og hør, hvordan det går); a blank line between plans.
/// </summary>
public static class PlanText
{
    public static string Write(IReadOnlyList<FollowUpPlan> plans)
    {
        var text = new StringBuilder();
        foreach (var plan in plans)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            text.Append(plan.Name).Append('\n');
            foreach (var step in plan.Steps)
            {
                text.Append(CultureInfo.InvariantCulture, $"{step.AfterDays} {step.Kind}");
                if (step.Note is { Length: > 0 } note)
                {
                    text.Append(' ').Append(note);
                }

                text.Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>The plans, or null with the first line that is not a step (<paramref name="badLine"/>).</summary>
    public static IReadOnlyList<FollowUpPlan>? Read(string? text, out string? badLine)
    {
        badLine = null;
        var plans = new List<FollowUpPlan>();
        string? name = null;
        var steps = new List<FollowUpPlanStep>();
        foreach (var raw in (text ?? "").Replace("\r", "", StringComparison.Ordinal).Split('\n').Append(""))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                if (name is not null)
                {
                    plans.Add(new FollowUpPlan(name, steps));
                }

                (name, steps) = (null, []);
                continue;
            }

            if (name is null)
            {
                name = line;
                continue;
            }

            var parts = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || !int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var days)
                || !Enum.TryParse<FollowUpKind>(parts[1], ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || int.TryParse(parts[1], out _))
            {
                badLine = line;
                return null;
            }

            steps.Add(new FollowUpPlanStep(days, kind, parts.Length > 2 ? parts[2] : null));
        }

        return plans;
    }
}
