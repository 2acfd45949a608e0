using Investigator.Core.Intake;
using Investigator.Core.Investigation;
using Investigator.Core.Sources.Local;
using Investigator.Core.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Investigator.Core.Tests.Investigation;

public sealed class PlaybookInvestigatorTests
{
    private static async Task<InvestigationResult> InvestigateAsync(string subject, string body, string email = "priya@harbor.example")
    {
        var world = TinyWorld.Create();
        var time = new FakeTimeProvider(TinyWorld.Reported);
        var facts = await new RuleBasedIntake(new LocalAccountSource(world), time).NormalizeAsync(TinyWorld.Ticket(subject, body, email), CancellationToken.None);
        return await new PlaybookInvestigator(Engine.Sources(world), PlaybookCatalog.LoadDefault(), time).InvestigateAsync(facts, CancellationToken.None);
    }

    [Fact]
    public async Task A_revoked_key_is_confirmed_by_the_key_list_and_the_logs()
    {
        var result = await InvestigateAsync("API returns 401", "Since yesterday all calls fail with 401 Unauthorized AUTH_KEY_REVOKED.");

        var confirmed = Assert.Single(result.Hypotheses, h => h.Status == HypothesisStatus.Confirmed);
        Assert.Equal("auth.key_revoked", confirmed.Key);
        Assert.Contains(result.Evidence, e => e.Key == "api_key:key_2001_a" && e.Stance == EvidenceStance.Supports);
        Assert.Contains(result.Evidence, e => e.Signals.Contains("logs.error_code:AUTH_KEY_REVOKED") && e.Stance == EvidenceStance.Supports);
        Assert.Equal(HypothesisStatus.Refuted, result.Hypotheses.Single(h => h.Key == "platform.incident").Status);
    }

    [Fact]
    public async Task Evidence_ids_are_sequential_and_cite_a_recorded_tool_call()
    {
        var result = await InvestigateAsync("API returns 401", "All calls fail with 401 AUTH_KEY_REVOKED.");

        Assert.Equal(Enumerable.Range(1, result.Evidence.Count).Select(i => $"E{i}"), result.Evidence.Select(e => e.Id));
        var toolSteps = result.Trace.Where(t => t.Kind == TraceStepKind.ToolCall).ToDictionary(t => t.Id);
        Assert.All(result.Evidence, e => Assert.Equal(e.Tool, toolSteps[e.TraceStepId].Name));
        Assert.All(toolSteps.Values.Where(t => t.Outcome is TraceOutcome.Ok or TraceOutcome.Empty), t => Assert.True(t.ResultSize > 0));
    }

    [Fact]
    public void A_check_narrowed_to_components_runs_only_for_tickets_about_them()
    {
        var playbook = PlaybookCatalog.Parse("test", """
            {"id":"t","categories":["question"],"hypotheses":[{"key":"q","statement":"s","checks":[{"tool":"knowledge.search_knowledge_base"}],
             "confirmedBy":["kb.match"],"refutedBy":[],"outcome":{"disposition":"expectedBehaviour","type":"question"},"cause":"c","steps":[],
             "corroborate":[{"tool":"account.list_webhook_endpoints","whenProduct":["Webhooks"]}]}]}
            """);

        var check = Assert.Single(playbook.Hypotheses[0].Corroborate!);
        Assert.True(check.AppliesTo("Webhooks"));
        Assert.True(check.AppliesTo("webhooks"));
        Assert.False(check.AppliesTo("Billing"));
        Assert.False(check.AppliesTo(null));
        Assert.True(playbook.Hypotheses[0].Checks[0].AppliesTo(null));
    }

    [Fact]
    public async Task A_risk_intake_found_is_a_signal_an_erasure_request_is_confirmed_by()
    {
        var result = await InvestigateAsync("GDPR erasure request", "Under Article 17 GDPR we ask you to delete all personal data of this data subject from run history and exports.");

        Assert.Equal("compliance.erasure_request", Assert.Single(result.Hypotheses, h => h.Status == HypothesisStatus.Confirmed).Key);
    }

    [Fact]
    public void A_hypothesis_may_give_a_product_its_own_steps()
    {
        var playbook = PlaybookCatalog.Parse("test", """
            {"id":"t","categories":["outage"],"hypotheses":[{"key":"i","statement":"s","checks":[{"tool":"status.list_incidents"}],"confirmedBy":["x"],"refutedBy":[],
             "outcome":{"disposition":"incident","type":"outage"},"cause":"c","steps":["Retry failed requests."],
             "productSteps":{"Webhooks":["Resend the failed deliveries."]}}]}
            """);

        var incident = playbook.Hypotheses[0];
        Assert.Equal(["Resend the failed deliveries."], incident.StepsFor("webhooks"));
        Assert.Equal(["Retry failed requests."], incident.StepsFor("API"));
        Assert.Equal(["Retry failed requests."], incident.StepsFor(null));
    }

    [Fact]
    public async Task The_questions_of_a_ticket_are_searched_on_their_own_after_a_playbook_s_knowledge_query()
    {
        var result = await InvestigateAsync("API returns 401",
            "Since yesterday all calls fail with 401 Unauthorized AUTH_KEY_REVOKED. Who revoked the key? How do we rotate keys without downtime?");

        var searches = result.Trace.Where(t => t.Name == "knowledge.search_knowledge_base").ToList();
        Assert.Contains(searches, t => t.Arguments is { } a && a.GetValueOrDefault("followUp") == "true"
            && (a.GetValueOrDefault("query") ?? "").StartsWith("Who revoked the key? How do we rotate keys without downtime?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tools_only_see_the_verified_account()
    {
        var result = await InvestigateAsync("Errors", "We see errors UPSTREAM_UNAVAILABLE on account acc_2002 please check acc_2002 logs");

        Assert.DoesNotContain(result.Evidence, e => (e.Excerpt ?? "").Contains("secret-other-tenant-line", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Trace, t => t.Arguments?.Values.Any(v => v?.Contains("acc_2002", StringComparison.Ordinal) == true) == true);
    }

    [Fact]
    public async Task Without_a_verified_account_no_account_or_log_tool_runs()
    {
        var result = await InvestigateAsync("help", "my flows dont work", email: "stranger@mailbox.example");

        var calls = result.Trace.Where(t => t.Kind == TraceStepKind.ToolCall).ToList();
        Assert.DoesNotContain(calls, t => t.Outcome == TraceOutcome.Ok && (t.Name.StartsWith("account.", StringComparison.Ordinal) || t.Name.StartsWith("logs.", StringComparison.Ordinal)));
        Assert.Contains(calls, t => t.Outcome == TraceOutcome.Skipped);
    }

    [Fact]
    public async Task The_built_in_engine_stays_within_its_tool_budget()
    {
        var world = TinyWorld.Create();
        var time = new FakeTimeProvider(TinyWorld.Reported);
        var facts = await new RuleBasedIntake(new LocalAccountSource(world), time).NormalizeAsync(TinyWorld.Ticket("401", "401 AUTH_KEY_REVOKED"), CancellationToken.None);

        var result = await new PlaybookInvestigator(Engine.Sources(world), PlaybookCatalog.LoadDefault(), time, new InvestigationBudget(MaxToolCalls: 2))
            .InvestigateAsync(facts, CancellationToken.None);

        Assert.Equal(2, result.Trace.Count(t => t.Kind == TraceStepKind.ToolCall && t.Outcome is TraceOutcome.Ok or TraceOutcome.Empty or TraceOutcome.Failed));
        Assert.True(result.Budget.Exhausted);
        Assert.Contains(result.Trace, t => t.Outcome == TraceOutcome.Refused);
    }

    [Fact]
    public void Every_default_playbook_names_only_tools_that_exist()
    {
        var world = TinyWorld.Create();
        var scope = new Core.Investigation.Tools.CaseScope("acc_2001", "us-east", "priya@harbor.example", TinyWorld.Reported, null);
        var kernel = InvestigationKernel.Create(Engine.Sources(world), scope, new InvestigationLedger(new InvestigationBudget(), TimeProvider.System));
        var tools = kernel.Plugins.SelectMany(p => p.Select(f => $"{p.Name}.{f.Name}")).ToHashSet();

        var checks = PlaybookCatalog.LoadDefault().Playbooks.SelectMany(p => p.Hypotheses.SelectMany(h => h.Checks).Concat(p.Finally ?? []));

        Assert.All(checks, c => Assert.Contains(c.Tool, tools));
    }
}
