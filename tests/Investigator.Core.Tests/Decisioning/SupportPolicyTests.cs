using Investigator.Core.Cases;
using Investigator.Core.Decisioning;
using Investigator.Core.Intake;
using Investigator.Core.Investigation;
using Investigator.Core.Sources.Local;
using Investigator.Core.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Investigator.Core.Tests.Decisioning;

/// <summary>
/// The policy file: a bad one is refused with every problem at its line and path, and editing the shipped
/// one changes the decisions of the real decider and SLA watch without a code change.
/// </summary>
public sealed class SupportPolicyTests
{
    private const string Name = "support-policy.json";

    private static readonly string Shipped = File.ReadAllText(Path.Combine(Engine.RepoRoot, "policy", "support-policy.json"));

    /// <summary>The shipped file with one edit; the edit must apply exactly once, so a changed file fails here, not later.</summary>
    private static string Edit(string from, string to, string? json = null)
    {
        json ??= Shipped;
        Assert.True(json.IndexOf(from, StringComparison.Ordinal) is var at && at >= 0 && at == json.LastIndexOf(from, StringComparison.Ordinal), $"'{from}' is not in the policy exactly once");
        return json.Replace(from, to, StringComparison.Ordinal);
    }

    /// <summary>The 1-based line of the only occurrence of <paramref name="text"/>.</summary>
    private static int LineOf(string json, string text)
    {
        var at = json.IndexOf(text, StringComparison.Ordinal);
        Assert.True(at >= 0 && at == json.LastIndexOf(text, StringComparison.Ordinal), $"'{text}' is not in the policy exactly once");
        return json[..at].Count(c => c == '\n') + 1;
    }

    private static string[] Problems(string json) =>
        Assert.Throws<InvalidDataException>(() => SupportPolicy.Parse(json, Name)).Message.Split(Environment.NewLine);

    [Fact]
    public void The_shipped_policy_loads_with_the_design_defaults()
    {
        var policy = Engine.Policy();

        Assert.Equal(Priority.P0, policy.Priority.Matrix["critical"]["high"]);
        Assert.Equal(Priority.P3, policy.Priority.Matrix["low"]["low"]);
        Assert.Equal(
            [TimeSpan.FromMinutes(15), TimeSpan.FromHours(1), TimeSpan.FromHours(4), TimeSpan.FromDays(1)],
            Enum.GetValues<Priority>().Select(p => policy.Sla[p].FirstResponse));
        Assert.True(policy.Sla[Priority.P3].BusinessHours);
        Assert.Null(policy.Sla[Priority.P3].UpdateEvery);
        Assert.Equal(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"], policy.Calendar.Days.Select(d => d.ToString()));
        Assert.Equal(new RoutingRule("everything-else-to-triage", SupportTier.Tier1, "triage"), policy.Routing[^1]);
        Assert.Equal([EscalationTrigger.SecurityBreach, EscalationTrigger.DataLoss, EscalationTrigger.FullOutage, EscalationTrigger.Compliance], policy.ImmediateTriggers);
        Assert.Equal([(SupportTier.Tier1, "tier2"), (SupportTier.Tier2, "tier3"), (SupportTier.Tier3, "management")], policy.TimeEscalations.Select(t => (t.From, t.To)));
        Assert.Equal(new MemoryVotePolicy(0.25, 0.6), policy.MemoryVote);
    }

    [Fact]
    public void Without_a_memory_vote_section_the_default_applies()
    {
        var json = Edit(",\n  \"memoryVote\": { \"weight\": 0.25, \"minimumShare\": 0.6 }", "");
        var edited = Edit("\"memoryVote\": { \"weight\": 0.25, \"minimumShare\": 0.6 }", "\"memoryVote\": { \"weight\": 0.5, \"minimumShare\": 0.75 }");

        Assert.Null(SupportPolicy.Parse(json, Name).MemoryVote);
        Assert.Equal(new MemoryVotePolicy(0.25, 0.6), SupportPolicy.Parse(json, Name).MemoryVoteOrDefault);
        Assert.Equal(new MemoryVotePolicy(0.5, 0.75), SupportPolicy.Parse(edited, Name).MemoryVoteOrDefault);
    }

    [Fact]
    public void A_syntax_error_is_refused_with_its_line_and_path()
    {
        var json = "{\n  \"priority\": {\n    \"matrix\": oops\n  }\n}";

        var problem = Assert.Single(Problems(json));

        Assert.StartsWith("support-policy.json: line 3 (priority.matrix): ", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_matrix_row_is_reported_at_the_line_of_the_matrix()
    {
        var json = Edit(",\n      \"low\":      { \"high\": \"P3\", \"medium\": \"P3\", \"low\": \"P3\" }", "");

        var problem = Assert.Single(Problems(json));

        Assert.Equal(3, LineOf(json, "\"matrix\""));
        Assert.Equal("support-policy.json: line 3 (priority.matrix.low): is missing", problem);
    }

    // Each edit of the shipped file breaks one rule; the problem names the line of the edit, its path and what is allowed.
    [Theory]
    [InlineData("\"P3\": { \"firstResponse\"", "\"P3\": { \"fristResponse\": \"01:00:00\", \"firstResponse\"",
        "sla.P3.fristResponse", "unknown property 'fristResponse'; expected firstResponse, resolution, updateEvery, businessHours")]
    [InlineData("\"complexityCategories\":", "\"escalateAfter\": \"01:00:00\",\n  \"complexityCategories\":",
        "escalateAfter", "unknown property 'escalateAfter'")]
    [InlineData("\"low\":      { \"high\": \"P3\"", "\"low\":      { \"high\": \"P5\"",
        "priority.matrix.low.high", "unknown value 'P5'; allowed: P0, P1, P2, P3")]
    [InlineData("\"immediateTarget\": \"tier3\"", "\"immediateTarget\": \"tier9\"",
        "immediateTarget", "unknown value 'tier9'; allowed: tier1, tier2, tier3")]
    [InlineData("\"dispositions\": [\"incident\"]", "\"dispositions\": [\"incidnet\"]",
        "routing[2].dispositions[0]", "allowed: expectedBehaviour, userOrConfigurationMistake, productDefect, incident, needsInformation")]
    [InlineData("\"categories\": [\"permissions\"]", "\"categories\": [\"permission\"]",
        "routing[6].categories[0]", "unknown value 'permission'; allowed: other, authentication,")]
    [InlineData("\"immediateTriggers\": [\"securityBreach\"", "\"immediateTriggers\": [\"securityBreech\"",
        "immediateTriggers[0]", "unknown value 'securityBreech'; allowed: securityBreach, dataLoss, fullOutage, compliance,")]
    [InlineData("\"raiseForPlans\": [\"Enterprise\"]", "\"raiseForPlans\": [\"Gold\"]",
        "priority.raiseForPlans[0]", "unknown value 'Gold'; allowed: Free, Professional, Enterprise")]
    [InlineData("\"highestFromAdjustment\": \"P1\"", "\"highestFromAdjustment\": 1",
        "priority.highestFromAdjustment", "must be one of P0, P1, P2, P3 (got 1)")]
    [InlineData("\"P2\": { \"firstResponse\": \"04:00:00\"", "\"P2\": { \"firstResponse\": \"-04:00:00\"",
        "sla.P2.firstResponse", "must be a positive duration like \"04:00:00\"")]
    [InlineData("\"from\": \"tier1\", \"after\": \"02:00:00\"", "\"from\": \"tier1\", \"after\": \"2h\"",
        "timeEscalations[0].after", "must be a positive duration like \"04:00:00\" or \"1.00:00:00\" ([days.]hours:minutes:seconds) (got \"2h\")")]
    [InlineData("\"P0\": { \"firstResponse\": \"00:15:00\", \"resolution\": \"04:00:00\", \"updateEvery\": \"00:30:00\"", "\"P0\": { \"firstResponse\": \"00:15:00\", \"resolution\": \"04:00:00\", \"updateEvery\": \"00:00:00\"",
        "sla.P0.updateEvery", "must be a positive duration")]
    [InlineData("\"resolution\": \"1.00:00:00\"", "\"resolution\": \"00:30:00\"",
        "sla.P1.resolution", "must not be shorter than firstResponse (01:00:00)")]
    [InlineData("\"timeZone\": \"UTC\"", "\"timeZone\": \"Mars/Olympus_Mons\"",
        "calendar.timeZone", "'Mars/Olympus_Mons' is not a known time zone")]
    [InlineData("\"timeZone\": \"UTC\"", "\"timeZone\": \"../../../etc/passwd\"",
        "calendar.timeZone", "'../../../etc/passwd' is not a known time zone")]
    [InlineData("\"timeZone\": \"UTC\"", "\"timeZone\": \"Europe\"",
        "calendar.timeZone", "'Europe' is not a known time zone")]
    [InlineData("\"Thursday\", \"Friday\"", "\"Thursday\", \"Thursday\"",
        "calendar.days[4]", "Thursday is listed twice")]
    [InlineData("\"Thursday\", \"Friday\"", "\"Thursday\", \"Fri\"",
        "calendar.days[4]", "unknown value 'Fri'; allowed: Sunday, Monday,")]
    [InlineData("\"closes\": \"17:00:00\"", "\"closes\": \"08:00:00\"",
        "calendar.closes", "must be after opens (09:00:00)")]
    [InlineData("{ \"name\": \"everything-else-to-triage\", \"tier\": \"tier1\", \"queue\": \"triage\" }", "{ \"name\": \"everything-else-to-triage\", \"tier\": \"tier1\", \"queue\": \"triage\", \"categories\": [\"other\"] }",
        "routing[9]", "the last rule ('everything-else-to-triage') must have no dispositions, categories or triggers: it is the default route")]
    [InlineData("\"name\": \"questions-to-tier1\", \"tier\": \"tier1\", \"queue\": \"general\"", "\"name\": \"account-admin-to-tier1\", \"tier\": \"tier1\", \"queue\": \"general\"",
        "routing[7].name", "the rule name 'account-admin-to-tier1' is used twice")]
    [InlineData("\"immediateTriggers\": [\"securityBreach\", \"dataLoss\", \"fullOutage\", \"compliance\"]", "\"immediateTriggers\": []",
        "immediateTriggers", "must not be empty")]
    [InlineData("{ \"from\": \"tier2\", \"after\": \"1.00:00:00\"", "{ \"from\": \"tier1\", \"after\": \"1.00:00:00\"",
        "timeEscalations[1].from", "tier1 already has a time escalation")]
    [InlineData("\"memoryVote\": { \"weight\": 0.25", "\"memoryVote\": { \"weight\": 1.5",
        "memoryVote.weight", "must be from 0 to 1 (got 1.5)")]
    [InlineData("\"memoryVote\": { \"weight\": 0.25", "\"memoryVote\": { \"weight\": 1e400",
        "memoryVote.weight", "must be a number (got 1e400)")]
    [InlineData("\"minimumShare\": 0.6", "\"minimumShare\": 0.5",
        "memoryVote.minimumShare", "must be above 0.5 and at most 1")]
    public void A_bad_value_is_refused_with_its_line_path_and_what_is_allowed(string from, string to, string path, string message)
    {
        var json = Edit(from, to);

        var problem = Assert.Single(Problems(json));

        Assert.StartsWith($"support-policy.json: line {LineOf(json, to)} ({path}): ", problem, StringComparison.Ordinal);
        Assert.Contains(message, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_routing_rule_without_conditions_before_the_last_hides_the_rules_after_it()
    {
        var json = Edit("\"queue\": \"accounts\", \"categories\": [\"permissions\"]", "\"queue\": \"accounts\"");

        var problem = Assert.Single(Problems(json));

        Assert.StartsWith($"support-policy.json: line {LineOf(json, "\"queue\": \"accounts\"")} (routing[6]): rule 'account-admin-to-tier1' has no conditions", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_problems_are_reported_together_sorted_by_line()
    {
        // Edited from the bottom up on purpose: the report is in file order, not in the order problems were found.
        var json = Edit("\"immediateTarget\": \"tier3\"", "\"immediateTarget\": \"tier9\"");
        json = Edit("\"timeZone\": \"UTC\"", "\"timeZone\": \"Nowhere/Special\"", json);
        json = Edit("\"P3\": { \"firstResponse\"", "\"P3\": { \"fristResponse\"", json);
        json = Edit("{\n  \"priority\"", "{\n  \"version\": 2,\n  \"priority\"", json);

        var problems = Problems(json);

        var p3 = LineOf(json, "\"P3\": {");
        Assert.Equal(
        [
            "support-policy.json: line 2 (version): unknown property 'version'; expected priority, sla, calendar, routing, immediateTriggers, immediateTarget, timeEscalations, complexityCategories, memoryVote",
            $"support-policy.json: line {p3} (sla.P3.fristResponse): unknown property 'fristResponse'; expected firstResponse, resolution, updateEvery, businessHours",
            $"support-policy.json: line {p3} (sla.P3.firstResponse): is missing",
            $"support-policy.json: line {LineOf(json, "Nowhere/Special")} (calendar.timeZone): 'Nowhere/Special' is not a known time zone; use an IANA id such as \"UTC\" or \"Europe/Berlin\"",
            $"support-policy.json: line {LineOf(json, "tier9")} (immediateTarget): unknown value 'tier9'; allowed: tier1, tier2, tier3",
        ], problems);
    }

    [Fact]
    public void A_policy_that_is_not_an_object_or_is_empty_is_refused_at_line_1()
    {
        Assert.Equal("support-policy.json: line 1: must be an object { ... } (got a list)", Assert.Single(Problems("[]")));
        Assert.StartsWith("support-policy.json: line 1", Assert.Single(Problems("")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_refused_by_name()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-policy.json");

        var error = Assert.Throws<InvalidDataException>(() => SupportPolicy.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    // Changing the policy file changes the decisions without a code change: the real intake, investigation and
    // decider over a real ticket, with the shipped policy and with an edited copy.

    private static async Task<(CaseFacts Facts, InvestigationResult Investigation)> TicketAsync(string subject, string body)
    {
        var world = TinyWorld.Create();
        var time = new FakeTimeProvider(TinyWorld.Reported);
        var facts = await new RuleBasedIntake(new LocalAccountSource(world), time).NormalizeAsync(TinyWorld.Ticket(subject, body), CancellationToken.None);
        var investigation = await new PlaybookInvestigator(Engine.Sources(world), PlaybookCatalog.LoadDefault(), time).InvestigateAsync(facts, CancellationToken.None);
        return (facts, investigation);
    }

    private static Task<Decision> DecideAsync(string json, (CaseFacts Facts, InvestigationResult Investigation) ticket) =>
        new PolicyDecider(SupportPolicy.Parse(json, Name), PlaybookCatalog.LoadDefault()).DecideAsync(ticket.Facts, ticket.Investigation, CancellationToken.None);

    private static Task<(CaseFacts, InvestigationResult)> RevokedKeyAsync() => TicketAsync("401", "All calls fail with 401 AUTH_KEY_REVOKED");

    /// <summary>A calm feature request: P3, counted in business hours, routed to tier 1.</summary>
    private static Task<(CaseFacts, InvestigationResult)> FeatureRequestAsync() =>
        TicketAsync("Feature request", "It would be great if you could add a dark mode to the dashboard. Thanks!");

    [Fact]
    public async Task A_different_priority_matrix_cell_changes_the_priority()
    {
        var ticket = await RevokedKeyAsync();
        var json = Edit("\"medium\":   { \"high\": \"P2\", \"medium\": \"P2\"", "\"medium\":   { \"high\": \"P2\", \"medium\": \"P1\"");

        var before = await DecideAsync(Shipped, ticket);
        var after = await DecideAsync(json, ticket);

        Assert.Equal((Priority.P2, "matrix:mediumxmedium"), (before.Priority, before.Rationale.Single(r => r.Aspect == "priority").Rule));
        Assert.Equal((Priority.P1, "matrix:mediumxmedium"), (after.Priority, after.Rationale.Single(r => r.Aspect == "priority").Rule));
    }

    [Fact]
    public async Task A_different_sla_table_changes_the_due_times()
    {
        var ticket = await RevokedKeyAsync();
        var json = Edit(
            "\"P2\": { \"firstResponse\": \"04:00:00\", \"resolution\": \"3.00:00:00\", \"updateEvery\": \"04:00:00\"",
            "\"P2\": { \"firstResponse\": \"02:00:00\", \"resolution\": \"2.00:00:00\", \"updateEvery\": \"01:00:00\"");

        var before = (await DecideAsync(Shipped, ticket)).Sla;
        var after = (await DecideAsync(json, ticket)).Sla;

        var reported = TinyWorld.Reported;
        Assert.Equal((reported.AddHours(4), reported.AddHours(8), reported.AddDays(3)), (before.FirstResponseDue, before.NextUpdateDue, before.ResolutionDue));
        Assert.Equal((reported.AddHours(2), reported.AddHours(3), reported.AddDays(2)), (after.FirstResponseDue, after.NextUpdateDue, after.ResolutionDue));
    }

    [Fact]
    public async Task A_different_calendar_time_zone_changes_a_P3_business_hours_due_time()
    {
        var ticket = await FeatureRequestAsync();
        var json = Edit("\"timeZone\": \"UTC\"", "\"timeZone\": \"America/New_York\"");

        var before = await DecideAsync(Shipped, ticket);
        var after = await DecideAsync(json, ticket);

        // Reported Thursday 09:30 UTC. One business day (8 h) in UTC: 7.5 h on Thursday, 0.5 h on Friday.
        // In New York it is 04:30 (UTC-5); the day opens at 09:00 local (14:00 UTC) and the 8 h end at 17:00 local.
        Assert.Equal((Priority.P3, true), (before.Priority, before.Sla.BusinessHours));
        Assert.Equal(new DateTimeOffset(2026, 11, 13, 9, 30, 0, TimeSpan.Zero), before.Sla.FirstResponseDue);
        Assert.Equal(Priority.P3, after.Priority);
        Assert.Equal(new DateTimeOffset(2026, 11, 12, 22, 0, 0, TimeSpan.Zero), after.Sla.FirstResponseDue);
    }

    [Fact]
    public async Task Removing_a_trigger_from_immediate_triggers_stops_the_immediate_escalation_of_a_security_report()
    {
        var ticket = await TicketAsync("Key leaked", "We think our API key was leaked on GitHub, please help");
        var json = Edit("\"immediateTriggers\": [\"securityBreach\", \"dataLoss\"", "\"immediateTriggers\": [\"dataLoss\"");

        var before = await DecideAsync(Shipped, ticket);
        var after = await DecideAsync(json, ticket);

        Assert.Equal((EscalationTrigger.SecurityBreach, true, Priority.P0, "security"), (before.Escalation?.Trigger, before.Escalation?.Immediate, before.Priority, before.Route.Queue));
        Assert.False(after.Escalation?.Immediate ?? false);
        Assert.NotEqual(Priority.P0, after.Priority);
        Assert.NotEqual("security", after.Route.Queue);
        Assert.DoesNotContain(after.Rationale, r => r.Rule.StartsWith("immediate:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_different_time_escalation_threshold_changes_when_the_sla_watch_escalates()
    {
        var ticket = await FeatureRequestAsync();
        var json = Edit("{ \"from\": \"tier1\", \"after\": \"02:00:00\"", "{ \"from\": \"tier1\", \"after\": \"06:00:00\"");
        var decision = await DecideAsync(Shipped, ticket);
        Assert.Equal(SupportTier.Tier1, decision.Route.Tier);
        var opened = TinyWorld.Reported;
        var open = new SupportCase("case_policy", CaseStatus.Completed, opened, opened, TinyWorld.Ticket("Feature request", "Dark mode, please."), Decision: decision)
        {
            Timeline = [new CaseEvent(CaseEventKind.Opened, opened, "intake"), new CaseEvent(CaseEventKind.Acknowledged, opened.AddMinutes(5), "lead")],
        };

        string? EscalatedAfter(string policy, TimeSpan elapsed) =>
            new SlaWatch(SupportPolicy.Parse(policy, Name), new FakeTimeProvider(opened + elapsed)).Check(open).SingleOrDefault(e => e.Kind == CaseEventKind.Escalated)?.Tier;

        Assert.Equal("tier2", EscalatedAfter(Shipped, TimeSpan.FromHours(2)));
        Assert.Null(EscalatedAfter(json, TimeSpan.FromHours(2)));
        Assert.Null(EscalatedAfter(json, TimeSpan.FromHours(6) - TimeSpan.FromMinutes(1)));
        Assert.Equal("tier2", EscalatedAfter(json, TimeSpan.FromHours(6)));
    }
}
