using System.Globalization;
using System.Text;
using Investigator.Api.Webhooks;
using Microsoft.AspNetCore.Http;
using static Investigator.Api.Tests.Webhooks.WebhookRequests;

namespace Investigator.Api.Tests.Webhooks;

/// <summary>How each helpdesk's body becomes the generic ticket, field by field.</summary>
public sealed class HelpdeskMappingTests
{
    private static readonly DateTimeOffset Now = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    [Fact]
    public void A_zendesk_trigger_body_maps_to_the_generic_ticket()
    {
        var body = Encoding.UTF8.GetBytes(ZendeskBody("created", "35436", updatedAt: "2024-05-01T10:00:00Z"));

        var delivery = Read(ZendeskWebhook.Instance, body, new HeaderDictionary { ["X-Zendesk-Webhook-Invocation-Id"] = "inv-1" });

        Assert.Equal(("zendesk", "inv-1", "2024-05-01T10:00:00Z", HelpdeskEvent.Created), (delivery.Source, delivery.DeliveryId, delivery.Revision, delivery.Event));
        var t = delivery.Ticket;
        Assert.Equal(("35436", "zendesk", "Exports fail with error 500", "text"), (t.ExternalId, t.Source, t.Subject, t.BodyFormat));
        Assert.Equal("Since this morning every CSV export fails with error 500.", t.Body);
        Assert.Equal(("dana@northwind.example", "Dana Reyes"), (t.Requester.Email, t.Requester.Name));
        Assert.Equal(At("2024-05-01T09:58:00Z"), t.CreatedAt);
        Assert.Equal(["exports", "billing_plan_pro"], t.Tags);
        Assert.Equal("Web form", t.Channel);
        Assert.Equal("Open", t.Metadata["helpdeskStatus"]);
        Assert.Empty(t.Comments);
        Assert.Null(delivery.Comment);
    }

    [Fact]
    public void A_zendesk_comment_carries_the_latest_public_comment_by_the_requester_at_the_update_time()
    {
        var body = Encoding.UTF8.GetBytes(ZendeskBody("comment", "35436", updatedAt: "2024-05-01T11:30:00Z", comment: "Still failing."));

        var delivery = Read(ZendeskWebhook.Instance, body, new HeaderDictionary());

        Assert.Equal(HelpdeskEvent.Comment, delivery.Event);
        Assert.Equal(new Investigator.Core.Intake.TicketComment("Dana Reyes", "Still failing.", At("2024-05-01T11:30:00Z")), delivery.Comment);
        Assert.Equal([delivery.Comment!], delivery.Ticket.Comments);
    }

    [Fact]
    public void A_zendesk_ticket_id_may_be_a_number_and_tags_a_list()
    {
        var body = Encoding.UTF8.GetBytes("""
            {"event": "created", "ticket": {"id": 35436, "subject": "Exports fail", "tags": ["exports", "vip"],
             "requester": {"email": "dana@northwind.example"}}}
            """);

        var delivery = Read(ZendeskWebhook.Instance, body, new HeaderDictionary());

        Assert.Equal("35436", delivery.ExternalId);
        Assert.Equal(["exports", "vip"], delivery.Ticket.Tags);
        Assert.Null(delivery.Revision);
    }

    [Fact]
    public void Without_a_delivery_id_header_the_delivery_id_is_derived_from_the_body()
    {
        var body = Encoding.UTF8.GetBytes(ZendeskBody("created", "35436"));
        var other = Encoding.UTF8.GetBytes(ZendeskBody("created", "35437"));

        var first = Read(ZendeskWebhook.Instance, body, new HeaderDictionary()).DeliveryId;
        var again = Read(ZendeskWebhook.Instance, body, new HeaderDictionary()).DeliveryId;
        var different = Read(ZendeskWebhook.Instance, other, new HeaderDictionary()).DeliveryId;
        var named = Read(ZendeskWebhook.Instance, body, new HeaderDictionary { ["X-Delivery-Id"] = "d-9" }).DeliveryId;

        Assert.StartsWith("sha256-", first, StringComparison.Ordinal);
        Assert.Equal(first, again);
        Assert.NotEqual(first, different);
        Assert.Equal("d-9", named);
    }

    [Fact]
    public void A_freshdesk_rule_body_maps_to_the_generic_ticket()
    {
        var body = Encoding.UTF8.GetBytes(FreshdeskBody("comment", "7001", comment: "Nothing has run today either."));

        var delivery = Read(FreshdeskWebhook.Instance, body, new HeaderDictionary { ["X-Ticket-Revision"] = "rev-3" });

        Assert.Equal(("freshdesk", "rev-3", HelpdeskEvent.Comment), (delivery.Source, delivery.Revision, delivery.Event));
        var t = delivery.Ticket;
        Assert.Equal(("7001", "freshdesk", "Workflows stopped running", "html"), (t.ExternalId, t.Source, t.Subject, t.BodyFormat));
        Assert.Equal("<div>None of our workflows has run since <b>yesterday</b>.</div>", t.Body);
        Assert.Equal(("sam@contoso.example", "Sam Okafor"), (t.Requester.Email, t.Requester.Name));
        Assert.Equal(["workflows", "scheduler"], t.Tags);
        Assert.Equal("Open", t.Metadata["helpdeskStatus"]);
        Assert.Equal(new Investigator.Core.Intake.TicketComment("Sam Okafor", "Nothing has run today either.", Now), delivery.Comment);
    }

    [Fact]
    public void A_freshdesk_solved_event_needs_only_the_ticket_id()
    {
        var body = Encoding.UTF8.GetBytes("""{"freshdesk_webhook": {"event": "solved", "ticket_id": 7001}}""");

        var delivery = Read(FreshdeskWebhook.Instance, body, new HeaderDictionary());

        Assert.Equal((HelpdeskEvent.Solved, "7001"), (delivery.Event, delivery.ExternalId));
    }

    [Fact]
    public void A_generic_delivery_is_the_ticket_itself_with_its_event_and_revision_from_headers()
    {
        var body = Encoding.UTF8.GetBytes(GenericBody("G-1", "first", "second"));

        var delivery = Read(GenericWebhook.Instance, body, new HeaderDictionary
        {
            ["X-Delivery-Id"] = "d-1",
            ["X-Ticket-Event"] = "comment",
            ["X-Ticket-Revision"] = "r-2",
        });

        Assert.Equal(("generic", "d-1", "r-2", HelpdeskEvent.Comment), (delivery.Source, delivery.DeliveryId, delivery.Revision, delivery.Event));
        Assert.Equal(("G-1", "Login fails with 401", "lee@fabrikam.example"), (delivery.ExternalId, delivery.Ticket.Subject, delivery.Ticket.Requester.Email));
        Assert.Equal("second", delivery.Comment?.Body);
    }

    [Fact]
    public void A_generic_delivery_without_an_event_header_is_a_created_ticket()
    {
        var delivery = Read(GenericWebhook.Instance, Encoding.UTF8.GetBytes(GenericBody("G-1")), new HeaderDictionary { ["X-Delivery-Id"] = "d-1" });

        Assert.Equal((HelpdeskEvent.Created, null), (delivery.Event, delivery.Revision));
    }

    [Fact]
    public void A_delivery_id_that_is_too_long_or_not_printable_is_refused()
    {
        var body = Encoding.UTF8.GetBytes(GenericBody("G-1"));

        var tooLong = GenericWebhook.Instance.Read(body, new HeaderDictionary { ["X-Delivery-Id"] = new string('d', 201) }, Now);
        var control = GenericWebhook.Instance.Read(body, new HeaderDictionary { ["X-Delivery-Id"] = "d-1", ["X-Ticket-Revision"] = "r\u00e9v" }, Now);

        Assert.Contains("X-Delivery-Id", tooLong.Errors!.Keys);
        Assert.Contains("X-Ticket-Revision", control.Errors!.Keys);
    }

    private static HelpdeskDelivery Read(HelpdeskWebhook webhook, byte[] body, IHeaderDictionary headers)
    {
        var result = webhook.Read(body, headers, Now);
        Assert.True(result.Errors is null, result.Errors is null ? "" : string.Join("; ", result.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        return result.Delivery!;
    }
}
