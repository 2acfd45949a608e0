using System.Text.Json;
using Investigator.Core.Cases;
using Investigator.Core.Decisioning;
using Investigator.Core.Diagnostics;
using Investigator.Core.Drafting;
using Investigator.Core.Intake;
using Investigator.Core.Investigation;
using Investigator.Core.Learning;
using Investigator.Core.Sources.Local;

namespace Investigator.Core.Tests.Support;

/// <summary>The built-in pipeline over the checked-in demo world, loaded once for all scenario tests.</summary>
public sealed class DemoWorld : IDisposable
{
    private readonly EmbeddedCaseMemory _memory;

    public DemoWorld()
    {
        var root = Engine.RepoRoot;
        var world = LocalWorld.Load(Path.Combine(root, "samples", "world"));
        _memory = new EmbeddedCaseMemory(Engine.TempFile("memory.db"), new HashingEmbeddingGenerator());
        foreach (var resolved in JsonSerializer.Deserialize<List<ResolvedCase>>(File.ReadAllText(Path.Combine(root, "samples", "world", "resolved-cases.json")), ContractJson.Options)!)
        {
            _memory.UpsertAsync(resolved, CancellationToken.None).GetAwaiter().GetResult();
        }

        var playbooks = PlaybookCatalog.LoadDefault();
        var sources = Engine.Sources(world, _memory, MarkdownKnowledgeBase.Load(Path.Combine(root, "samples", "world", "kb")));
        Pipeline = new CasePipeline(new RuleBasedIntake(sources.Accounts, TimeProvider.System), new PlaybookInvestigator(sources, playbooks, TimeProvider.System),
            new PolicyDecider(Engine.Policy(), playbooks), new TemplateDrafter(playbooks), TimeProvider.System);
    }

    public CasePipeline Pipeline { get; }

    public static Ticket Ticket(string file) =>
        JsonSerializer.Deserialize<Ticket>(File.ReadAllText(Path.Combine(Engine.RepoRoot, "samples", "tickets", file)), ContractJson.Options)!;

    public void Dispose() => _memory.Dispose();
}
