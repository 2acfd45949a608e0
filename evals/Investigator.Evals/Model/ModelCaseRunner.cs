using Investigator.Core.Cases;
using Investigator.Core.Decisioning;
using Investigator.Core.Decisioning.Model;
using Investigator.Core.Drafting;
using Investigator.Core.Drafting.Model;
using Investigator.Core.Intake;
using Investigator.Core.Intake.Model;
using Investigator.Core.Investigation;
using Investigator.Core.Investigation.Model;
using Investigator.Evals.Format;
using Investigator.Evals.Runner;

namespace Investigator.Evals.Model;

/// <summary>
/// The model engine under evaluation: for each case, a local server replays the case's recorded
/// transcript, and the real Semantic Kernel OpenAI connector talks to it. The model engine is model
/// intake (the transcript's first response), model investigation, the model's decision proposal and the
/// model's draft (the last response, or the last two when the first draft is redrafted); the built-in
/// layers are each one's fallback, and the policy and the checks apply to the model's work too.
/// </summary>
public sealed class ModelCaseRunner(BuiltInEngine engine, string memoryPath, string suiteFolder, string repoRoot) : ICaseRunner
{
    private readonly string _prompt = File.ReadAllText(Path.Combine(repoRoot, "prompts", "investigation.md"));
    private readonly string _intakePrompt = File.ReadAllText(Path.Combine(repoRoot, "prompts", "intake.md"));
    private readonly string _decisionPrompt = File.ReadAllText(Path.Combine(repoRoot, "prompts", "decision.md"));
    private readonly string _draftPrompt = File.ReadAllText(Path.Combine(repoRoot, "prompts", "draft.md"));

    public BuiltInEngine Engine => engine;

    public async Task<CaseRun> RunAsync(EvalCase evalCase, Ticket ticket, CancellationToken cancellationToken)
    {
        var transcript = ModelTranscript.Read(Path.Combine(suiteFolder, evalCase.Transcript ?? throw new InvalidDataException($"case {evalCase.Id} has no transcript")));
        await using var server = await ModelReplayServer.ReplayAsync(transcript);
        var model = transcript.Model ?? "fixture-model";
        var intake = Intake(server.Endpoint, "replay", model);
        var investigator = Investigator(server.Endpoint, "replay", model);
        var time = TimeProvider.System;
        var decider = Decider(server.Endpoint, "replay", model);
        var drafter = Drafter(server.Endpoint, "replay", model);
        var pipeline = new CasePipeline(intake, investigator, decider, drafter, time);
        var outcome = await pipeline.RunAsync(ticket, cancellationToken);
        return new CaseRun(outcome, Total(Total(Total(intake.LastUsage, investigator.LastUsage), decider.LastUsage), drafter.LastUsage));
    }

    /// <summary>The model intake over the built-in one, against an OpenAI-compatible endpoint.</summary>
    public ModelIntake Intake(Uri endpoint, string apiKey, string model) =>
        ModelIntake.OverOpenAI(endpoint, apiKey, model, new RuleBasedIntake(engine.Sources.Accounts, TimeProvider.System), _intakePrompt);

    /// <summary>The model decider (the model proposes disposition and type, the policy decides the rest) against an OpenAI-compatible endpoint.</summary>
    public ModelDecider Decider(Uri endpoint, string apiKey, string model) =>
        ModelDecider.OverOpenAI(endpoint, apiKey, model, new PolicyDecider(engine.Policy, engine.Playbooks), _decisionPrompt);

    /// <summary>The model drafter (the model writes the reply, the checks judge it, the template is its fallback) against an OpenAI-compatible endpoint.</summary>
    public ModelDrafter Drafter(Uri endpoint, string apiKey, string model) =>
        ModelDrafter.OverOpenAI(endpoint, apiKey, model, new TemplateDrafter(engine.Playbooks), _draftPrompt);

    /// <summary>The model investigator against an OpenAI-compatible endpoint (the replay server here, a real one in the service).</summary>
    public ModelInvestigator Investigator(Uri endpoint, string apiKey, string model, InvestigationBudget? budget = null)
    {
        return ModelInvestigator.OverOpenAI(endpoint, apiKey, model, engine.Sources, engine.Playbooks, _prompt, TimeProvider.System,
            new PlaybookInvestigator(engine.Sources, engine.Playbooks, TimeProvider.System), budget);
    }

    /// <summary>What the case cost across two of its model layers.</summary>
    private static ModelUsage? Total(ModelUsage? intake, ModelUsage? investigation) =>
        intake is null ? investigation
        : investigation is null ? intake
        : new ModelUsage(intake.RoundTrips + investigation.RoundTrips, intake.InputTokens + investigation.InputTokens, intake.OutputTokens + investigation.OutputTokens);

    public void Dispose() => BuiltInCaseRunner.Release(engine, memoryPath);
}
