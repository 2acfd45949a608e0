using Investigator.Core.Decisioning;
using Investigator.Core.Investigation;
using Investigator.Core.Learning;
using Investigator.Core.Sources;
using Investigator.Core.Sources.Local;

namespace Investigator.Core.Tests.Support;

/// <summary>Builds the built-in engine's parts over a world, the way the service does.</summary>
internal static class Engine
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static InvestigationSources Sources(LocalWorld world, ICaseMemory? memory = null, IKnowledgeBase? kb = null) => new(
        new LocalAccountSource(world), new LocalLogSource(world), new LocalIncidentSource(world), new LocalDeploySource(world),
        kb ?? new MarkdownKnowledgeBase([]), memory ?? new EmbeddedCaseMemory(TempFile("memory.db"), new HashingEmbeddingGenerator()));

    public static SupportPolicy Policy() => SupportPolicy.Load(Path.Combine(RepoRoot, "policy", "support-policy.json"));

    public static string TempFile(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "investigator-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name);
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Investigator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Investigator.sln not found above the test output folder.");
    }
}
