using Investigator.Evals.Format;

namespace Investigator.Evals.Runner;

/// <summary>
/// Every suite the runner knows: each folder under evals/suites, demo-lift (the demo suite replayed with
/// and without learning from confirmed cases), then the public-data suites.
/// </summary>
public static class SuiteCatalog
{
    /// <summary>The recorded suites whose learning lift is measured: those labelled with dispositions and types.</summary>
    public static readonly IReadOnlyList<string> LiftSuites = ["demo"];

    public static IReadOnlyList<IEvalSuite> All(string repoRoot)
    {
        var folders = Directory.EnumerateDirectories(Path.Combine(repoRoot, "evals", "suites"))
            .Where(d => File.Exists(Path.Combine(d, "suite.json")))
            .Order(StringComparer.Ordinal)
            .ToList();
        var recorded = folders.Select(d => (IEvalSuite)new RecordedSuite(d));
        var lift = folders.Where(d => LiftSuites.Contains(Path.GetFileName(d))).Select(d => (IEvalSuite)new LearningLiftSuite(d));
        return [.. recorded, .. lift, .. RealData.RealDataSuites.All()];
    }
}
