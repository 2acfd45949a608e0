using Investigator.Core.Intake;

namespace Investigator.Core.Decisioning;

/// <summary>
/// The SLA clock of a case: when the first response, the next update and the resolution are due.
/// P3 due times count business hours of the policy's calendar.
/// </summary>
public sealed record SlaClock(
    DateTimeOffset StartedAt,
    DateTimeOffset FirstResponseDue,
    DateTimeOffset? NextUpdateDue,
    DateTimeOffset ResolutionDue,
    TimeSpan? UpdateCadence,
    bool BusinessHours);

/// <summary>Where the case goes: a tier and a named queue.</summary>
public sealed record Route(SupportTier Tier, string Queue);

/// <summary>What made a case escalate.</summary>
public enum EscalationTrigger { SecurityBreach, DataLoss, FullOutage, Compliance, ProductDefect, Complexity, Customer, Time }

/// <summary>Everything an engineer needs to act on an escalation without asking again.</summary>
public sealed record EscalationPacket(
    string Summary,
    string BusinessImpact,
    IReadOnlyList<string> ReproductionSteps,
    IReadOnlyList<string> EvidenceIds,
    IReadOnlyList<string> CheckedAndRuledOut,
    string WorkaroundStatus,
    string CustomerCommunication,
    string SlaStatus);

public sealed record Escalation(EscalationTrigger Trigger, SupportTier Target, bool Immediate, string Reason, EscalationPacket Packet);

/// <summary>One reason behind one part of a decision: the rule that fired and the evidence it used.</summary>
public sealed record DecisionReason(string Aspect, string Rule, string Explanation, IReadOnlyList<string> EvidenceIds);

/// <summary>Layer 3's output. Every part has a reason in <see cref="Rationale"/>.</summary>
public sealed record Decision(
    Disposition Disposition,
    double Confidence,
    CaseType Type,
    Priority Priority,
    SlaClock Sla,
    Route Route,
    Escalation? Escalation,
    IReadOnlyList<DecisionReason> Rationale,
    IReadOnlyList<MissingField> QuestionsToAsk);
