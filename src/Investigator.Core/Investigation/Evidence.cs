namespace Investigator.Core.Investigation;

/// <summary>Whether an evidence item supports or refutes the hypothesis it was gathered for.</summary>
public enum EvidenceStance { Supports, Refutes, Neutral }

/// <summary>
/// One verified finding. <see cref="Id"/> (E1, E2, …) is what drafts cite; <see cref="Key"/> identifies
/// the underlying thing (an API key, an incident, a log signature) stably across runs, for evaluation.
/// </summary>
public sealed record Evidence(
    string Id,
    string Source,
    string Tool,
    string Query,
    string Finding,
    string? Excerpt,
    DateTimeOffset? ObservedAt,
    string? HypothesisId,
    EvidenceStance Stance,
    IReadOnlyList<string> Signals,
    string Key,
    string TraceStepId);
