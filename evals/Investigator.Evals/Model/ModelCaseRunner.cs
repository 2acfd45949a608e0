using Investigator.Core.Cases;
using Investigator.Core.Decisioning;
using Investigator.Core.Drafting;
using Investigator.Core.Intake;
using Investigator.Core.Investigation;
using Investigator.Core.Investigation.Model;
using Investigator.Evals.Format;
using Investigator.Evals.Runner;

namespace Investigator.Evals.Model;

/// <summary>
/// The model engine under evaluation: for each case, a local server replays the case's recorded
/// transcript, and the real Semantic Kernel OpenAI connector talks to it. Intake, decisioning and
/// drafting are the built-in layers; the policy and the checks apply to the model's work too.
/// </summary>
public sealed class ModelCaseRunner(BuiltInEngine engine, string memoryPath, string suiteFolder, string repoRoot) : ICaseRunner
{
    private readonly string _prompt = File.ReadAllText(Path.Combine(repoRoot, "prompts", "investigation.md"));

    public BuiltInEngine Engine => engine;

    public async Task<CaseRun> RunAsync(EvalCase evalCase, Ticket ticket, CancellationToken cancellationToken)
    {
        var transcript = ModelTranscript.Read(Path.Combine(suiteFolder, evalCase.Transcript ?? throw new InvalidDataException($"case {evalCase.Id} has no transcript")));
        await using var server = await ModelReplayServer.ReplayAsync(transcript);
        var investigator = Investigator(server.Endpoint, "replay", transcript.Model ?? "fixture-model");
        var time = TimeProvider.System;
        var pipeline = new CasePipeline(new RuleBasedIntake(engine.Sources.Accounts, time), investigator,
            new PolicyDecider(engine.Policy, engine.Playbooks), new TemplateDrafter(engine.Playbooks), time);
        var outcome = await pipeline.RunAsync(ticket, cancellationToken);
        return new CaseRun(outcome, investigator.LastUsage);
    }

    /// <summary>The model investigator against an OpenAI-compatible endpoint (the replay server here, a real one in the service).</summary>
    public ModelInvestigator Investigator(Uri endpoint, string apiKey, string model)
    {
        return ModelInvestigator.OverOpenAI(endpoint, apiKey, model, engine.Sources, engine.Playbooks, _prompt, TimeProvider.System,
            new PlaybookInvestigator(engine.Sources, engine.Playbooks, TimeProvider.System));
    }

    public void Dispose() => BuiltInCaseRunner.Release(engine, memoryPath);
}
