using Investigator.Core.Decisioning;
using Investigator.Core.Intake;
using Investigator.Core.Investigation;
using Investigator.Core.Sources.Local;
using Investigator.Core.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Investigator.Core.Tests.Decisioning;

public sealed class PolicyDeciderTests
{
    private static async Task<(CaseFacts, InvestigationResult)> RunAsync(string subject, string body, string email = "priya@harbor.example")
    {
        var world = TinyWorld.Create();
        var time = new FakeTimeProvider(TinyWorld.Reported);
        var facts = await new RuleBasedIntake(new LocalAccountSource(world), time).NormalizeAsync(TinyWorld.Ticket(subject, body, email), CancellationToken.None);
        var investigation = await new PlaybookInvestigator(Engine.Sources(world), PlaybookCatalog.LoadDefault(), time).InvestigateAsync(facts, CancellationToken.None);
        return (facts, investigation);
    }

    [Fact]
    public async Task A_confirmed_revoked_key_is_a_configuration_mistake_with_reasons_citing_evidence()
    {
        var (facts, investigation) = await RunAsync("401", "All calls fail with 401 AUTH_KEY_REVOKED");

        var decision = await new PolicyDecider(Engine.Policy(), PlaybookCatalog.LoadDefault()).DecideAsync(facts, investigation, CancellationToken.None);

        Assert.Equal(Disposition.UserOrConfigurationMistake, decision.Disposition);
        Assert.Equal(CaseType.Configuration, decision.Type);
        Assert.Equal(new Route(SupportTier.Tier2, "integrations"), decision.Route);
        Assert.Null(decision.Escalation);
        var reason = decision.Rationale.First(r => r.Aspect == "disposition");
        Assert.Equal("hypothesis:auth.key_revoked", reason.Rule);
        Assert.NotEmpty(reason.EvidenceIds);
        Assert.All(reason.EvidenceIds, id => Assert.Contains(investigation.Evidence, e => e.Id == id));
        Assert.Contains(decision.Rationale, r => r.Aspect == "priority");
        Assert.Contains(decision.Rationale, r => r.Aspect == "sla");
        Assert.Contains(decision.Rationale, r => r.Aspect == "route");
    }

    [Fact]
    public async Task Without_confirming_evidence_the_outcome_is_needs_information_with_questions()
    {
        var (facts, investigation) = await RunAsync("help", "my flows dont work pls fix", "stranger@mailbox.example");

        var decision = await new PolicyDecider(Engine.Policy(), PlaybookCatalog.LoadDefault()).DecideAsync(facts, investigation, CancellationToken.None);

        Assert.Equal(Disposition.NeedsInformation, decision.Disposition);
        Assert.NotEmpty(decision.QuestionsToAsk);
        Assert.Equal("account", decision.QuestionsToAsk[0].Field);
    }

    [Fact]
    public async Task A_reported_security_breach_escalates_at_once_to_the_highest_tier()
    {
        var (facts, investigation) = await RunAsync("Key leaked", "We think our API key was leaked on GitHub, please help");

        var decision = await new PolicyDecider(Engine.Policy(), PlaybookCatalog.LoadDefault()).DecideAsync(facts, investigation, CancellationToken.None);

        Assert.Equal(Priority.P0, decision.Priority);
        Assert.NotNull(decision.Escalation);
        Assert.True(decision.Escalation.Immediate);
        Assert.Equal(EscalationTrigger.SecurityBreach, decision.Escalation.Trigger);
        Assert.Equal(SupportTier.Tier3, decision.Route.Tier);
        Assert.Equal("security", decision.Route.Queue);
        Assert.False(string.IsNullOrWhiteSpace(decision.Escalation.Packet.Summary));
    }

    [Fact]
    public async Task Changing_the_policy_file_changes_the_route_without_a_code_change()
    {
        var (facts, investigation) = await RunAsync("401", "All calls fail with 401 AUTH_KEY_REVOKED");
        var json = File.ReadAllText(Path.Combine(Engine.RepoRoot, "policy", "support-policy.json"))
            .Replace("\"queue\": \"integrations\"", "\"queue\": \"api-specialists\"", StringComparison.Ordinal)
            .Replace("\"name\": \"integrations-to-tier2\", \"tier\": \"tier2\"", "\"name\": \"integrations-to-tier2\", \"tier\": \"tier3\"", StringComparison.Ordinal);

        var decision = await new PolicyDecider(SupportPolicy.Parse(json, "edited"), PlaybookCatalog.LoadDefault()).DecideAsync(facts, investigation, CancellationToken.None);

        Assert.Equal(new Route(SupportTier.Tier3, "api-specialists"), decision.Route);
    }

    [Fact]
    public async Task A_complexity_category_raises_a_tier1_route_to_tier2()
    {
        var (facts, investigation) = await RunAsync("401", "All calls fail with 401 AUTH_KEY_REVOKED");
        var tier1 = File.ReadAllText(Path.Combine(Engine.RepoRoot, "policy", "support-policy.json"))
            .Replace("\"name\": \"integrations-to-tier2\", \"tier\": \"tier2\"", "\"name\": \"integrations-to-tier2\", \"tier\": \"tier1\"", StringComparison.Ordinal);
        var complex = tier1.Replace("\"complexityCategories\": [", "\"complexityCategories\": [\"authentication\", ", StringComparison.Ordinal);

        var plain = await new PolicyDecider(SupportPolicy.Parse(tier1, "tier1"), PlaybookCatalog.LoadDefault()).DecideAsync(facts, investigation, CancellationToken.None);
        var raised = await new PolicyDecider(SupportPolicy.Parse(complex, "complex"), PlaybookCatalog.LoadDefault()).DecideAsync(facts, investigation, CancellationToken.None);

        Assert.Equal(new Route(SupportTier.Tier1, "integrations"), plain.Route);
        Assert.Equal(new Route(SupportTier.Tier2, "integrations"), raised.Route);
        Assert.Contains(raised.Rationale, r => r.Rule == "complexity:Authentication");
    }

    [Fact]
    public void A_bad_policy_file_is_refused_with_the_line()
    {
        var json = "{\n  \"priority\": {\n    \"matrix\": oops\n  }\n}";

        var error = Assert.Throws<InvalidDataException>(() => SupportPolicy.Parse(json, "support-policy.json"));

        Assert.Contains("support-policy.json: line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_missing_a_priority_is_refused_by_name()
    {
        var json = File.ReadAllText(Path.Combine(Engine.RepoRoot, "policy", "support-policy.json"))
            .Replace("\"P3\": { \"firstResponse\": \"1.00:00:00\", \"resolution\": \"5.00:00:00\", \"businessHours\": true }", "\"P2b\": { \"firstResponse\": \"1.00:00:00\", \"resolution\": \"5.00:00:00\", \"businessHours\": true }", StringComparison.Ordinal);

        var error = Assert.ThrowsAny<Exception>(() => SupportPolicy.Parse(json, "p.json"));

        Assert.Contains("p.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void P3_clocks_count_business_hours()
    {
        var policy = Engine.Policy();
        var fridayAfternoon = new DateTimeOffset(2026, 11, 13, 16, 0, 0, TimeSpan.Zero);

        var due = BusinessClock.Add(fridayAfternoon, policy.Sla[Priority.P3].FirstResponse, policy.Calendar, businessHours: true);

        // One business day (8 h) from Friday 16:00: 1 h on Friday, 7 h on Monday from 09:00.
        Assert.Equal(new DateTimeOffset(2026, 11, 16, 16, 0, 0, TimeSpan.Zero), due);
        Assert.Equal(fridayAfternoon.AddMinutes(15), BusinessClock.Add(fridayAfternoon, policy.Sla[Priority.P0].FirstResponse, policy.Calendar, policy.Sla[Priority.P0].BusinessHours));
    }
}
