using Investigator.Core.Cases;
using Investigator.Core.Intake;
using Investigator.Evals.Format;

namespace Investigator.Evals.Runner;

/// <summary>An engine under evaluation: a ticket in, a case outcome out.</summary>
public interface ICaseRunner : IDisposable
{
    Task<CaseOutcome> RunAsync(Ticket ticket, CancellationToken cancellationToken);
}

/// <summary>Makes the runner for a suite (the built-in engine over the suite's world, or a test's replacement).</summary>
public delegate Task<ICaseRunner> CaseRunnerFactory(SuiteManifest manifest, EvalContext context, CancellationToken cancellationToken);

/// <summary>The built-in engine over a suite's world, with a fresh case memory seeded from the suite's history.</summary>
public sealed class BuiltInCaseRunner(BuiltInEngine engine, string memoryPath) : ICaseRunner
{
    public static async Task<ICaseRunner> CreateAsync(SuiteManifest manifest, EvalContext context, CancellationToken cancellationToken)
    {
        if (context.Engine != "builtin")
        {
            throw new NotSupportedException($"The '{context.Engine}' engine is not available yet: only the built-in engine exists (the model engine arrives with issues 4, 5, 7 and 8).");
        }

        var memoryPath = Path.Combine(Path.GetTempPath(), "investigator-evals", $"{manifest.Name}-{Guid.NewGuid():N}.db");
        var engine = await BuiltInEngine.OpenAsync(
            new BuiltInEngineSettings(
                Path.Combine(context.RepoRoot, manifest.World),
                Path.Combine(context.RepoRoot, manifest.Policy),
                memoryPath,
                manifest.MemorySeed is null ? null : Path.Combine(context.RepoRoot, manifest.MemorySeed)),
            TimeProvider.System, cancellationToken);
        return new BuiltInCaseRunner(engine, memoryPath);
    }

    public Task<CaseOutcome> RunAsync(Ticket ticket, CancellationToken cancellationToken) => engine.Pipeline.RunAsync(ticket, cancellationToken);

    public void Dispose()
    {
        engine.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { memoryPath, memoryPath + "-wal", memoryPath + "-shm" })
        {
            if (File.Exists(file)) File.Delete(file);
        }
    }
}
