namespace Investigator.Core.Investigation;

/// <summary>What a trace step was.</summary>
public enum TraceStepKind { Layer, Hypothesis, ToolCall, Note }

/// <summary>How a step ended.</summary>
public enum TraceOutcome { Ok, Empty, Failed, Refused, Skipped }

/// <summary>
/// One step of a case's trace: a layer run, a hypothesis, a tool call with its arguments, result
/// size, duration and the model's tool-call id, or a model round trip with its tokens. The trace is what a support lead reads to trust (or not) the outcome.
/// </summary>
public sealed record TraceStep(
    string Id,
    TraceStepKind Kind,
    string Name,
    DateTimeOffset StartedAt,
    double DurationMs,
    TraceOutcome Outcome,
    string? Message = null,
    IReadOnlyDictionary<string, string?>? Arguments = null,
    int? ResultSize = null,
    string? ToolCallId = null,
    string? HypothesisId = null,
    ModelTokens? Tokens = null);

/// <summary>What one model round trip cost, as the endpoint reported it.</summary>
public sealed record ModelTokens(int Input, int Output);
