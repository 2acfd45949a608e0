using Investigator.Core.Decisioning;

namespace Investigator.Core.Cases;

/// <summary>
/// The SLA rules over time, without side effects: given an open case and the clock, the events that are now
/// due on its timeline. A missed first response (no acknowledgement by the decision's first-response due time)
/// or resolution (not resolved by its due time) is a breach; a case open in its tier for longer than the
/// policy's <see cref="SupportPolicy.TimeEscalations"/> allow moves to the next tier, counted from when it
/// reached its current tier. Each event is returned once: what the timeline already holds is not repeated,
/// so checking again (or after a restart) adds nothing new.
/// </summary>
public sealed class SlaWatch(SupportPolicy policy, TimeProvider time)
{
    /// <summary>Who the events written by the watch are by.</summary>
    public const string By = "sla-monitor";

    /// <summary>The events due now for <paramref name="supportCase"/>; none for a resolved, failed or undecided case.</summary>
    public IReadOnlyList<CaseEvent> Check(SupportCase supportCase)
    {
        ArgumentNullException.ThrowIfNull(supportCase);
        // Without a decision there is no priority, no SLA clock and no tier yet.
        if (supportCase.Status is CaseStatus.Resolved or CaseStatus.Failed || supportCase.Decision is not { } decision)
        {
            return [];
        }

        var now = time.GetUtcNow();
        var timeline = supportCase.Timeline;
        var events = new List<CaseEvent>();

        if (!Breached(timeline, SlaMeasure.FirstResponse))
        {
            var acknowledged = timeline.FirstOrDefault(e => e.Kind == CaseEventKind.Acknowledged);
            var due = decision.Sla.FirstResponseDue;
            if (acknowledged is null ? now > due : acknowledged.At > due)
            {
                var at = acknowledged?.At ?? now;
                events.Add(new CaseEvent(CaseEventKind.SlaBreached, at, By,
                    acknowledged is null ? $"No first response by {due:O} ({decision.Priority})." : $"First response at {acknowledged.At:O}, due {due:O} ({decision.Priority}).")
                { Breach = SlaMeasure.FirstResponse, Due = due });
            }
        }

        if (!Breached(timeline, SlaMeasure.Resolution) && now > decision.Sla.ResolutionDue)
        {
            events.Add(new CaseEvent(CaseEventKind.SlaBreached, now, By, $"Not resolved by {decision.Sla.ResolutionDue:O} ({decision.Priority}).")
            { Breach = SlaMeasure.Resolution, Due = decision.Sla.ResolutionDue });
        }

        // One step per check: the next tier's clock starts when this escalation is recorded.
        var tier = CurrentTier(supportCase);
        var since = InTierSince(supportCase);
        if (policy.TimeEscalations.FirstOrDefault(r => TierNames.Of(r.From) == tier) is { } rule && now - since >= rule.After)
        {
            events.Add(new CaseEvent(CaseEventKind.Escalated, now, By,
                $"Open in {tier} since {since:O}, longer than the policy's {rule.After}: escalated from {tier} to {rule.To}.")
            { Tier = rule.To, Trigger = EscalationTrigger.Time });
        }

        return events;
    }

    /// <summary>The tier a case is in now: the last escalation's, else the decision's route; null before a decision.</summary>
    public static string? CurrentTier(SupportCase supportCase)
    {
        ArgumentNullException.ThrowIfNull(supportCase);
        return supportCase.Timeline.LastOrDefault(e => e.Kind == CaseEventKind.Escalated)?.Tier
            ?? (supportCase.Decision is { } decision ? TierNames.Of(decision.Route.Tier) : null);
    }

    /// <summary>When the case reached its current tier: its last escalation, else when it was opened.</summary>
    public static DateTimeOffset InTierSince(SupportCase supportCase)
    {
        ArgumentNullException.ThrowIfNull(supportCase);
        return supportCase.Timeline.LastOrDefault(e => e.Kind == CaseEventKind.Escalated)?.At
            ?? supportCase.Timeline.FirstOrDefault(e => e.Kind == CaseEventKind.Opened)?.At
            ?? supportCase.ReceivedAt;
    }

    private static bool Breached(IReadOnlyList<CaseEvent> timeline, SlaMeasure measure) =>
        timeline.Any(e => e.Kind == CaseEventKind.SlaBreached && e.Breach == measure);
}
