using System.Text.Json;
using Investigator.Core.Decisioning;
using Investigator.Core.Decisioning.Model;
using Investigator.Core.Diagnostics;
using Investigator.Core.Intake;
using Investigator.Core.Investigation;
using Investigator.Evals.Format;
using Investigator.Evals.Model;
using Investigator.Evals.Runner;

namespace Investigator.Evals.Tests.Model;

/// <summary>
/// The decision model path end to end: the real Semantic Kernel OpenAI connector against a local server
/// that replays hand-written replies, over the built-in intake and investigation of demo tickets. Every
/// reply below is a FIXTURE written for these tests; no model produced it.
/// </summary>
public sealed class ModelDeciderTests : IAsyncLifetime
{
    private static readonly string Root = EvalCommand.RepoRoot();
    private ModelCaseRunner _runner = null!;

    public async Task InitializeAsync()
    {
        var manifest = new SuiteManifest { Name = "demo" };
        _runner = (ModelCaseRunner)await BuiltInCaseRunner.CreateAsync(manifest, new EvalContext(Root, Root, "model", 1), CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        _runner.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A chat.completion whose message content is <paramref name="content"/> (a FIXTURE).</summary>
    private static JsonElement Reply(string content) => JsonSerializer.SerializeToElement(new
    {
        id = "chatcmpl-fixture-decision",
        @object = "chat.completion",
        created = 1763000000,
        model = "fixture-model",
        choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
        usage = new { prompt_tokens = 640, completion_tokens = 60, total_tokens = 700 },
    });

    private static JsonElement Proposal(string disposition, string type, params string[] evidence) => Reply(JsonSerializer.Serialize(new
    {
        disposition,
        type,
        reasons = new[] { new { aspect = "disposition", explanation = "The cited evidence shows it.", evidence } },
    }));

    private async Task<(CaseFacts Facts, InvestigationResult Investigation)> CaseAsync(string ticketFile)
    {
        var ticket = RecordedSuite.TicketOf(new EvalCase { Id = "t", TicketFile = ticketFile, Expected = new() }, Root);
        var engine = _runner.Engine;
        var facts = await new RuleBasedIntake(engine.Sources.Accounts, TimeProvider.System).NormalizeAsync(ticket, CancellationToken.None);
        var investigation = await new PlaybookInvestigator(engine.Sources, engine.Playbooks, TimeProvider.System).InvestigateAsync(facts, CancellationToken.None);
        return (facts, investigation);
    }

    private const string S3 = "samples/tickets/s03-401-since-yesterday.json";      // auth.key_revoked confirmed: userOrConfigurationMistake/configuration
    private const string S16 = "samples/tickets/s16-my-flows-dont-work.json";      // nothing confirmed: needsInformation
    private const string S18 = "samples/tickets/s18-api-key-leaked.json";          // security.key_misuse: immediate SecurityBreach escalation

    private PolicyDecider Policy() => new(_runner.Engine.Policy, _runner.Engine.Playbooks);

    private async Task<(Decision Model, Decision BuiltIn, ModelReplayServer Server, InvestigationResult Investigation)> DecideAsync(string ticketFile, params JsonElement[] responses)
    {
        var (facts, investigation) = await CaseAsync(ticketFile);
        var server = await ModelReplayServer.ReplayAsync(new ModelTranscript("FIXTURE", "fixture-model", responses));
        var decision = await _runner.Decider(server.Endpoint, "test", "fixture-model").DecideAsync(facts, investigation, CancellationToken.None);
        return (decision, await Policy().DecideAsync(facts, investigation, CancellationToken.None), server, investigation);
    }

    private static string[] Supporting(InvestigationResult investigation) =>
        [.. investigation.Evidence.Where(e => e.Stance == EvidenceStance.Supports).Select(e => e.Id)];

    /// <summary>Everything the policy decides, without the rationale: what a lead would act on.</summary>
    private static string Outcome(Decision decision) => JsonSerializer.Serialize(decision with { Rationale = [] }, ContractJson.Options);

    private static DecisionReason Note(Decision decision, string rule) => Assert.Single(decision.Rationale, r => r.Rule == rule);

    [Fact]
    public async Task A_supported_proposal_is_adopted_and_the_policy_decides_the_rest()
    {
        var (facts, investigation) = await CaseAsync(S3);
        var ids = Supporting(investigation);
        Assert.NotEmpty(ids);
        var (decision, builtIn, server, _) = await DecideAsync(S3, Proposal("userOrConfigurationMistake", "userError", ids));
        await using var _s = server;

        Assert.Equal(CaseType.Configuration, builtIn.Type);
        Assert.Equal(Disposition.UserOrConfigurationMistake, decision.Disposition);
        Assert.Equal(CaseType.UserError, decision.Type);
        var adopted = Note(decision, ModelDecider.AdoptedRule);
        Assert.Contains("UserOrConfigurationMistake/Configuration", adopted.Explanation, StringComparison.Ordinal);   // what the built-in said
        Assert.Equal(ids, Assert.Single(decision.Rationale, r => r.Rule == ModelDecider.ProposalRule).EvidenceIds);
        Assert.Contains(decision.Rationale, r => r.Rule == "hypothesis:auth.key_revoked");                           // the confirmed hypothesis still explains it
        Assert.DoesNotContain(decision.Rationale, r => r.Rule is ModelDecider.OverruledRule or ModelDecider.DroppedRule);

        // Priority, SLA, route and escalation are the policy's for the adopted classification.
        var policy = Policy().DecideAs(facts, investigation, Disposition.UserOrConfigurationMistake, CaseType.UserError, builtIn.Confidence, []);
        Assert.Equal(Outcome(policy), Outcome(decision));
        Assert.Contains(decision.Rationale, r => r.Aspect == "priority" && r.Rule.StartsWith("matrix:", StringComparison.Ordinal));

        var step = Assert.Single(ModelDecider.TraceSteps(decision, DateTimeOffset.UnixEpoch));
        Assert.Equal(("decisioning:model-adopted", TraceOutcome.Ok), (step.Name, step.Outcome));
    }

    [Fact]
    public async Task An_immediate_trigger_overrules_the_model_and_the_escalation_is_kept()
    {
        var (_, investigation) = await CaseAsync(S18);
        var (decision, builtIn, server, _) = await DecideAsync(S18, Proposal("userOrConfigurationMistake", "userError", Supporting(investigation)));
        await using var _s = server;

        // Without the trigger this proposal would stand (same disposition, a fitting type, real evidence): see the test above.
        Assert.Equal(CaseType.Configuration, decision.Type);
        Assert.Equal(Outcome(builtIn), Outcome(decision));
        Assert.True(decision.Escalation!.Immediate);
        Assert.Equal(EscalationTrigger.SecurityBreach, decision.Escalation.Trigger);
        Assert.Contains("immediate trigger SecurityBreach", Note(decision, ModelDecider.OverruledRule).Explanation, StringComparison.Ordinal);
        Assert.Equal(TraceOutcome.Refused, Assert.Single(ModelDecider.TraceSteps(decision, DateTimeOffset.UnixEpoch)).Outcome);
    }

    [Fact]
    public async Task A_defect_nothing_confirms_is_overruled_and_the_customer_is_asked()
    {
        var (_, investigation) = await CaseAsync(S16);
        var cited = investigation.Evidence.Select(e => e.Id).Take(1).DefaultIfEmpty("E1").ToArray();
        var (decision, builtIn, server, _) = await DecideAsync(S16, Proposal("productDefect", "bug", cited));
        await using var _s = server;

        Assert.Equal(Disposition.NeedsInformation, builtIn.Disposition);
        Assert.Equal(Disposition.NeedsInformation, decision.Disposition);
        Assert.Equal(Outcome(builtIn), Outcome(decision));
        Assert.NotEmpty(decision.QuestionsToAsk);
        Assert.Contains("no hypothesis is confirmed", Note(decision, ModelDecider.OverruledRule).Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_proposal_that_contradicts_the_confirmed_hypothesis_is_overruled()
    {
        var (_, investigation) = await CaseAsync(S3);
        var (decision, builtIn, server, _) = await DecideAsync(S3, Proposal("productDefect", "bug", Supporting(investigation)));
        await using var _s = server;

        Assert.Equal(Outcome(builtIn), Outcome(decision));
        Assert.Null(decision.Escalation);
        Assert.Contains("contradicts the confirmed hypothesis (hypothesis:auth.key_revoked)", Note(decision, ModelDecider.OverruledRule).Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evidence_that_does_not_exist_is_dropped_and_the_proposal_it_carried_is_overruled()
    {
        var (decision, builtIn, server, _) = await DecideAsync(S3, Proposal("userOrConfigurationMistake", "userError", "E99"));
        await using var _s = server;

        Assert.Equal(CaseType.Configuration, decision.Type);
        Assert.Equal(Outcome(builtIn), Outcome(decision));
        Assert.Contains("E99", Assert.Single(decision.Rationale, r => r.Rule == ModelDecider.DroppedRule && r.Explanation.Contains("does not exist", StringComparison.Ordinal)).Explanation, StringComparison.Ordinal);
        Assert.Contains("none of its reasons cites evidence", Note(decision, ModelDecider.OverruledRule).Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain(decision.Rationale, r => r.EvidenceIds.Contains("E99"));
        Assert.Equal(2, ModelDecider.TraceSteps(decision, DateTimeOffset.UnixEpoch).Count(s => s.Outcome == TraceOutcome.Refused));
    }

    [Fact]
    public async Task An_unknown_value_is_dropped_and_noted()
    {
        var (_, investigation) = await CaseAsync(S3);
        var (decision, builtIn, server, _) = await DecideAsync(S3, Proposal("userOrConfigurationMistake", "3", Supporting(investigation)));
        await using var _s = server;

        Assert.Equal(Outcome(builtIn), Outcome(decision));
        Assert.Contains("type '3' is not a known value", Note(decision, ModelDecider.DroppedRule).Explanation, StringComparison.Ordinal);
        Assert.Single(decision.Rationale, r => r.Rule == ModelDecider.AdoptedRule);
    }

    [Fact]
    public async Task A_garbage_reply_leaves_the_built_in_decision_with_a_note()
    {
        var (decision, builtIn, server, _) = await DecideAsync(S3, Reply("Sure! This is definitely a bug, escalate it :)"));
        await using var _s = server;

        Assert.Equal(Outcome(builtIn), Outcome(decision));
        Assert.Equal([.. builtIn.Rationale.Select(r => r.Rule), ModelDecider.UnusableRule], decision.Rationale.Select(r => r.Rule));
        Assert.Contains("not a JSON object", Note(decision, ModelDecider.UnusableRule).Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_http_error_leaves_the_built_in_decision_with_a_note()
    {
        // No responses at all: the server answers 500 to every request.
        var (decision, builtIn, server, _) = await DecideAsync(S18);
        await using var _s = server;

        Assert.Equal(Outcome(builtIn), Outcome(decision));
        Assert.Contains("HTTP 500", Note(decision, ModelDecider.UnusableRule).Explanation, StringComparison.Ordinal);
        Assert.Equal(("decisioning:model-unusable", TraceOutcome.Failed), Assert.Single(ModelDecider.TraceSteps(decision, DateTimeOffset.UnixEpoch)) is var s ? (s.Name, s.Outcome) : default);
    }

    [Fact]
    public async Task The_request_carries_the_prompt_the_evidence_and_a_strict_json_schema()
    {
        var (_, investigation) = await CaseAsync(S3);
        var (_, _, server, _) = await DecideAsync(S3, Proposal("userOrConfigurationMistake", "configuration", Supporting(investigation)));
        await using var _s = server;

        var body = JsonDocument.Parse(Assert.Single(server.Requests)).RootElement;
        var messages = body.GetProperty("messages");
        Assert.Equal("system", messages[0].GetProperty("role").GetString());
        Assert.Equal(File.ReadAllText(Path.Combine(Root, "prompts", "decision.md")), messages[0].GetProperty("content").GetString());
        var user = messages[1].GetProperty("content").GetString()!;
        Assert.Contains("auth.key_revoked", user, StringComparison.Ordinal);
        Assert.Contains($"\"{Supporting(investigation)[0]}\"", user, StringComparison.Ordinal);
        Assert.Equal(0, body.GetProperty("temperature").GetDouble());

        var format = body.GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        var schema = format.GetProperty("json_schema");
        Assert.True(schema.GetProperty("strict").GetBoolean());
        var properties = schema.GetProperty("schema").GetProperty("properties");
        Assert.Equal(["expectedBehaviour", "userOrConfigurationMistake", "productDefect", "incident", "needsInformation"],
            properties.GetProperty("disposition").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        Assert.Contains("featureRequest", properties.GetProperty("type").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task The_policy_seam_gives_the_built_in_decision_for_the_built_in_classification()
    {
        foreach (var ticket in new[] { S3, S16, S18 })
        {
            var (facts, investigation) = await CaseAsync(ticket);
            var builtIn = await Policy().DecideAsync(facts, investigation, CancellationToken.None);
            var classification = builtIn.Rationale.Where(r => r.Aspect is "disposition" or "type").ToList();

            var seam = Policy().DecideAs(facts, investigation, builtIn.Disposition, builtIn.Type, builtIn.Confidence, classification);

            Assert.Equal(JsonSerializer.Serialize(builtIn, ContractJson.Options), JsonSerializer.Serialize(seam, ContractJson.Options));
        }
    }

    [Theory]
    [InlineData("demo-001")]
    [InlineData("demo-003")]
    [InlineData("demo-008")]
    public async Task The_recorded_demo_transcripts_cover_the_decision(string id)
    {
        var evalCase = RecordedSuite.LoadCases(Path.Combine(Root, "evals", "suites", "demo")).Single(c => c.Id == id);

        var run = await _runner.RunAsync(evalCase, RecordedSuite.TicketOf(evalCase, Root), CancellationToken.None);

        Assert.Contains(run.Outcome.Decision.Rationale, r => r.Rule == ModelDecider.AdoptedRule);
        Assert.DoesNotContain(run.Outcome.Decision.Rationale, r => r.Rule.StartsWith("model-", StringComparison.Ordinal) && r.Rule is not ModelDecider.AdoptedRule and not ModelDecider.ProposalRule);
        Assert.Equal(6, run.Usage!.RoundTrips);   // intake, three investigation round trips, the decision, the draft
    }
}
