using System.Net;
using Investigator.Core.Cases;
using static Investigator.Api.Tests.Webhooks.WebhookRequests;

namespace Investigator.Api.Tests.Webhooks;

/// <summary>Created, comment and solved deliveries, end to end over HTTP, as a helpdesk would send them.</summary>
public sealed class WebhookFlowTests
{
    [Fact]
    public async Task A_created_zendesk_ticket_becomes_a_stored_case_that_is_investigated()
    {
        using var host = Host();
        using var client = host.CreateClient();

        var response = await client.SendAsync(Zendesk(ZendeskBody("created", "35436"), "inv-1"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await ReceiptAsync(response);
        var caseId = receipt.GetProperty("caseId").GetString()!;
        Assert.Equal("inv-1", receipt.GetProperty("deliveryId").GetString());
        Assert.False(receipt.GetProperty("duplicate").GetBoolean());
        Assert.Equal($"/v1/cases/{caseId}", response.Headers.Location?.OriginalString);
        var c = await CaseWhenAsync(client, caseId, c => c.Status == CaseStatus.Completed);
        Assert.Equal(CaseStatus.Completed, c.Status);
        Assert.Equal(("zendesk", "35436", "Exports fail with error 500", "dana@northwind.example"),
            (c.Ticket.Source, c.Ticket.ExternalId, c.Ticket.Subject, c.Ticket.Requester.Email));
        Assert.NotNull(c.Draft);
    }

    [Fact]
    public async Task A_customer_comment_is_added_to_the_case_which_is_investigated_again_and_keeps_its_timeline()
    {
        using var host = Host();
        using var client = host.CreateClient();
        var caseId = await CaseIdAsync(await client.SendAsync(Zendesk(ZendeskBody("created", "35436"), "inv-1")));
        var first = await CaseWhenAsync(client, caseId, c => c.Status == CaseStatus.Completed);
        Assert.Equal(1, first.Attempts);

        var response = await client.SendAsync(Zendesk(
            ZendeskBody("comment", "35436", updatedAt: "2024-05-01T11:30:00Z", comment: "It still fails after I cleared the cache."), "inv-2"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await ReceiptAsync(response);
        Assert.Equal(caseId, receipt.GetProperty("caseId").GetString());
        Assert.Equal("commented", receipt.GetProperty("outcome").GetString());
        var again = await CaseWhenAsync(client, caseId, c => c is { Status: CaseStatus.Completed, Attempts: 2 });
        Assert.Equal((CaseStatus.Completed, 2), (again.Status, again.Attempts));
        var comment = Assert.Single(again.Ticket.Comments);
        Assert.Equal(("It still fails after I cleared the cache.", "Dana Reyes", DateTimeOffset.Parse("2024-05-01T11:30:00Z", System.Globalization.CultureInfo.InvariantCulture)),
            (comment.Body, comment.Author, comment.CreatedAt));
        Assert.Equal([CaseEventKind.Opened, CaseEventKind.CustomerCommented], again.Timeline.Select(e => e.Kind).Take(2));
        Assert.Equal("zendesk", again.Timeline[1].By);
        Assert.Equal(1, await CaseCountAsync(client));
    }

    [Fact]
    public async Task A_comment_on_a_ticket_without_a_case_opens_one_with_the_comment()
    {
        using var host = Host();
        using var client = host.CreateClient();

        var response = await client.SendAsync(Freshdesk(FreshdeskBody("comment", "7001", comment: "Still nothing runs."), deliveryId: "fd-1"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await ReceiptAsync(response);
        Assert.Equal("created", receipt.GetProperty("outcome").GetString());
        var c = await ServiceHost.ReadCaseAsync(await client.GetAsync($"/v1/cases/{receipt.GetProperty("caseId").GetString()}"));
        Assert.Equal("Still nothing runs.", Assert.Single(c.Ticket.Comments).Body);
        Assert.Equal(CaseEventKind.Opened, Assert.Single(c.Timeline).Kind);
    }

    [Fact]
    public async Task A_solved_ticket_is_written_on_the_timeline_and_learning_waits_for_a_lead()
    {
        using var host = Host();
        using var client = host.CreateClient();
        var caseId = await CaseIdAsync(await client.SendAsync(Freshdesk(FreshdeskBody("created", "7001"), deliveryId: "fd-1")));
        await CaseWhenAsync(client, caseId, c => c.Status == CaseStatus.Completed);

        var response = await client.SendAsync(Freshdesk(FreshdeskBody("solved", "7001"), deliveryId: "fd-2"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var receipt = await ReceiptAsync(response);
        Assert.Equal(("solved", caseId, false), (receipt.GetProperty("outcome").GetString(), receipt.GetProperty("caseId").GetString(), receipt.GetProperty("duplicate").GetBoolean()));
        var c = await ServiceHost.ReadCaseAsync(await client.GetAsync($"/v1/cases/{caseId}"));
        var solved = Assert.Single(c.Timeline, e => e.Kind == CaseEventKind.HelpdeskSolved);
        Assert.Equal("freshdesk", solved.By);
        Assert.Contains("marked ticket 7001 solved", solved.Detail, StringComparison.Ordinal);
        Assert.Contains($"/v1/cases/{caseId}/resolution", solved.Detail, StringComparison.Ordinal);
        Assert.Equal(CaseStatus.Completed, c.Status);
        Assert.Null(c.Resolution);
        Assert.DoesNotContain(c.Timeline, e => e.Kind == CaseEventKind.Resolved);
    }

    [Fact]
    public async Task A_solved_ticket_that_never_became_a_case_is_acknowledged_and_ignored()
    {
        using var host = Host();
        using var client = host.CreateClient();

        var response = await client.SendAsync(Zendesk(ZendeskBody("solved", "999"), "inv-9"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var receipt = await ReceiptAsync(response);
        Assert.Equal("ignored", receipt.GetProperty("outcome").GetString());
        Assert.False(receipt.TryGetProperty("caseId", out _));
        Assert.Equal(0, await CaseCountAsync(client));
    }

    [Fact]
    public async Task A_generic_comment_event_adds_the_last_comment_of_the_ticket()
    {
        using var host = Host();
        using var client = host.CreateClient();
        var caseId = await CaseIdAsync(await client.SendAsync(Generic(GenericBody("G-1"), "g-1")));
        await CaseWhenAsync(client, caseId, c => c.Status == CaseStatus.Completed);

        var response = await client.SendAsync(Generic(GenericBody("G-1", "First reply.", "Here is the request id: req_81f2."), "g-2", ticketEvent: "comment"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var c = await CaseWhenAsync(client, caseId, c => c is { Status: CaseStatus.Completed, Attempts: 2 });
        Assert.Equal(["Here is the request id: req_81f2."], c.Ticket.Comments.Select(x => x.Body));
    }

    [Fact]
    public async Task A_comment_the_case_already_holds_changes_nothing()
    {
        using var host = Host();
        using var client = host.CreateClient();
        var caseId = await CaseIdAsync(await client.SendAsync(Zendesk(ZendeskBody("created", "35436"), "inv-1")));
        await CaseWhenAsync(client, caseId, c => c.Status == CaseStatus.Completed);
        await client.SendAsync(Zendesk(ZendeskBody("comment", "35436", updatedAt: "2024-05-01T11:30:00Z", comment: "Any news?"), "inv-2"));
        await CaseWhenAsync(client, caseId, c => c is { Status: CaseStatus.Completed, Attempts: 2 });

        // The same comment again under another invocation and revision, as a second trigger on the same update would send it.
        var response = await client.SendAsync(Zendesk(ZendeskBody("comment", "35436", updatedAt: "2024-05-01T11:30:00Z", comment: "Any news?"), "inv-3")
            .WithRevision("11:30:00-second-trigger"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await ReceiptAsync(response)).GetProperty("duplicate").GetBoolean());
        var c = await ServiceHost.ReadCaseAsync(await client.GetAsync($"/v1/cases/{caseId}"));
        Assert.Single(c.Ticket.Comments);
        Assert.Single(c.Timeline, e => e.Kind == CaseEventKind.CustomerCommented);
    }
}

internal static class RequestExtensions
{
    public static HttpRequestMessage WithRevision(this HttpRequestMessage request, string revision)
    {
        request.Headers.Add("X-Ticket-Revision", revision);
        return request;
    }
}
