using Investigator.Core.Decisioning;

namespace Investigator.Core.Cases;

/// <summary>What a lead confirms when a case is resolved. Only a confirmation with a person behind it is learned.</summary>
public sealed record CaseConfirmation(
    string RootCause,
    string Resolution,
    string ConfirmedBy,
    string? Verification = null,
    string? Prevention = null,
    string? LessonsLearned = null);

/// <summary>One moment in a case's life: reported, acknowledged, investigating, resolved.</summary>
public sealed record TimelineEntry(string Stage, DateTimeOffset At, string What);

/// <summary>
/// The report written when an incident or an escalated case is resolved: the timeline, the impact, the
/// root cause, the solution, what prevents it next time and what the team learned.
/// </summary>
public sealed record CaseReport(
    string Summary,
    string Impact,
    IReadOnlyList<TimelineEntry> Timeline,
    string RootCause,
    string Solution,
    string Prevention,
    string LessonsLearned)
{
    private const string NotRecorded = "Not recorded by the lead who confirmed the resolution.";

    /// <summary>A report for an incident or an escalated case; null for any other case.</summary>
    public static CaseReport? For(SupportCase supportCase, CaseConfirmation confirmation, DateTimeOffset resolvedAt)
    {
        if (supportCase.Decision is not { } decision || supportCase.Facts is not { } facts
            || (decision.Disposition != Disposition.Incident && decision.Escalation is null))
        {
            return null;
        }

        var reported = supportCase.Ticket.CreatedAt ?? supportCase.ReceivedAt;
        var investigating = supportCase.Trace?.FirstOrDefault(t => t.Kind == Investigation.TraceStepKind.Layer && t.Name == "investigation")?.StartedAt ?? supportCase.ReceivedAt;
        var concluded = supportCase.Trace?.LastOrDefault(t => t.Kind == Investigation.TraceStepKind.Layer) is { } last
            ? last.StartedAt.AddMilliseconds(last.DurationMs)
            : supportCase.UpdatedAt;
        TimelineEntry[] timeline =
        [
            new("reported", reported, $"The customer reported: {facts.ProblemStatement.Value}"),
            new("acknowledged", supportCase.ReceivedAt, "The ticket was accepted and the case opened."),
            new("investigating", investigating, $"Investigation began; it concluded at {concluded:yyyy-MM-dd HH:mm} UTC with {decision.Disposition}/{decision.Type}, {decision.Priority}."),
            new("resolved", resolvedAt, $"{confirmation.ConfirmedBy} confirmed the resolution."),
        ];
        var escalation = decision.Escalation is { } e ? $" Escalated to {e.Target} ({e.Trigger})." : "";
        var impact = facts.BusinessImpact?.Value is { } business
            ? $"{decision.Priority}: {business}{escalation}"
            : $"{decision.Priority}, {facts.UsersAffected?.Value.ToString() ?? "unknown number of"} users affected.{escalation}";
        return new CaseReport(
            facts.ProblemStatement.Value,
            impact,
            [.. timeline.OrderBy(t => t.At)],
            confirmation.RootCause,
            confirmation.Resolution,
            confirmation.Prevention ?? NotRecorded,
            confirmation.LessonsLearned ?? NotRecorded);
    }
}
