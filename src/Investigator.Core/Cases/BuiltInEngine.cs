using System.Text.Json;
using Investigator.Core.Decisioning;
using Investigator.Core.Diagnostics;
using Investigator.Core.Drafting;
using Investigator.Core.Intake;
using Investigator.Core.Investigation;
using Investigator.Core.Learning;
using Investigator.Core.Learning.Knowledge;
using Investigator.Core.Sources.Local;

namespace Investigator.Core.Cases;

/// <summary>
/// Where the built-in engine reads its world and policy and keeps its case memory; how its knowledge base
/// ranks (the service's default, <see cref="KnowledgeBaseOptions.Ranking"/>, unless set).
/// </summary>
public sealed record BuiltInEngineSettings(
    string WorldPath,
    string PolicyPath,
    string MemoryPath,
    string? MemorySeedPath = null,
    InvestigationBudget? Budget = null,
    string? PlaybooksPath = null,
    KnowledgeRanking? KnowledgeRanking = null);

/// <summary>
/// The built-in engine assembled over a world folder: local sources, knowledge base (BM25 and the
/// sections' vectors in process, <see cref="HybridKnowledgeBase"/>), embedded case memory, and the four
/// layers in a <see cref="CasePipeline"/>. The service, the benchmark and the evaluations all build it
/// here, so they run the same thing.
/// </summary>
public sealed class BuiltInEngine : IDisposable
{
    private BuiltInEngine(LocalWorld world, HybridKnowledgeBase knowledgeBase, EmbeddedCaseMemory memory, SupportPolicy policy, PlaybookCatalog playbooks, InvestigationBudget? budget, TimeProvider time)
    {
        World = world;
        KnowledgeBase = knowledgeBase;
        Memory = memory;
        Policy = policy;
        Playbooks = playbooks;
        Sources = new InvestigationSources(new LocalAccountSource(world), new LocalLogSource(world), new LocalIncidentSource(world), new LocalDeploySource(world), knowledgeBase, memory);
        Pipeline = new CasePipeline(
            new RuleBasedIntake(Sources.Accounts, time),
            new PlaybookInvestigator(Sources, playbooks, time, budget),
            new PolicyDecider(policy, playbooks),
            new TemplateDrafter(playbooks),
            time);
    }

    public LocalWorld World { get; }

    public HybridKnowledgeBase KnowledgeBase { get; }

    public EmbeddedCaseMemory Memory { get; }

    public SupportPolicy Policy { get; }

    public PlaybookCatalog Playbooks { get; }

    public InvestigationSources Sources { get; }

    public CasePipeline Pipeline { get; }

    /// <summary>Loads the world, knowledge base, policy and playbooks, and seeds an empty memory.</summary>
    public static async Task<BuiltInEngine> OpenAsync(BuiltInEngineSettings settings, TimeProvider time, CancellationToken cancellationToken)
    {
        var world = LocalWorld.Load(settings.WorldPath);
        var playbooks = string.IsNullOrEmpty(settings.PlaybooksPath) ? PlaybookCatalog.LoadDefault() : PlaybookCatalog.LoadFolder(settings.PlaybooksPath);
        var embeddings = new HashingEmbeddingGenerator();
        var memory = new EmbeddedCaseMemory(settings.MemoryPath, embeddings);
        if (settings.MemorySeedPath is { Length: > 0 } seed && File.Exists(seed) && await memory.CountAsync(cancellationToken) == 0)
        {
            foreach (var resolved in ResolvedCaseFile.Read(seed))
            {
                await memory.UpsertAsync(resolved, cancellationToken);
            }
        }

        var knowledgeBase = new HybridKnowledgeBase(MarkdownKnowledgeBase.Load(Path.Combine(world.Root, "kb")),
            new EmbeddedKnowledgeSectionIndex(embeddings), settings.KnowledgeRanking ?? new KnowledgeBaseOptions().Ranking, time: time);
        await knowledgeBase.IndexAsync(cancellationToken);
        return new BuiltInEngine(world, knowledgeBase, memory, SupportPolicy.Load(settings.PolicyPath), playbooks, settings.Budget, time);
    }

    public void Dispose()
    {
        Memory.Dispose();
        KnowledgeBase.Dispose();
    }
}

/// <summary>A JSON file of resolved cases (the demo world's history, an evaluation's memory).</summary>
public static class ResolvedCaseFile
{
    public static IReadOnlyList<ResolvedCase> Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<List<ResolvedCase>>(File.ReadAllText(path), ContractJson.Options) ?? [];
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: line {ex.LineNumber + 1}: {ex.Message}", ex);
        }
    }
}
