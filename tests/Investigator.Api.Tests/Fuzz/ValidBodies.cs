using System.Text.Json.Nodes;

namespace Investigator.Api.Tests.Fuzz;

/// <summary>
/// A well-formed body for each shape, the starting point of every body mutation. Tickets get the id they are given,
/// so that no two fuzzed deliveries concern the same helpdesk ticket (a comment on a ticket being investigated waits).
/// </summary>
internal static class ValidBodies
{
    public const string CreatedAt = "2024-05-01T09:00:00Z";

    public static JsonObject For(BodyShape shape, string ticketId, string ticketEvent) => shape switch
    {
        BodyShape.Ticket or BodyShape.GenericDelivery => Ticket(ticketId),
        BodyShape.ZendeskDelivery => Zendesk(ticketEvent, ticketId),
        BodyShape.FreshdeskDelivery => Freshdesk(ticketEvent, ticketId),
        BodyShape.Acknowledgement or BodyShape.Retry => new JsonObject { ["by"] = "Alex Lead" },
        BodyShape.Resolution => new JsonObject
        {
            ["rootCause"] = "The export worker ran out of memory on reports with more than 50,000 rows.",
            ["resolution"] = "Raised the worker's memory and split large exports into pages.",
            ["confirmedBy"] = "Alex Lead",
            ["verification"] = "The customer's export of 80,000 rows finished.",
            ["prevention"] = "An alert on export worker memory.",
            ["lessonsLearned"] = "Large exports need paging.",
        },
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "This shape has no body."),
    };

    /// <summary>The generic ticket: the body of POST /v1/investigations and of the generic webhook, every field set.</summary>
    public static JsonObject Ticket(string externalId) => new()
    {
        ["externalId"] = externalId,
        ["source"] = "generic",
        ["subject"] = "CSV exports fail with error 500",
        ["body"] = "Since this morning every CSV export from the reports page fails with error 500.",
        ["bodyFormat"] = "text",
        ["requester"] = new JsonObject { ["email"] = "dana@northwind.example", ["name"] = "Dana Reyes" },
        ["createdAt"] = CreatedAt,
        ["channel"] = "email",
        ["tags"] = new JsonArray("exports", "billing_plan_pro"),
        ["comments"] = new JsonArray(new JsonObject { ["author"] = "Dana Reyes", ["body"] = "Still failing.", ["createdAt"] = "2024-05-01T10:00:00Z" }),
        ["attachments"] = new JsonArray(new JsonObject { ["name"] = "export.log", ["contentType"] = "text/plain", ["size"] = 1200 }),
        ["metadata"] = new JsonObject { ["plan"] = "pro" },
    };

    /// <summary>The documented Zendesk trigger body.</summary>
    public static JsonObject Zendesk(string ticketEvent, string id) => new()
    {
        ["event"] = ticketEvent,
        ["ticket"] = new JsonObject
        {
            ["id"] = id,
            ["subject"] = "Exports fail with error 500",
            ["description"] = "Since this morning every CSV export fails with error 500.",
            ["latest_comment"] = "It still fails after clearing the cache.",
            ["latest_comment_author"] = "Dana Reyes",
            ["status"] = ticketEvent == "solved" ? "Solved" : "Open",
            ["created_at"] = "2024-05-01T09:58:00Z",
            ["updated_at"] = "2024-05-01T10:00:00Z",
            ["tags"] = "exports billing_plan_pro",
            ["via"] = "Web form",
            ["requester"] = new JsonObject { ["email"] = "dana@northwind.example", ["name"] = "Dana Reyes" },
        },
    };

    /// <summary>The documented Freshdesk rule body.</summary>
    public static JsonObject Freshdesk(string ticketEvent, string id) => new()
    {
        ["freshdesk_webhook"] = new JsonObject
        {
            ["event"] = ticketEvent,
            ["ticket_id"] = id,
            ["ticket_subject"] = "Workflows stopped running",
            ["ticket_description"] = "<div>None of our workflows has run since <b>yesterday</b>.</div>",
            ["ticket_contact_email"] = "sam@contoso.example",
            ["ticket_contact_name"] = "Sam Okafor",
            ["ticket_status"] = ticketEvent == "solved" ? "Resolved" : "Open",
            ["ticket_created_at"] = "2024-05-01T09:00:00Z",
            ["ticket_updated_at"] = "2024-05-01T10:00:00Z",
            ["ticket_latest_public_comment"] = "They still do not run.",
            ["ticket_tags"] = "workflows, scheduler",
        },
    };
}
