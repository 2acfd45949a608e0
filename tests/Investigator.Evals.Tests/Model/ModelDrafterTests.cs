using System.Text.Json;
using Investigator.Core.Decisioning;
using Investigator.Core.Drafting;
using Investigator.Core.Drafting.Model;
using Investigator.Core.Intake;
using Investigator.Core.Investigation;
using Investigator.Evals.Format;
using Investigator.Evals.Model;
using Investigator.Evals.Runner;

namespace Investigator.Evals.Tests.Model;

/// <summary>
/// The drafting model path end to end: the real Semantic Kernel OpenAI connector against a local server
/// that replays hand-written replies, over the built-in intake, investigation and decision of demo
/// tickets. Every reply below is a FIXTURE written for these tests; no model produced it.
/// </summary>
public sealed class ModelDrafterTests : IAsyncLifetime
{
    private static readonly string Root = EvalCommand.RepoRoot();
    private ModelCaseRunner _runner = null!;

    private const string S3 = "samples/tickets/s03-401-since-yesterday.json";      // acc_1007, key fp_live_Rk8d revoked: a Resolution
    private const string S8 = "samples/tickets/s08-csv-export-fails.json";         // export defect, escalated: an EscalationNotice
    private const string S16 = "samples/tickets/s16-my-flows-dont-work.json";      // nothing confirmed: a RequestForInformation

    public async Task InitializeAsync() =>
        _runner = (ModelCaseRunner)await BuiltInCaseRunner.CreateAsync(new SuiteManifest { Name = "demo" }, new EvalContext(Root, Root, "model", 1), CancellationToken.None);

    public Task DisposeAsync()
    {
        _runner.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>One case through the built-in layers up to drafting.</summary>
    private sealed record Case(CaseFacts Facts, InvestigationResult Investigation, Decision Decision)
    {
        public string Id(string key) => Investigation.Evidence.Single(e => e.Key == key).Id;
    }

    private async Task<Case> CaseAsync(EvalCase evalCase)
    {
        var engine = _runner.Engine;
        var facts = await new RuleBasedIntake(engine.Sources.Accounts, TimeProvider.System).NormalizeAsync(RecordedSuite.TicketOf(evalCase, Root), CancellationToken.None);
        var investigation = await new PlaybookInvestigator(engine.Sources, engine.Playbooks, TimeProvider.System).InvestigateAsync(facts, CancellationToken.None);
        return new Case(facts, investigation, await new PolicyDecider(engine.Policy, engine.Playbooks).DecideAsync(facts, investigation, CancellationToken.None));
    }

    private Task<Case> CaseAsync(string ticketFile) => CaseAsync(new EvalCase { Id = "t", TicketFile = ticketFile, Expected = new() });

    /// <summary>The model's draft and the built-in one for the same case; the server holds what was sent.</summary>
    private async Task<(Draft Draft, Draft BuiltIn, ModelReplayServer Server)> DraftAsync(Case c, params JsonElement[] responses)
    {
        var server = await ModelReplayServer.ReplayAsync(new ModelTranscript("FIXTURE", "fixture-model", responses));
        var draft = await _runner.Drafter(server.Endpoint, "test", "fixture-model").DraftAsync(c.Facts, c.Investigation, c.Decision, CancellationToken.None);
        var builtIn = await new TemplateDrafter(_runner.Engine.Playbooks).DraftAsync(c.Facts, c.Investigation, c.Decision, CancellationToken.None);
        return (draft, builtIn, server);
    }

    /// <summary>A chat.completion whose message content is <paramref name="content"/> (a FIXTURE).</summary>
    private static JsonElement Reply(string content) => JsonSerializer.SerializeToElement(new
    {
        id = "chatcmpl-fixture-draft",
        @object = "chat.completion",
        created = 1763000000,
        model = "fixture-model",
        choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
        usage = new { prompt_tokens = 900, completion_tokens = 250, total_tokens = 1150 },
    });

    private static JsonElement Proposal(string kind, string body, string subject = "About your request") =>
        Reply(JsonSerializer.Serialize(new { kind, subject, body, internalNote = "Written from the evidence listed." }));

    /// <summary>A grounded S3 reply: every figure and code is in the evidence it cites.</summary>
    private static string GoodS3(Case c) =>
        $"Hi Priya,\n\nThe API key fp_live_Rk8d (\"ci-pipeline\") was revoked on 2026-11-11 16:02 UTC by a user of your account [{c.Id("api_key:key_1007_2")}]. " +
        $"Since then our logs show 16 requests rejected with AUTH_KEY_REVOKED (HTTP 401) [{c.Id("log:api-gateway:AUTH_KEY_REVOKED")}].\n\n" +
        "Please ask an admin of your account to create a new key and replace the revoked one in your pipeline.\n\nBest regards,\nThe Support Team";

    /// <summary>The contents of a request's messages, in order.</summary>
    private static string[] Messages(string request) =>
        [.. JsonDocument.Parse(request).RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString() ?? "")];

    private static (string Name, TraceOutcome Outcome)[] Steps(Draft draft) =>
        [.. ModelDrafter.TraceSteps(draft, DateTimeOffset.UnixEpoch).Select(s => (s.Name, s.Outcome))];

    /// <summary>The built-in draft, unchanged but for the note that says why the model's was not used.</summary>
    private static void AssertBuiltIn(Draft builtIn, Draft draft, string rule, string reason)
    {
        Assert.Equal((builtIn.Kind, builtIn.Subject, builtIn.Body, "builtin"), (draft.Kind, draft.Subject, draft.Body, draft.Engine));
        Assert.StartsWith(builtIn.InternalNote, draft.InternalNote, StringComparison.Ordinal);
        var note = Assert.Single(ModelDrafter.TraceSteps(draft, DateTimeOffset.UnixEpoch), s => s.Name == "drafting:" + rule);
        Assert.Contains(reason, note.Message, StringComparison.Ordinal);
        Assert.Contains("The built-in draft is used.", note.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_grounded_draft_is_used_and_the_model_sees_only_the_evidence_the_facts_and_the_decision()
    {
        var c = await CaseAsync(S3);
        var (draft, _, server) = await DraftAsync(c, Proposal("resolution", GoodS3(c), "Your API key was revoked"));
        await using var _s = server;

        Assert.Equal(("model", MessageKind.Resolution, "en"), (draft.Engine, draft.Kind, draft.Language));
        Assert.Equal(GoodS3(c), draft.Body);
        Assert.True(draft.Check.Passed);
        Assert.Equal([c.Id("api_key:key_1007_2"), c.Id("log:api-gateway:AUTH_KEY_REVOKED")], draft.Citations);
        Assert.Contains("The model's note: Written from the evidence listed.", draft.InternalNote, StringComparison.Ordinal);
        Assert.Equal([("drafting:model-drafted", TraceOutcome.Ok)], Steps(draft));

        var body = JsonDocument.Parse(Assert.Single(server.Requests)).RootElement;
        var messages = Messages(server.Requests[0]);
        Assert.Equal(File.ReadAllText(Path.Combine(Root, "prompts", "draft.md")), messages[0]);
        var user = messages[1];
        Assert.Contains(c.Investigation.Evidence.Single(e => e.Key == "api_key:key_1007_2").Finding.Replace("\"", "\\\"", StringComparison.Ordinal), user, StringComparison.Ordinal);
        Assert.Contains("\"requesterFirstName\": \"Priya\"", user, StringComparison.Ordinal);
        Assert.Contains("\"allowedKinds\": [\n      \"resolution\",\n      \"workaround\"\n    ]", user, StringComparison.Ordinal);
        Assert.DoesNotContain("GitHub Actions", user, StringComparison.Ordinal);                      // the ticket's text is never sent
        Assert.DoesNotContain("req_e72d242d35d4edb5", user, StringComparison.Ordinal);
        Assert.DoesNotContain("authentication failed: api key", user, StringComparison.Ordinal);      // nor the evidence excerpts
        Assert.Equal(0, body.GetProperty("temperature").GetDouble());
        var schema = body.GetProperty("response_format").GetProperty("json_schema");
        Assert.True(schema.GetProperty("strict").GetBoolean());
        Assert.Equal(["kind", "subject", "body", "internalNote"], schema.GetProperty("schema").GetProperty("required").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task A_draft_that_invents_a_fact_is_redrafted_once_with_the_failures_named_then_the_built_in_draft_is_used()
    {
        var c = await CaseAsync(S3);
        var invented = Proposal("resolution",
            $"Hi Priya,\n\nOur logs show 4711 requests rejected with AUTH_KEY_SUSPENDED [{c.Id("log:api-gateway:AUTH_KEY_REVOKED")}].\n\nBest regards,\nThe Support Team");
        var (draft, builtIn, server) = await DraftAsync(c, invented, invented);
        await using var _s = server;

        Assert.Equal(2, server.Requests.Count);
        var redraft = Messages(server.Requests[1]);
        Assert.Equal(4, redraft.Length);                                                             // system, briefing, the first draft, the failures
        Assert.Contains("4711", redraft[2], StringComparison.Ordinal);
        Assert.Contains("Unsupported claim in \"Our logs show 4711 requests rejected with AUTH_KEY_SUSPENDED", redraft[3], StringComparison.Ordinal);
        Assert.Contains("4711, AUTH_KEY_SUSPENDED are not in the cited evidence, the ticket or the decision", redraft[3], StringComparison.Ordinal);

        AssertBuiltIn(builtIn, draft, ModelDrafter.RejectedRule, "second draft failed the checks too: UnsupportedClaim: 4711, AUTH_KEY_SUSPENDED");
        Assert.Equal([("drafting:model-regenerated", TraceOutcome.Refused), ("drafting:model-rejected", TraceOutcome.Refused)], Steps(draft));
        Assert.DoesNotContain("4711", draft.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_draft_citing_evidence_that_does_not_exist_fails_and_a_grounded_redraft_is_used()
    {
        var c = await CaseAsync(S8);
        Assert.DoesNotContain(c.Investigation.Evidence, e => e.Id == "E9");
        var logs = c.Id("log:exports:EXPORT_FAILED");
        var (draft, _, server) = await DraftAsync(c,
            Proposal("escalationNotice", "Hi Rafael,\n\nWe have escalated the failing exports to our engineering team [E9].\n\nBest regards,\nThe Support Team"),
            Proposal("escalationNotice", $"Hi Rafael,\n\nOur logs show 9 exports for your account failing with EXPORT_FAILED [{logs}]. We have escalated this to our engineering team.\n\nBest regards,\nThe Support Team"));
        await using var _s = server;

        Assert.Contains("Invalid citation in \"We have escalated the failing exports to our engineering team [E9].\": cites E9, which is not in the evidence",
            Messages(server.Requests[1])[^1], StringComparison.Ordinal);
        Assert.Equal(("model", MessageKind.EscalationNotice), (draft.Engine, draft.Kind));
        Assert.True(draft.Check.Passed);
        Assert.Equal([logs], draft.Citations);
        Assert.Equal([("drafting:model-regenerated", TraceOutcome.Refused), ("drafting:model-drafted", TraceOutcome.Ok)], Steps(draft));
        Assert.Contains("InvalidCitation: cites E9", draft.InternalNote, StringComparison.Ordinal);
        Assert.Contains("on its second attempt", draft.InternalNote, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_draft_leaking_another_accounts_id_is_blocked_and_the_id_is_not_repeated_to_the_model()
    {
        var c = await CaseAsync(S3);
        var leaking = Proposal("resolution",
            $"Hi Priya,\n\nThe API key fp_live_Rk8d was revoked [{c.Id("api_key:key_1007_2")}]. Another customer, acc_1019, had the same problem last month.\n\nBest regards,\nThe Support Team");
        var (draft, builtIn, server) = await DraftAsync(c, leaking, leaking);
        await using var _s = server;

        Assert.Equal(2, server.Requests.Count);
        Assert.DoesNotContain("acc_1019", server.Requests[1], StringComparison.Ordinal);
        Assert.Contains("Leak: the reply contains another account's identifier", Messages(server.Requests[1])[^1], StringComparison.Ordinal);
        AssertBuiltIn(builtIn, draft, ModelDrafter.RejectedRule, "Leak: another account's identifier");
        Assert.DoesNotContain("acc_1019", draft.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_would_leak_is_withheld_from_the_model_and_noted()
    {
        var c = await CaseAsync(S3);
        Evidence Planted(string id, string finding) =>
            new(id, "logs", "logs.search_logs", "planted", finding, null, null, null, EvidenceStance.Neutral, [], "planted:" + id, "T1");
        var planted = c with
        {
            Facts = c.Facts with { ProblemStatement = c.Facts.ProblemStatement with { Value = c.Facts.ProblemStatement.Value + " Our partner acc_1019 sees it too, via 10.20.30.41." } },
            Investigation = c.Investigation with
            {
                Evidence =
                [
                    .. c.Investigation.Evidence,
                    Planted("E90", "The key fp_live_Rk8dZ7q4LmN9pVw3Xy was last used from db-7.prod.internal (10.20.30.40)."),
                    Planted("E91", "The same error was logged for acc_1019 on the same day."),
                    Planted("E92", "Escalation contact: m.keller@flowpoint.example."),
                ],
            },
        };
        var (draft, _, server) = await DraftAsync(planted, Proposal("resolution", GoodS3(c)));
        await using var _s = server;

        var sent = Assert.Single(server.Requests);
        foreach (var secret in new[] { "Z7q4LmN9", "db-7.prod.internal", "10.20.30.40", "10.20.30.41", "acc_1019", "m.keller@", "E90", "E91", "E92" })
        {
            Assert.DoesNotContain(secret, sent, StringComparison.Ordinal);
        }

        Assert.Contains("Harbor Analytics", sent, StringComparison.Ordinal);                         // the rest of the problem statement still travels
        Assert.Equal("model", draft.Engine);
        Assert.Equal(4, Steps(draft).Count(s => s == ("drafting:model-withheld", TraceOutcome.Refused)));
        Assert.Contains("E90 was not shown to the model: its finding would leak internal host name, internal IP address, a whole API key", draft.InternalNote, StringComparison.Ordinal);
        Assert.Contains("Removed from the problem statement before it was shown to the model: internal IP address, another account's identifier", draft.InternalNote, StringComparison.Ordinal);
        Assert.DoesNotContain("E90", draft.Citations);
    }

    [Fact]
    public async Task A_german_ticket_is_answered_in_german_and_the_note_says_so()
    {
        var evalCase = RecordedSuite.LoadCases(Path.Combine(Root, "evals", "suites", "demo")).Single(e => e.Id == "demo-052");
        var c = await CaseAsync(evalCase);
        Assert.Equal("de", c.Facts.Language.Value);
        var kb = c.Id("kb:kb-020");
        var (draft, builtIn, server) = await DraftAsync(c, Proposal("resolution",
            $"Hallo Rosa,\n\nvielen Dank für Ihre Fragen zum Speicherort Ihrer Daten. Die Antworten stehen in unserem Hilfeartikel „Regions and data residency“ [{kb}].\n\nMit freundlichen Grüßen\nIhr Support-Team",
            "Ihre Fragen zum Speicherort Ihrer Daten"));
        await using var _s = server;

        Assert.StartsWith("Write the subject and the body in German (language code \"de\"), the language of the customer's ticket.", Messages(server.Requests[0])[1], StringComparison.Ordinal);
        Assert.Equal(("model", "de", "en"), (draft.Engine, draft.Language, builtIn.Language));
        Assert.True(draft.Check.Passed);
        Assert.Contains("It is written in German ('de'), the ticket's language.", draft.InternalNote, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kind_the_decision_does_not_allow_leaves_the_built_in_draft()
    {
        var c = await CaseAsync(S16);
        Assert.Equal(Disposition.NeedsInformation, c.Decision.Disposition);
        var (draft, builtIn, server) = await DraftAsync(c, Proposal("resolution", "Hi Jamie,\n\nYour flows work again now.\n\nBest regards,\nThe Support Team"));
        await using var _s = server;

        Assert.Contains("\"allowedKinds\": [\n      \"requestForInformation\"\n    ]", Messages(server.Requests[0])[1], StringComparison.Ordinal);
        Assert.Equal(MessageKind.RequestForInformation, draft.Kind);
        AssertBuiltIn(builtIn, draft, ModelDrafter.RejectedRule, "wrote a 'resolution' message; the decision NeedsInformation/Question allows RequestForInformation");
    }

    [Theory]
    [InlineData("Sure! Hi Priya, your key was revoked, just make a new one :)", "not a JSON object")]
    [InlineData("{\"reply\": \"Hi Priya, your key was revoked.\"}", "no subject or no body")]
    [InlineData("{\"kind\": \"resolution\", \"subject\": \"Your key\", \"body\": }", "not the JSON asked for")]
    public async Task A_garbage_reply_leaves_the_built_in_draft_with_a_note(string content, string problem)
    {
        var c = await CaseAsync(S3);
        var (draft, builtIn, server) = await DraftAsync(c, Reply(content));
        await using var _s = server;

        Assert.Single(server.Requests);                                                              // garbage is not redrafted
        AssertBuiltIn(builtIn, draft, ModelDrafter.UnusableRule, problem);
        Assert.Equal([("drafting:model-unusable", TraceOutcome.Failed)], Steps(draft));
        Assert.Empty(ModelDrafter.TraceSteps(builtIn, DateTimeOffset.UnixEpoch));                   // a draft the model path never touched has no steps
    }

    [Theory]
    [InlineData("demo-001", MessageKind.IncidentUpdate)]
    [InlineData("demo-003", MessageKind.Resolution)]
    [InlineData("demo-008", MessageKind.EscalationNotice)]
    public async Task The_recorded_demo_transcripts_end_with_a_draft_that_passes_the_checks(string id, MessageKind kind)
    {
        var evalCase = RecordedSuite.LoadCases(Path.Combine(Root, "evals", "suites", "demo")).Single(c => c.Id == id);

        var run = await _runner.RunAsync(evalCase, RecordedSuite.TicketOf(evalCase, Root), CancellationToken.None);

        var draft = run.Outcome.Draft;
        Assert.Equal(("model", kind, true), (draft.Engine, draft.Kind, draft.Check.Passed));
        Assert.Contains(run.Outcome.Trace, t => t.Name == "drafting:model-drafted" && t.Outcome == TraceOutcome.Ok);
        Assert.Equal(6, run.Usage!.RoundTrips);                                                     // intake, three investigation round trips, the decision, the draft
    }

    [Fact]
    public async Task An_http_error_leaves_the_built_in_draft_with_a_note()
    {
        // No responses at all: the server answers 500 to every request.
        var (draft, builtIn, server) = await DraftAsync(await CaseAsync(S3));
        await using var _s = server;

        AssertBuiltIn(builtIn, draft, ModelDrafter.UnusableRule, "The model did not answer (HTTP 500");
    }

    [Fact]
    public async Task A_model_that_does_not_answer_in_time_leaves_the_built_in_draft_with_a_note()
    {
        // A server that accepts the connection and never answers.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var endpoint = new Uri($"http://127.0.0.1:{((System.Net.IPEndPoint)silent.LocalEndpoint).Port}/v1");
        var c = await CaseAsync(S3);
        var builtInDrafter = new TemplateDrafter(_runner.Engine.Playbooks);
        var drafter = ModelDrafter.OverOpenAI(endpoint, "test", "fixture-model", builtInDrafter,
            await File.ReadAllTextAsync(Path.Combine(Root, "prompts", "draft.md")), timeout: TimeSpan.FromMilliseconds(300));

        var draft = await drafter.DraftAsync(c.Facts, c.Investigation, c.Decision, CancellationToken.None);
        var builtIn = await builtInDrafter.DraftAsync(c.Facts, c.Investigation, c.Decision, CancellationToken.None);

        AssertBuiltIn(builtIn, draft, ModelDrafter.UnusableRule, "the model did not answer in time");
    }
}
