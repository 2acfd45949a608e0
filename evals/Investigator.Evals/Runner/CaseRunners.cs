using Investigator.Core.Cases;
using Investigator.Core.Intake;
using Investigator.Core.Investigation.Model;
using Investigator.Evals.Format;

namespace Investigator.Evals.Runner;

/// <summary>One run of one case: the outcome, and what a model cost (null for the built-in engine).</summary>
public sealed record CaseRun(CaseOutcome Outcome, ModelUsage? Usage = null);

/// <summary>An engine under evaluation: a case's ticket in, a case outcome out.</summary>
public interface ICaseRunner : IDisposable
{
    Task<CaseRun> RunAsync(EvalCase evalCase, Ticket ticket, CancellationToken cancellationToken);
}

/// <summary>Makes the runner for a suite (the built-in engine over the suite's world, or a test's replacement).</summary>
public delegate Task<ICaseRunner> CaseRunnerFactory(SuiteManifest manifest, EvalContext context, CancellationToken cancellationToken);

/// <summary>The built-in engine over a suite's world, with a fresh case memory seeded from the suite's history.</summary>
public sealed class BuiltInCaseRunner(BuiltInEngine engine, string memoryPath) : ICaseRunner
{
    public static async Task<ICaseRunner> CreateAsync(SuiteManifest manifest, EvalContext context, CancellationToken cancellationToken)
    {
        var memoryPath = Path.Combine(Path.GetTempPath(), "investigator-evals", $"{manifest.Name}-{Guid.NewGuid():N}.db");
        var engine = await BuiltInEngine.OpenAsync(
            new BuiltInEngineSettings(
                Path.Combine(context.RepoRoot, manifest.World),
                Path.Combine(context.RepoRoot, manifest.Policy),
                memoryPath,
                manifest.MemorySeed is null ? null : Path.Combine(context.RepoRoot, manifest.MemorySeed)),
            TimeProvider.System, cancellationToken);
        return context.Engine == "model"
            ? new Model.ModelCaseRunner(engine, memoryPath, Path.Combine(context.RepoRoot, "evals", "suites", manifest.Name), context.RepoRoot)
            : new BuiltInCaseRunner(engine, memoryPath);
    }

    public async Task<CaseRun> RunAsync(EvalCase evalCase, Ticket ticket, CancellationToken cancellationToken) =>
        new(await engine.Pipeline.RunAsync(ticket, cancellationToken));

    public void Dispose() => Release(engine, memoryPath);

    /// <summary>Closes the engine and deletes its temporary case memory.</summary>
    internal static void Release(BuiltInEngine engine, string memoryPath)
    {
        engine.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { memoryPath, memoryPath + "-wal", memoryPath + "-shm" })
        {
            if (File.Exists(file)) File.Delete(file);
        }
    }
}
