using System.Text.Json;
using Investigator.Core.Cases;
using Investigator.Core.Investigation;
using Investigator.Evals.Format;
using Investigator.Evals.Model;
using Investigator.Evals.Runner;

namespace Investigator.Evals.Tests.Model;

/// <summary>
/// The model engine end to end: the real Semantic Kernel OpenAI connector against a local server that
/// replays hand-written transcripts (fixtures), with the real plugins reading the demo world.
/// </summary>
public sealed class ModelEngineTests : IAsyncLifetime
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

    private static JsonElement Response(int n, string? content = null, params (string Name, string Args)[] calls)
    {
        var message = calls.Length == 0
            ? (object)new { role = "assistant", content }
            : new { role = "assistant", content = (string?)null, tool_calls = calls.Select((c, i) => new { id = $"call_{n}_{i}", type = "function", function = new { name = c.Name, arguments = c.Args } }).ToArray() };
        var body = new { id = $"chatcmpl-test-{n}", @object = "chat.completion", created = 1763000000 + n, model = "fixture-model", choices = new[] { new { index = 0, message, finish_reason = calls.Length == 0 ? "stop" : "tool_calls" } }, usage = new { prompt_tokens = 100 * n, completion_tokens = 10, total_tokens = (100 * n) + 10 } };
        return JsonSerializer.SerializeToElement(body);
    }

    private static Core.Intake.Ticket S3() => RecordedSuite.TicketOf(new EvalCase { Id = "s3", TicketFile = "samples/tickets/s03-401-since-yesterday.json", Expected = new() }, Root);

    private Task<(CaseOutcome Outcome, ModelReplayServer Server, Core.Investigation.Model.ModelUsage? Usage)> RunAsync(params JsonElement[] responses) =>
        RunAsync(null, responses);

    private async Task<(CaseOutcome Outcome, ModelReplayServer Server, Core.Investigation.Model.ModelUsage? Usage)> RunAsync(InvestigationBudget? budget, params JsonElement[] responses)
    {
        var server = await ModelReplayServer.ReplayAsync(new ModelTranscript("FIXTURE", "fixture-model", responses));
        var investigator = _runner.Investigator(server.Endpoint, "test", "fixture-model", budget);
        var facts = await new Core.Intake.RuleBasedIntake(new Core.Sources.Local.LocalAccountSource(Core.Sources.Local.LocalWorld.Load(Path.Combine(Root, "samples", "world"))), TimeProvider.System)
            .NormalizeAsync(S3(), CancellationToken.None);
        var result = await investigator.InvestigateAsync(facts, CancellationToken.None);
        var outcome = new CaseOutcome(facts, result, null!, null!, result.Trace);
        return (outcome, server, investigator.LastUsage);
    }

    [Fact]
    public async Task Tool_calls_from_the_model_run_the_real_plugins_and_their_results_go_back_to_the_model()
    {
        var (outcome, server, usage) = await RunAsync(
            Response(1, null, ("account-list_api_keys", "{}"), ("logs-search_logs", "{\"service\":\"api-gateway\"}")),
            Response(2, "{\"hypotheses\":[{\"key\":\"auth.key_revoked\",\"status\":\"confirmed\",\"evidence\":[\"E1\",\"E2\"]}],\"summary\":\"revoked\"}"));
        await using var _ = server;

        Assert.Equal(2, server.Requests.Count);
        Assert.Contains("get_account_overview", server.Requests[0], StringComparison.Ordinal);          // the tools were offered
        Assert.Contains("fp_live_Rk8d", server.Requests[1], StringComparison.Ordinal);                 // the key list went back
        Assert.Contains("AUTH_KEY_REVOKED", server.Requests[1], StringComparison.Ordinal);             // and the log patterns
        Assert.Matches(@"[Ee]vidence\\?""\s*:\s*\[\{\\?""[Ii]d\\?""\s*:\s*\\?""E1", server.Requests[1]);   // with evidence ids to cite
        Assert.Contains(outcome.Trace, t => t.Name == "account.list_api_keys" && t.Outcome == TraceOutcome.Ok);
        Assert.Equal(HypothesisStatus.Confirmed, outcome.Investigation.Hypotheses.Single(h => h.Key == "auth.key_revoked").Status);
        Assert.Equal(new Core.Investigation.Model.ModelUsage(2, 300, 20), usage);
    }

    [Fact]
    public async Task The_evidence_decides_when_the_model_claims_otherwise()
    {
        var (outcome, server, _) = await RunAsync(
            Response(1, null, ("status-list_incidents", "{\"component\":\"API\"}")),
            Response(2, "{\"hypotheses\":[{\"key\":\"platform.incident\",\"status\":\"confirmed\",\"evidence\":[\"E9\"]}]}"));
        await using var _s = server;

        Assert.Equal(HypothesisStatus.Refuted, outcome.Investigation.Hypotheses.Single(h => h.Key == "platform.incident").Status);
        Assert.Contains(outcome.Trace, t => t.Name == "model-vs-evidence" && t.Message!.Contains("The evidence decides", StringComparison.Ordinal));
        Assert.Contains(outcome.Trace, t => t.Name == "model-vs-evidence" && t.Message!.Contains("E9", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_identical_repeated_call_is_refused_and_the_model_is_told()
    {
        var (outcome, server, _) = await RunAsync(
            Response(1, null, ("account-list_api_keys", "{}")),
            Response(2, null, ("account-list_api_keys", "{}")),
            Response(3, "{\"hypotheses\":[]}"));
        await using var _s = server;

        Assert.Contains(outcome.Trace, t => t.Name == "account.list_api_keys" && t.Outcome == TraceOutcome.Refused);
        Assert.Contains("already called with the same arguments", server.Requests[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_the_last_step_the_tools_are_withdrawn()
    {
        var calls = Enumerable.Range(1, 5).Select(i => Response(i, null, ("logs-search_logs", $"{{\"hoursBack\":{i}}}"))).ToList();
        calls.Add(Response(6, "{\"hypotheses\":[]}"));

        var (outcome, server, _) = await RunAsync([.. calls]);
        await using var _s = server;

        Assert.Contains(outcome.Trace, t => t.Name == "model" && t.Message!.Contains("tools withdrawn", StringComparison.Ordinal));
        var last = JsonDocument.Parse(server.Requests[^1]).RootElement;
        Assert.False(last.TryGetProperty("tool_choice", out var choice) && choice.GetString() == "auto");
        Assert.True(server.Requests.Count <= 6);
    }

    [Fact]
    public async Task Each_tool_step_keeps_the_model_s_tool_call_id_and_each_round_trip_its_tokens()
    {
        var (outcome, server, _) = await RunAsync(
            Response(1, null, ("account-list_api_keys", "{}"), ("logs-search_logs", "{\"service\":\"api-gateway\"}")),
            Response(2, "{\"hypotheses\":[]}"));
        await using var _s = server;

        Assert.Equal("call_1_0", outcome.Trace.Single(t => t.Name == "account.list_api_keys").ToolCallId);
        Assert.Equal("call_1_1", outcome.Trace.Single(t => t.Name == "logs.search_logs").ToolCallId);
        var roundTrips = outcome.Trace.Where(t => t.Name == "model" && t.Tokens is not null).Select(t => t.Tokens!).ToList();
        Assert.Equal([new ModelTokens(100, 10), new ModelTokens(200, 10)], roundTrips);
    }

    [Fact]
    public async Task A_spent_token_budget_ends_the_tool_loop_and_the_model_concludes_without_tools()
    {
        var (outcome, server, _) = await RunAsync(new InvestigationBudget(MaxModelTokens: 150),
            Response(1, null, ("account-list_api_keys", "{}")),
            Response(2, null, ("logs-search_logs", "{\"service\":\"api-gateway\"}")),
            Response(3, null, ("status-list_incidents", "{}")),
            Response(4, "{\"hypotheses\":[]}"));
        await using var _s = server;

        Assert.Contains(outcome.Trace, t => t.Name == "model" && t.Message!.StartsWith("Token budget (150; 320 used)", StringComparison.Ordinal));
        Assert.DoesNotContain(outcome.Trace, t => t.Name == "status.list_incidents");
        Assert.Equal(3, server.Requests.Count);
        var last = JsonDocument.Parse(server.Requests[^1]).RootElement;
        Assert.False(last.TryGetProperty("tool_choice", out var choice) && choice.GetString() == "auto");
    }

    [Fact]
    public async Task A_garbage_answer_is_traced_and_the_statuses_come_from_the_evidence()
    {
        var (outcome, server, _) = await RunAsync(
            Response(1, null, ("account-list_api_keys", "{}"), ("logs-search_logs", "{\"service\":\"api-gateway\"}")),
            Response(2, "Sure! Everything looks fine to me :)"));
        await using var _s = server;

        Assert.Contains(outcome.Trace, t => t.Name == "model-vs-evidence" && t.Message!.Contains("not the structured verdict", StringComparison.Ordinal));
        Assert.Equal(HypothesisStatus.Confirmed, outcome.Investigation.Hypotheses.Single(h => h.Key == "auth.key_revoked").Status);
    }

    [Fact]
    public async Task A_failing_model_falls_back_to_the_built_in_engine_visibly()
    {
        // No responses at all: the server answers 500 to the first request.
        var (outcome, server, _) = await RunAsync();
        await using var _s = server;

        var note = Assert.Single(outcome.Trace, t => t.Name == "model");
        Assert.Equal(TraceOutcome.Failed, note.Outcome);
        Assert.Contains("built-in engine investigated instead", note.Message, StringComparison.Ordinal);
        Assert.Equal(HypothesisStatus.Confirmed, outcome.Investigation.Hypotheses.Single(h => h.Key == "auth.key_revoked").Status);
    }

    [Fact]
    public async Task Recording_keeps_what_the_live_endpoint_answered()
    {
        var answers = new[] { Response(1, null, ("account-list_api_keys", "{}")), Response(2, "{\"hypotheses\":[]}") };
        await using var live = await ModelReplayServer.ReplayAsync(new ModelTranscript("FIXTURE", "fixture-model", answers));
        await using var recorder = await ModelReplayServer.RecordAsync(live.Endpoint, "key");
        var investigator = _runner.Investigator(recorder.Endpoint, "key", "fixture-model");
        var facts = await new Core.Intake.RuleBasedIntake(new Core.Sources.Local.LocalAccountSource(Core.Sources.Local.LocalWorld.Load(Path.Combine(Root, "samples", "world"))), TimeProvider.System)
            .NormalizeAsync(S3(), CancellationToken.None);

        await investigator.InvestigateAsync(facts, CancellationToken.None);

        Assert.Equal(answers.Select(a => a.GetRawText()), recorder.Responses.Select(r => r.GetRawText()));
        Assert.Equal(live.Requests, recorder.Requests);
    }
}
