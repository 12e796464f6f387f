using LinkWorker.Infrastructure.Scheduling;
using static System.FormattableString;

namespace LinkWorker.ReminderBench;

internal static class Report
{
    public static void Print(BenchOptions options, RunFacts facts, Measurement m, IReadOnlyList<BenchNode> nodes, LogTally logs, TimeSpan total)
    {
        var scheduleRate = facts.ScheduleDuration > TimeSpan.Zero ? facts.Scheduled / facts.ScheduleDuration.TotalSeconds : 0;
        var firingSpan = m.FirstFiredAt is { } first && m.LastFiredAt is { } last ? (last - first).TotalSeconds : 0;
        var firingRate = firingSpan > 0 ? m.Fired / firingSpan : 0;
        var perNode = string.Join(" / ", nodes.Select(n => Invariant($"{n.Firings.Succeeded}")));
        var auditPerNode = string.Join(", ", m.AuditFiringsPerNode.OrderBy(p => p.Key)
            .Select(p => p.Key == 0 ? Invariant($"unattributed {p.Value}") : Invariant($"node{p.Key} {p.Value}")));

        Console.WriteLine();
        Console.WriteLine("== Result ==");
        if (facts.StoppedEarly is not null)
        {
            Console.WriteLine($"INCOMPLETE RUN: {facts.StoppedEarly}");
        }

        Console.WriteLine(Invariant($"server               PostgreSQL {facts.ServerVersion}, {nodes.Count} nodes in this process, Quartz thread pool as configured by AddScheduling"));
        Console.WriteLine(Invariant($"follow-ups           {m.Planned}, due {facts.FollowUps?.DueStart:yyyy-MM-dd HH:mm:ss} UTC + 0..60 s, evenly"));
        Console.WriteLine(Invariant($"inserted             in {facts.InsertDuration.TotalSeconds:0.0} s"));
        Console.WriteLine(Invariant(
            $"scheduled            {facts.Scheduled} in {facts.ScheduleDuration.TotalSeconds:0.0} s = {scheduleRate:0} /s (probe {facts.ProbeRate:0} /s, concurrency {options.Concurrency}); {facts.ScheduledLate} late, {facts.ScheduleFailures.Values.Sum()} failed{Failures(facts.ScheduleFailures)}; {facts.Slack.TotalSeconds:0.0} s to spare (lead {facts.LeadChosen.TotalSeconds:0} s)"));
        Console.WriteLine(Invariant($"fired                {m.Fired}"));
        Console.WriteLine(Invariant($"lost                 {m.Lost}"));
        if (m.UnfiredStillScheduled > 0)
        {
            Console.WriteLine(Invariant($"not yet fired        {m.UnfiredStillScheduled} (the run stopped first; their reminders are still stored in Quartz)"));
        }

        Console.WriteLine(Invariant($"fired twice          {m.FiredTwice} (FireFollowUp audit rows {m.AuditFirings} − fired {m.Fired}; {m.AuditNoOpFirings} no-op firings; follow-ups audited as fired twice {m.FollowUpsAuditedTwice}; outcomes {string.Join(", ", m.AuditOutcomes.Select(o => Invariant($"{o.Key} {o.Value}")))})"));
        if (m.LagSeconds.Length > 0)
        {
            Console.WriteLine(Invariant(
                $"firing lag           p50 {Percentile(m.LagSeconds, 0.50):0.00} s, p99 {Percentile(m.LagSeconds, 0.99):0.00} s, max {m.LagSeconds[^1]:0.00} s (min {m.LagSeconds[0]:0.000} s, mean {m.LagSeconds.Average():0.00} s)"));
            Console.WriteLine(Invariant($"firing rate          {firingRate:0.0} /s from the first to the last firing ({firingSpan:0.0} s)"));
        }

        Console.WriteLine(Invariant($"per node (listener)  {string.Join(", ", nodes.Select(NodeLine))}"));
        Console.WriteLine(Invariant($"per node (audit)     {auditPerNode}"));
        var recurring = nodes.SelectMany(n => n.Firings.RecurringRuns.Select(r => (Node: n.Number, Run: r))).ToList();
        Console.WriteLine(Invariant($"recurring jobs       {string.Join(", ", recurring.GroupBy(r => r.Run.Job).OrderBy(g => g.Key).Select(g => Invariant($"{g.Key} {g.Count()} runs (longest {g.Max(r => r.Run.RunTime.TotalSeconds):0.0} s)")))}"));
        foreach (var (node, run) in recurring.Where(r => r.Run.RunTime > TimeSpan.FromSeconds(1) || !r.Run.Succeeded).OrderBy(r => r.Run.FiredAt))
        {
            var when = facts.FollowUps is { } f ? Invariant($"{(run.FiredAt - f.DueStart).TotalSeconds:0} s after the first due time") : Invariant($"{run.FiredAt:HH:mm:ss}");
            Console.WriteLine(Invariant($"                     node{node} {run.Job} {when}: {run.RunTime.TotalSeconds:0.0} s{(run.Succeeded ? "" : ", failed")}"));
        }

        Console.WriteLine(Invariant(
            $"outbox               {m.NotifiedOnce} fired follow-ups with exactly one notification, {m.FiredWithoutNotification} with none, {m.NotifiedMoreThanOnce} with more"));
        Console.WriteLine(Invariant(
            $"quartz left          {string.Join(", ", m.QuartzTriggersByGroup.Select(t => Invariant($"{t.Key} {t.Value}")))}; fired_triggers {m.QuartzFiredTriggersLeft}"));
        Console.WriteLine(Invariant(
            $"                     (expected: {QuartzReminderScheduler.ReminderGroup} 0; escalation is a periodic scan, no trigger per follow-up)"));
        if (facts.Load is { } load)
        {
            var cpu = load.CpuBusy is { } busy ? Invariant($"machine CPU {busy:P0} busy") : "machine CPU unknown";
            cpu += load.ProcessCpu is { } own ? Invariant($", this process {own:P0} of the machine") : "";
            var waits = string.Join(", ", load.Waits.Take(8).Select(w => Invariant($"{w.State} {w.Sessions:0.00}")));
            Console.WriteLine(Invariant($"while firing         {cpu}; active sessions by wait ({load.Samples} samples): {waits}"));
        }

        Console.WriteLine(Invariant($"total                {total.TotalMinutes:0.0} min"));
        PrintLogs(logs);

        var lag = m.LagSeconds.Length > 0
            ? Invariant($"{Percentile(m.LagSeconds, 0.50):0.0} | {Percentile(m.LagSeconds, 0.99):0.0} | {m.LagSeconds[^1]:0.0}")
            : "– | – | –";
        Console.WriteLine();
        Console.WriteLine(Invariant(
            $"markdown: | {facts.StartedAt:yyyy-MM-dd HH:mm} | {nodes.Count} | {m.Planned} | {scheduleRate:0} | {facts.ScheduledLate} | {lag} | {m.Lost}{(m.UnfiredStillScheduled > 0 ? Invariant($" (+{m.UnfiredStillScheduled} not yet fired)") : "")} | {m.FiredTwice} | {perNode} | {firingRate:0} | {total.TotalMinutes:0.0} |"));
    }

    public static void PrintLogs(LogTally logs)
    {
        if (logs.Counts.Count == 0)
        {
            Console.WriteLine("logs                 no warnings or errors");
            return;
        }

        Console.WriteLine("logs                 warnings and errors by template:");
        foreach (var (key, count) in logs.Counts.OrderByDescending(c => c.Value))
        {
            Console.WriteLine(Invariant($"  {count,7} × {key}"));
        }
    }

    /// <summary>Nearest rank: the smallest value with at least p of all values at or below it.</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string NodeLine(BenchNode node)
    {
        var f = node.Firings;
        var line = Invariant($"node{node.Number} {f.Succeeded} ok");
        if (f.Failed > 0 || f.Recovering > 0 || f.Retries > 0)
        {
            line += Invariant($" + {f.Failed} failed{Failures(f.Failures)}, {f.Recovering} recoveries, {f.Retries} retries");
        }

        return line;
    }

    private static string Failures(IReadOnlyDictionary<string, int> failures) =>
        failures.Count == 0 ? "" : " [" + string.Join("; ", failures.Select(f => Invariant($"{f.Key} ×{f.Value}"))) + "]";
}
