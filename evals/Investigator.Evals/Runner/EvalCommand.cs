using System.Diagnostics;
using Investigator.Evals.Format;
using Investigator.Evals.Reports;

namespace Investigator.Evals.Runner;

/// <summary>Runs the chosen suites, writes the three reports, and applies the threshold gate.</summary>
public static class EvalCommand
{
    public static async Task<int> RunAsync(EvalOptions options, TextWriter output, CancellationToken cancellationToken, IReadOnlyList<IEvalSuite>? suites = null)
    {
        var root = RepoRoot();
        if (options.Compare is { } compare)
        {
            var comparison = Comparison.Render(EvalReport.Read(compare.Before), EvalReport.Read(compare.After));
            Directory.CreateDirectory(Path.Combine(root, options.Out));
            await File.WriteAllTextAsync(Path.Combine(root, options.Out, "comparison.md"), comparison, cancellationToken);
            await output.WriteLineAsync(comparison);
            return 0;
        }

        if (options.Record)
        {
            return await Model.TranscriptRecorder.RecordAsync(root, options.Suite, output, cancellationToken);
        }

        var context = new EvalContext(root, options.DataPath is null ? Path.GetFullPath(Path.Combine(root, "..", "shared", "data")) : Path.GetFullPath(options.DataPath), options.Engine, options.Repeat);
        var available = suites ?? SuiteCatalog.All(root);
        var chosen = options.Suite == "all" ? available : available.Where(s => s.Name == options.Suite).ToList();
        if (chosen.Count == 0)
        {
            throw new ArgumentException($"no suite named '{options.Suite}'; known: {string.Join(", ", available.Select(s => s.Name))}");
        }

        var results = new List<SuiteResult>();
        foreach (var suite in chosen)
        {
            var clock = Stopwatch.StartNew();
            var result = await suite.RunAsync(context, cancellationToken);
            results.Add(result);
            await output.WriteLineAsync(result.Skipped is null
                ? $"{suite.Name}: {result.Cases} cases in {clock.Elapsed.TotalSeconds:0.0} s"
                : $"{suite.Name}: skipped: {result.Skipped}");
        }

        var report = EvalReport.From(options.Engine, Commit(root), DateTimeOffset.UtcNow, results);
        var outDir = Path.Combine(root, options.Out);
        Directory.CreateDirectory(outDir);
        await File.WriteAllTextAsync(Path.Combine(outDir, "report.json"), report.ToJson(), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(outDir, "report.md"), MarkdownReport.Render(report, results), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(outDir, "report.html"), HtmlReport.Render(report, results), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(outDir, "cases.json"), CaseDrillDown(results), cancellationToken);
        await output.WriteLineAsync($"reports written to {outDir}");

        if (options.ThresholdsPath is null)
        {
            return 0;
        }

        var violations = Thresholds.Check(report, Thresholds.Read(Path.Combine(root, options.ThresholdsPath)));
        foreach (var v in violations)
        {
            await output.WriteLineAsync($"GATE: {v}");
        }

        await output.WriteLineAsync(violations.Count == 0 ? "gate: every metric meets its threshold" : $"gate: {violations.Count} metrics under their thresholds");
        return violations.Count == 0 ? 0 : 1;
    }

    /// <summary>Every case's expected and actual values and failures, per suite, for tooling and diffs between runs.</summary>
    private static string CaseDrillDown(IReadOnlyList<SuiteResult> results) =>
        System.Text.Json.JsonSerializer.Serialize(
            results.ToDictionary(r => r.Name, r => r.CaseResults.Select(c => new { c.Id, c.Passed, c.Expected, c.Actual, c.Failures })),
            DrillDownJson);

    private static readonly System.Text.Json.JsonSerializerOptions DrillDownJson = new() { WriteIndented = true, PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase };

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Investigator.sln"))) return dir.FullName;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Investigator.sln"))) return dir.FullName;
        }

        throw new DirectoryNotFoundException("Run the evaluations inside the repository: Investigator.sln was not found above the current folder.");
    }

    private static string Commit(string root)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", "rev-parse --short HEAD") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true });
            var sha = git?.StandardOutput.ReadToEnd().Trim();
            git?.WaitForExit();
            return string.IsNullOrEmpty(sha) ? "unknown" : sha;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
