using System.Net;
using Investigator.Core.Cases;
using static Investigator.Api.Tests.Webhooks.WebhookRequests;

namespace Investigator.Api.Tests.Webhooks;

/// <summary>A replayed delivery, by delivery id or by ticket revision, returns the first case and does nothing else.</summary>
public sealed class WebhookDeduplicationTests
{
    [Fact]
    public async Task A_replayed_delivery_id_returns_the_original_case_with_duplicate_true()
    {
        using var host = Host();
        using var client = host.CreateClient();
        var body = GenericBody("G-1");
        var first = await client.SendAsync(Generic(body, "d-1"));
        var caseId = await CaseIdAsync(first);

        var replay = await client.SendAsync(Generic(body, "d-1"));

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.OK), (first.StatusCode, replay.StatusCode));
        var receipt = await ReceiptAsync(replay);
        Assert.Equal((caseId, "d-1", true), (receipt.GetProperty("caseId").GetString(), receipt.GetProperty("deliveryId").GetString(), receipt.GetProperty("duplicate").GetBoolean()));
        Assert.Equal(1, await CaseCountAsync(client));
    }

    [Fact]
    public async Task A_replayed_comment_delivery_adds_the_comment_once()
    {
        using var host = Host();
        using var client = host.CreateClient();
        var caseId = await CaseIdAsync(await client.SendAsync(Zendesk(ZendeskBody("created", "35436"), "inv-1")));
        await CaseWhenAsync(client, caseId, c => c.Status == CaseStatus.Completed);
        var comment = ZendeskBody("comment", "35436", updatedAt: "2024-05-01T11:30:00Z", comment: "It still fails.");
        await client.SendAsync(Zendesk(comment, "inv-2"));

        var replay = await client.SendAsync(Zendesk(comment, "inv-2"));

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(caseId, await CaseIdAsync(replay));
        var c = await ServiceHost.ReadCaseAsync(await client.GetAsync($"/v1/cases/{caseId}"));
        Assert.Single(c.Ticket.Comments);
        Assert.Single(c.Timeline, e => e.Kind == CaseEventKind.CustomerCommented);
    }

    [Fact]
    public async Task A_second_delivery_of_the_same_ticket_revision_is_a_duplicate_whatever_its_delivery_id()
    {
        using var host = Host();
        using var client = host.CreateClient();
        var first = await client.SendAsync(Generic(GenericBody("G-1"), "d-1", revision: "r-7"));
        var caseId = await CaseIdAsync(first);

        var again = await client.SendAsync(Generic(GenericBody("G-1"), "d-2", revision: "r-7"));
        var zendeskFirst = await client.SendAsync(Zendesk(ZendeskBody("created", "35436", updatedAt: "2024-05-01T10:00:00Z"), "inv-1"));
        // Zendesk's revision is the ticket's updated_at: a new invocation of the same update is the same delivery.
        var zendeskAgain = await client.SendAsync(Zendesk(ZendeskBody("created", "35436", updatedAt: "2024-05-01T10:00:00Z"), "inv-2"));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var receipt = await ReceiptAsync(again);
        Assert.Equal((caseId, "d-2", true), (receipt.GetProperty("caseId").GetString(), receipt.GetProperty("deliveryId").GetString(), receipt.GetProperty("duplicate").GetBoolean()));
        Assert.Equal(HttpStatusCode.OK, zendeskAgain.StatusCode);
        Assert.Equal(await CaseIdAsync(zendeskFirst), await CaseIdAsync(zendeskAgain));
        Assert.Equal(2, await CaseCountAsync(client));
    }

    [Fact]
    public async Task A_freshdesk_delivery_without_an_id_is_recognised_by_its_body()
    {
        using var host = Host();
        using var client = host.CreateClient();
        var body = FreshdeskBody("created", "7001");

        var first = await client.SendAsync(Freshdesk(body));
        var resent = await client.SendAsync(Freshdesk(body));

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.OK), (first.StatusCode, resent.StatusCode));
        Assert.Equal((await ReceiptAsync(first)).GetProperty("deliveryId").GetString(), (await ReceiptAsync(resent)).GetProperty("deliveryId").GetString());
        Assert.Equal(1, await CaseCountAsync(client));
    }

    [Fact]
    public async Task Twenty_identical_deliveries_at_once_make_exactly_one_case()
    {
        using var host = Host();
        using var client = host.CreateClient();
        var body = ZendeskBody("created", "35436");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.SendAsync(Zendesk(body, "inv-1"))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Accepted);
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var receipts = await Task.WhenAll(responses.Select(ReceiptAsync));
        Assert.Single(receipts.Select(r => r.GetProperty("caseId").GetString()).Distinct());
        Assert.Equal(19, receipts.Count(r => r.GetProperty("duplicate").GetBoolean()));
        Assert.Equal(1, await CaseCountAsync(client));
    }

    [Fact]
    public async Task A_delivery_is_remembered_across_a_restart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "investigator-api-tests", Guid.NewGuid().ToString("N"));
        var body = GenericBody("G-1");
        string caseId;
        using (var host = new ServiceHost(folder).WithSettings(("Webhooks:Generic:Secret", GenericSecret)))
        using (var client = host.CreateClient())
        {
            caseId = await CaseIdAsync(await client.SendAsync(Generic(body, "d-1")));
        }

        using var restarted = new ServiceHost(folder).WithSettings(("Webhooks:Generic:Secret", GenericSecret));
        using var again = restarted.CreateClient();
        var replay = await again.SendAsync(Generic(body, "d-1"));

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(caseId, await CaseIdAsync(replay));
        Assert.Equal(1, await CaseCountAsync(again));
    }

    [Fact]
    public async Task A_delivery_killed_after_reserving_its_case_and_before_storing_it_becomes_that_case_when_it_is_sent_again()
    {
        var folder = Path.Combine(Path.GetTempPath(), "investigator-api-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        // What a killed process leaves: the delivery claimed, the ticket's case id reserved, no case stored.
        var log = new Investigator.Core.Cases.SqliteDeliveryLog(Path.Combine(folder, "cases.db"));
        var claim = await log.ClaimAsync(new Investigator.Core.Cases.DeliveryRecord("generic", "d-1", "G-7", null, "created")
        {
            ProposedCaseId = "case_reserved_before_the_crash",
        }, CancellationToken.None);
        var reserved = claim.TicketCaseId;

        using var restarted = new ServiceHost(folder).WithSettings(("Webhooks:Generic:Secret", GenericSecret));
        using var client = restarted.CreateClient();
        var resent = await client.SendAsync(Generic(GenericBody("G-7"), "d-1"));
        var otherDelivery = await client.SendAsync(Generic(GenericBody("G-7"), "d-2"));

        Assert.Equal("case_reserved_before_the_crash", reserved);
        Assert.Equal(HttpStatusCode.Accepted, resent.StatusCode);
        Assert.Equal(reserved, await CaseIdAsync(resent));
        Assert.Equal(reserved, await CaseIdAsync(otherDelivery));
        Assert.Equal(1, await CaseCountAsync(client));
    }
}
