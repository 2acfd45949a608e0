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
        BodyShape.DraftReview => DraftReview(ticketId),
        BodyShape.Override => Override(ticketId),
        BodyShape.Reinvestigation => new JsonObject { ["by"] = "Alex Lead", ["reason"] = "The logs were incomplete when it was first investigated." },
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

    /// <summary>
    /// A lead's review of a draft: an approval, or an edit (a reply with a citation and a figure, whether the evidence
    /// holds them or not: the check decides). The two alternate with the running number that ends every ticket id.
    /// </summary>
    public static JsonObject DraftReview(string ticketId) => Alternate(ticketId) % 2 == 0
        ? new JsonObject { ["action"] = "approve", ["by"] = "Alex Lead" }
        : new JsonObject
        {
            ["action"] = "edit",
            ["body"] = "Hi Dana,\n\nThanks for the report. Every export since 09:00 failed with error 500 [E1].\n\nBest regards,\nSupport",
            ["by"] = "Alex Lead",
        };

    /// <summary>A lead's override of each part of the decision in turn: disposition, priority (the SLA follows), route.</summary>
    public static JsonObject Override(string ticketId) => (Alternate(ticketId) % 3) switch
    {
        0 => new JsonObject { ["field"] = "disposition", ["value"] = "productDefect", ["reason"] = "Engineering confirmed the bug.", ["by"] = "Alex Lead" },
        1 => new JsonObject { ["field"] = "priority", ["value"] = "P1", ["reason"] = "Their whole finance team is blocked.", ["by"] = "Alex Lead" },
        _ => new JsonObject { ["field"] = "route", ["value"] = "tier2/billing", ["reason"] = "Billing owns exports of invoices.", ["by"] = "Alex Lead" },
    };

    private static int Alternate(string ticketId) =>
        int.TryParse(ticketId.AsSpan(ticketId.LastIndexOf('-') + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n % 6 : 0;

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
