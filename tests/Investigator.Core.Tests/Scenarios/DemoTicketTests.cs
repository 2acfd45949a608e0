using Investigator.Core.Decisioning;
using Investigator.Core.Drafting;
using Investigator.Core.Investigation;
using Investigator.Core.Tests.Support;

namespace Investigator.Core.Tests.Scenarios;

/// <summary>
/// Each demo ticket against the outcome a support engineer would label it with (samples/README.md),
/// written before looking at what the engine answers.
/// </summary>
public sealed class DemoTicketTests(DemoWorld demo) : IClassFixture<DemoWorld>
{
    public static TheoryData<string, Disposition, string, bool> Expectations => new()
    {
        // file, disposition, evidence key that must be found (prefix), immediate escalation
        { "s01-webhooks-delayed-eu.json", Disposition.Incident, "incident:", false },
        { "s02-production-down-503.json", Disposition.Incident, "incident:", true },
        { "s03-401-since-yesterday.json", Disposition.UserOrConfigurationMistake, "api_key:key_1007_2", false },
        { "s04-api-stopped-authenticating.json", Disposition.UserOrConfigurationMistake, "api_key:key_1012_2", false },
        { "s05-sso-nobody-can-sign-in.json", Disposition.UserOrConfigurationMistake, "config:", false },
        { "s06-is-your-api-broken-429.json", Disposition.ExpectedBehaviour, "log:api-gateway:RATE_LIMITED", false },
        { "s07-workflows-stopped-running.json", Disposition.UserOrConfigurationMistake, "plan:monthly-runs", false },
        { "s08-csv-export-fails.json", Disposition.ProductDefect, "deploy:", false },
        { "s09-reports-page-timeout.json", Disposition.ProductDefect, "log:dashboard:", false },
        { "s10-webhooks-stopped-forwarded.json", Disposition.UserOrConfigurationMistake, "webhook:whe_1008_a", false },
        { "s11-cannot-edit-workflows-403.json", Disposition.UserOrConfigurationMistake, "config:", false },
        { "s12-rotate-keys-without-downtime.json", Disposition.ExpectedBehaviour, "kb:", false },
        { "s13-parquet-export-request.json", Disposition.ExpectedBehaviour, "kb:", false },
        { "s14-charged-twice.json", Disposition.ExpectedBehaviour, "config:", false },
        { "s15-runs-disappeared.json", Disposition.UserOrConfigurationMistake, "config:", true },
        { "s16-my-flows-dont-work.json", Disposition.NeedsInformation, "", false },
        { "s17-usage-for-other-account.json", Disposition.NeedsInformation, "", false },
        { "s18-api-key-leaked.json", Disposition.UserOrConfigurationMistake, "log:auth:", true },
    };

    [Theory]
    [MemberData(nameof(Expectations))]
    public async Task The_built_in_engine_reaches_the_labelled_outcome(string file, Disposition disposition, string evidenceKey, bool immediate)
    {
        var outcome = await demo.Pipeline.RunAsync(DemoWorld.Ticket(file), CancellationToken.None);

        var summary = $"{outcome.Decision.Disposition}; hypotheses: {string.Join(", ", outcome.Investigation.Hypotheses.Select(h => $"{h.Key}={h.Status}"))}; evidence: {string.Join(", ", outcome.Investigation.Evidence.Select(e => e.Key))}";
        Assert.True(disposition == outcome.Decision.Disposition, summary);
        if (evidenceKey.Length > 0)
        {
            Assert.True(outcome.Investigation.Evidence.Any(e => e.Key.StartsWith(evidenceKey, StringComparison.Ordinal)), summary);
        }

        Assert.Equal(immediate, outcome.Decision.Escalation?.Immediate == true);
        Assert.True(outcome.Draft.Check.Passed, string.Join("\n", outcome.Draft.Check.Issues.Select(i => $"{i.Kind}: {i.Problem} — {i.Sentence}")));
        // Seven checks at most, and the follow-up search of the customer's own questions.
        Assert.True(outcome.Investigation.Budget.ToolCalls <= 8, $"{outcome.Investigation.Budget.ToolCalls} tool calls");
    }

    [Theory]
    // A failure stated next to its code is reported, not asked, even in a ticket full of question marks.
    [InlineData("025", Disposition.Incident, "incident:")]
    // "Runs page": the dashboard's page, so the dashboard's logs show the unhandled exception.
    [InlineData("064", Disposition.ProductDefect, "log:dashboard:")]
    // A help article about charges in general does not explain one charge nobody identified.
    [InlineData("048", Disposition.NeedsInformation, "")]
    // A how-to question is answered by the help center even though billing cases usually need an invoice.
    [InlineData("053", Disposition.ExpectedBehaviour, "kb:")]
    // One failed delivery in the logs, but the account has two endpoints and the ticket names none: ask which.
    [InlineData("045", Disposition.NeedsInformation, "log:webhook-dispatcher:WEBHOOK_HTTP_ERROR")]
    public async Task Recorded_tickets_reach_their_labelled_disposition(string number, Disposition disposition, string evidenceKey)
    {
        var outcome = await demo.Pipeline.RunAsync(DemoWorld.RecordedTicket(number), CancellationToken.None);

        var summary = $"{outcome.Decision.Disposition}; category {outcome.Facts.Category.Value}; evidence: {string.Join(", ", outcome.Investigation.Evidence.Select(e => e.Key))}";
        Assert.True(disposition == outcome.Decision.Disposition, summary);
        Assert.True(evidenceKey.Length == 0 || outcome.Investigation.Evidence.Any(e => e.Key.StartsWith(evidenceKey, StringComparison.Ordinal)), summary);
        if (disposition == Disposition.NeedsInformation)
        {
            Assert.Contains(outcome.Decision.Rationale, r => r.Rule.StartsWith("incomplete-facts:", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("002")]
    [InlineData("008")]
    [InlineData("015")]
    [InlineData("064")]
    public async Task An_escalated_case_carries_a_complete_packet(string number)
    {
        var outcome = await demo.Pipeline.RunAsync(DemoWorld.RecordedTicket(number), CancellationToken.None);

        var packet = Assert.IsType<Escalation>(outcome.Decision.Escalation).Packet;
        Assert.False(string.IsNullOrWhiteSpace(packet.Summary));
        Assert.False(string.IsNullOrWhiteSpace(packet.BusinessImpact));
        Assert.NotEmpty(packet.ReproductionSteps);
        Assert.NotEmpty(packet.EvidenceIds);
        Assert.All(packet.EvidenceIds, id => Assert.Contains(outcome.Investigation.Evidence, e => e.Id == id));
        Assert.NotEmpty(packet.CheckedAndRuledOut);
        Assert.False(string.IsNullOrWhiteSpace(packet.WorkaroundStatus));
        Assert.Contains(outcome.Draft.Subject, packet.CustomerCommunication, StringComparison.Ordinal);
        Assert.Contains(outcome.Decision.Sla.FirstResponseDue.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), packet.SlaStatus, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cross_account_request_never_touches_the_claimed_account()
    {
        var outcome = await demo.Pipeline.RunAsync(DemoWorld.Ticket("s17-usage-for-other-account.json"), CancellationToken.None);

        Assert.Contains(outcome.Facts.UntrustedAccountClaims, c => c.ClaimedAccountId == "acc_1001");
        Assert.Equal("acc_1016", outcome.Facts.Account?.Id.Value);
        Assert.DoesNotContain("acc_1001", outcome.Draft.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(outcome.Investigation.Evidence, e => e.Key.Contains("acc_1001", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_pasted_secret_is_never_stored_or_repeated()
    {
        var outcome = await demo.Pipeline.RunAsync(DemoWorld.Ticket("s18-api-key-leaked.json"), CancellationToken.None);

        Assert.DoesNotContain("fp_live_Vq7nT3kL9wQ2", System.Text.Json.JsonSerializer.Serialize(outcome.Facts.Identifiers), StringComparison.Ordinal);
        Assert.DoesNotContain("fp_live_Vq7nT3kL9wQ2", outcome.Draft.Body, StringComparison.Ordinal);
        Assert.Equal(MessageKind.EscalationNotice, outcome.Draft.Kind);
    }
}
