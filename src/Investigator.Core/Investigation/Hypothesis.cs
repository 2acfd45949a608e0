namespace Investigator.Core.Investigation;

public enum HypothesisStatus { Open, Confirmed, Refuted }

/// <summary>A candidate explanation of the symptom and what the investigation found about it.</summary>
public sealed record Hypothesis(
    string Id,
    string Key,
    string Statement,
    HypothesisStatus Status,
    IReadOnlyList<string> EvidenceIds);

/// <summary>Layer 2's output: the hypotheses with their status, the evidence, and every step taken.</summary>
public sealed record InvestigationResult(
    IReadOnlyList<Hypothesis> Hypotheses,
    IReadOnlyList<Evidence> Evidence,
    IReadOnlyList<TraceStep> Trace,
    InvestigationBudgetUse Budget)
{
    public bool HasSignal(string signal) => Evidence.Any(e => e.Signals.Contains(signal));

    public IEnumerable<Evidence> WithSignal(string signal) => Evidence.Where(e => e.Signals.Contains(signal));
}

/// <summary>How much of its budget the investigation used.</summary>
public sealed record InvestigationBudgetUse(int ToolCalls, int MaxToolCalls, double ElapsedMs, bool Exhausted);
