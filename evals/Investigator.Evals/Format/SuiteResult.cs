namespace Investigator.Evals.Format;

/// <summary>What a suite is run with.</summary>
/// <param name="RepoRoot">The repository root (holds Investigator.sln).</param>
/// <param name="DataPath">The public datasets folder (../shared/data by default).</param>
/// <param name="Engine">"builtin" or "model".</param>
/// <param name="Repeat">Runs per case, for pass^k.</param>
public sealed record EvalContext(string RepoRoot, string DataPath, string Engine, int Repeat);

/// <summary>A suite the runner can run: the recorded demo suite, or one over public data.</summary>
public interface IEvalSuite
{
    /// <summary>Stable, kebab-case: demo, endava, gitbugs-priority, github-status, wsl-faq, …</summary>
    string Name { get; }

    Task<SuiteResult> RunAsync(EvalContext context, CancellationToken cancellationToken);
}

/// <summary>
/// The scores of one suite. Metric names are "layer.metric" in snake_case and never change meaning;
/// baselines are scored with the same names. A suite that cannot run says why in <see cref="Skipped"/>.
/// </summary>
public sealed record SuiteResult(
    string Name,
    int Cases,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Baselines,
    IReadOnlyList<CaseResult> CaseResults,
    IReadOnlyList<ConfusionMatrix> Confusions,
    string? Skipped = null,
    string? Notes = null)
{
    public static SuiteResult Skip(string name, string why) => new(name, 0, new Dictionary<string, double>(), new Dictionary<string, IReadOnlyDictionary<string, double>>(), [], [], why);
}

/// <summary>One case's outcome, for the drill-down: what was expected, what came out, what failed.</summary>
public sealed record CaseResult(
    string Id,
    bool Passed,
    IReadOnlyDictionary<string, string> Expected,
    IReadOnlyDictionary<string, string> Actual,
    IReadOnlyList<string> Failures,
    double LatencyMs,
    int Runs = 1,
    int RunsPassed = 1,
    string? Trace = null);

/// <summary>A confusion matrix: Counts[expected][actual] over <see cref="Labels"/>.</summary>
public sealed record ConfusionMatrix(string Name, IReadOnlyList<string> Labels, IReadOnlyList<IReadOnlyList<int>> Counts);
