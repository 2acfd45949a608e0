using Investigator.Core.Investigation.Tools;

namespace Investigator.Core.Investigation;

/// <summary>Budgets that bound one investigation: tool calls, wall time, and (on the model engine) model tokens.</summary>
public sealed record InvestigationBudget(int MaxToolCalls = 10, TimeSpan? MaxWallTime = null, int MaxModelTokens = 40_000)
{
    public TimeSpan WallTime => MaxWallTime ?? TimeSpan.FromSeconds(30);
}

/// <summary>
/// The running record of one investigation: trace steps with stable ids (T1, T2, …), evidence with
/// stable ids (E1, E2, …), the calls already made and the budget left. One per case, never shared.
/// </summary>
public sealed class InvestigationLedger(InvestigationBudget budget, TimeProvider time)
{
    private readonly List<TraceStep> _trace = [];
    private readonly List<Evidence> _evidence = [];
    private readonly HashSet<string> _calls = new(StringComparer.Ordinal);
    private readonly long _startedTicks = time.GetTimestamp();

    public InvestigationBudget Budget { get; } = budget;

    public TimeProvider Time { get; } = time;

    public int ToolCalls { get; private set; }

    public bool BudgetExhausted => ToolCalls >= Budget.MaxToolCalls || Elapsed >= Budget.WallTime;

    public TimeSpan Elapsed => Time.GetElapsedTime(_startedTicks);

    /// <summary>The id the model gave the tool call being made, if a model made it; recorded on its step.</summary>
    public string? PendingToolCallId { get; set; }

    /// <summary>The hypothesis the engine is working on; recorded on the steps it causes.</summary>
    public string? CurrentHypothesisId { get; set; }

    public IReadOnlyList<TraceStep> Trace => _trace;

    public IReadOnlyList<Evidence> Evidence => _evidence;

    public string NextStepId() => $"T{_trace.Count + 1}";

    /// <summary>Records a call; false when the identical call was already made.</summary>
    public bool TryRegisterCall(string signature)
    {
        if (!_calls.Add(signature))
        {
            return false;
        }

        ToolCalls++;
        return true;
    }

    /// <summary>Whether this exact call was made already (the engine does not repeat itself; a model is refused).</summary>
    public bool AlreadyCalled(string tool, IEnumerable<KeyValuePair<string, object?>> arguments)
    {
        var query = string.Join(", ", arguments.Where(a => a.Value is not null).OrderBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => $"{a.Key}={Convert.ToString(a.Value, System.Globalization.CultureInfo.InvariantCulture)}"));
        return _calls.Contains($"{tool}({query})");
    }

    public TraceStep Add(TraceStep step)
    {
        _trace.Add(step);
        return step;
    }

    /// <summary>Turns a tool's findings into evidence items citing the step; an already known thing keeps its id.</summary>
    public IReadOnlyList<Evidence> AddFindings(IToolResult result, string source, string tool, string query, string stepId)
    {
        var added = new List<Evidence>();
        foreach (var f in result.Findings)
        {
            var existing = _evidence.FindIndex(e => e.Key == f.Key && e.Signals.Contains(f.Signal));
            if (existing >= 0)
            {
                continue;
            }

            var same = _evidence.FindIndex(e => e.Key == f.Key);
            if (same >= 0)
            {
                // The same thing seen through another signal: one evidence item, several signals.
                _evidence[same] = _evidence[same] with { Signals = [.. _evidence[same].Signals, f.Signal] };
                continue;
            }

            var evidence = new Evidence($"E{_evidence.Count + 1}", source, tool, query, f.Statement, f.Excerpt, f.ObservedAt,
                CurrentHypothesisId, EvidenceStance.Neutral, [f.Signal], f.Key, stepId) { };
            _evidence.Add(evidence);
            added.Add(evidence);
            DetailByEvidence[evidence.Id] = f.Detail;
        }

        return added;
    }

    /// <summary>The internal detail behind each evidence item, for the agent's note.</summary>
    public Dictionary<string, string> DetailByEvidence { get; } = new(StringComparer.Ordinal);

    public void Restance(Func<Evidence, Evidence> update)
    {
        for (var i = 0; i < _evidence.Count; i++)
        {
            _evidence[i] = update(_evidence[i]);
        }
    }
}
