using Investigator.Evals.Format;

namespace Investigator.Evals.Runner;

/// <summary>Every suite the runner knows: each folder under evals/suites, then the public-data suites.</summary>
public static class SuiteCatalog
{
    public static IReadOnlyList<IEvalSuite> All(string repoRoot)
    {
        var recorded = Directory.EnumerateDirectories(Path.Combine(repoRoot, "evals", "suites"))
            .Where(d => File.Exists(Path.Combine(d, "suite.json")))
            .Order(StringComparer.Ordinal)
            .Select(d => (IEvalSuite)new RecordedSuite(d));
        return [.. recorded, .. RealData.RealDataSuites.All()];
    }
}
