using Investigator.Evals.Format;
using Investigator.Evals.Scoring;

namespace Investigator.Evals.RealData;

/// <summary>
/// (expected, actual) pairs per task for one predictor (the engine or a baseline), so that the engine
/// and the baselines are scored by the same code under the same metric names.
/// </summary>
public sealed class TaskPairs
{
    private readonly Dictionary<string, List<(string Expected, string Actual)>> _pairs = new(StringComparer.Ordinal);

    public void Add(string task, string expected, string actual)
    {
        if (!_pairs.TryGetValue(task, out var list))
        {
            list = [];
            _pairs[task] = list;
        }

        list.Add((expected, actual));
    }

    public IReadOnlyList<(string Expected, string Actual)> this[string task] =>
        _pairs.TryGetValue(task, out var list) ? list : [];

    public double Accuracy(string task) => Classification.Accuracy(this[task]);

    public double MacroF1(string task) => Classification.MacroF1(this[task]);
}

/// <summary>Helpers shared by the real-data suites.</summary>
public static class RealDataScoring
{
    /// <summary>Case results are kept for the first this-many test records, to keep reports small.</summary>
    public const int MaxCaseResults = 200;

    /// <summary>One case: passed when every expected label was predicted; a failure line per wrong label.</summary>
    public static CaseResult Case(string id, IReadOnlyDictionary<string, string> expected, IReadOnlyDictionary<string, string> actual, double latencyMs, string? trace = null)
    {
        var failures = expected
            .Where(e => !actual.TryGetValue(e.Key, out var a) || a != e.Value)
            .Select(e => $"{e.Key}: expected {e.Value}, got {actual.GetValueOrDefault(e.Key, "(none)")}")
            .ToList();
        return new CaseResult(id, failures.Count == 0, expected, actual, failures, Math.Round(latencyMs, 3), Trace: trace);
    }

    /// <summary>Micro-averaged F1 over predicted and expected sets (true positives are shared members).</summary>
    public static double SetMicroF1(IEnumerable<(IReadOnlyCollection<string> Expected, IReadOnlyCollection<string> Actual)> pairs)
    {
        int tp = 0, fp = 0, fn = 0;
        foreach (var (expected, actual) in pairs)
        {
            var e = expected.ToHashSet(StringComparer.Ordinal);
            var a = actual.ToHashSet(StringComparer.Ordinal);
            tp += a.Count(e.Contains);
            fp += a.Count(x => !e.Contains(x));
            fn += e.Count(x => !a.Contains(x));
        }

        return Classification.F1(tp, fp, fn);
    }

    /// <summary>
    /// These suites exercise the built-in engine's parts only; a run asked for another engine says so in
    /// the notes rather than pretending the model was scored.
    /// </summary>
    public static string EngineNote(EvalContext context) =>
        context.Engine.Equals("builtin", StringComparison.OrdinalIgnoreCase)
            ? ""
            : $"Engine '{context.Engine}' was asked for, but the real-data suites have no model path: the figures are the built-in engine's.";

    /// <summary>The notes of a suite: its non-empty parts, space-separated.</summary>
    public static string Sentences(params string[] parts) => string.Join(' ', parts.Where(p => p.Length > 0));

    public static string Join(IEnumerable<string> labels) => string.Join("|", labels.Order(StringComparer.Ordinal));

    public static string F(double value) => value.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture);
}
