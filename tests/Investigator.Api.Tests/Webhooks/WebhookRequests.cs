using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Investigator.Core.Cases;

namespace Investigator.Api.Tests.Webhooks;

/// <summary>
/// Signed webhook requests as each helpdesk sends them. Signatures are computed here from the documented formulas,
/// not with the service's own code, so a change to either side shows.
/// </summary>
internal static class WebhookRequests
{
    public const string GenericSecret = "generic-test-secret-0123456789";
    public const string ZendeskSecret = "zendesk-test-secret-0123456789";
    public const string FreshdeskSecret = "freshdesk-test-secret-0123456789";
    public const string FreshdeskUser = "freshdesk-rule";
    public const string FreshdeskPassword = "freshdesk-password-0123456789";

    /// <summary>A fresh service with all three webhooks configured.</summary>
    public static ServiceHost Host() => new ServiceHost().WithSettings(
        ("Webhooks:Generic:Secret", GenericSecret),
        ("Webhooks:Zendesk:Secret", ZendeskSecret),
        ("Webhooks:Freshdesk:Secret", FreshdeskSecret),
        ("Webhooks:Freshdesk:BasicUser", FreshdeskUser),
        ("Webhooks:Freshdesk:BasicPassword", FreshdeskPassword));

    public static HttpRequestMessage Generic(string body, string? deliveryId, string? ticketEvent = null, string? revision = null,
        DateTimeOffset? signedAt = null, string secret = GenericSecret, bool sign = true)
    {
        var request = Post("/v1/webhooks/generic", body);
        var timestamp = (signedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        if (sign)
        {
            var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body));
            request.Headers.Add("X-Investigator-Signature", "sha256=" + Convert.ToHexStringLower(mac));
            request.Headers.Add("X-Investigator-Timestamp", timestamp);
        }

        Add(request, "X-Delivery-Id", deliveryId);
        Add(request, "X-Ticket-Event", ticketEvent);
        Add(request, "X-Ticket-Revision", revision);
        return request;
    }

    public static HttpRequestMessage Zendesk(string body, string? invocationId, DateTimeOffset? signedAt = null, string secret = ZendeskSecret, bool sign = true)
    {
        var request = Post("/v1/webhooks/zendesk", body);
        // Zendesk's timestamp header is ISO 8601 in UTC.
        var timestamp = (signedAt ?? DateTimeOffset.UtcNow).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        if (sign)
        {
            var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + body));
            request.Headers.Add("X-Zendesk-Webhook-Signature", Convert.ToBase64String(mac));
            request.Headers.Add("X-Zendesk-Webhook-Signature-Timestamp", timestamp);
        }

        Add(request, "X-Zendesk-Webhook-Invocation-Id", invocationId);
        return request;
    }

    public static HttpRequestMessage Freshdesk(string body, string? secret = FreshdeskSecret, (string User, string Password)? basic = null, string? deliveryId = null)
    {
        var request = Post("/v1/webhooks/freshdesk", body);
        Add(request, "X-Freshdesk-Secret", secret);
        if (basic is var (user, password))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }

        Add(request, "X-Delivery-Id", deliveryId);
        return request;
    }

    /// <summary>The body of the documented Zendesk trigger template, as Zendesk renders it.</summary>
    public static string ZendeskBody(string ticketEvent, string id, string updatedAt = "2024-05-01T10:00:00Z", string? comment = null,
        string subject = "Exports fail with error 500", string description = "Since this morning every CSV export fails with error 500.") =>
        JsonSerializer.Serialize(new
        {
            @event = ticketEvent,
            ticket = new
            {
                id,
                subject,
                description,
                latest_comment = comment ?? description,
                status = ticketEvent == "solved" ? "Solved" : "Open",
                created_at = "2024-05-01T09:58:00Z",
                updated_at = updatedAt,
                tags = "exports billing_plan_pro",
                via = "Web form",
                requester = new { email = "dana@northwind.example", name = "Dana Reyes" },
            },
        });

    /// <summary>The body of the documented Freshdesk rule template, as Freshdesk renders it.</summary>
    public static string FreshdeskBody(string ticketEvent, string id, string? comment = null) =>
        JsonSerializer.Serialize(new
        {
            freshdesk_webhook = new
            {
                @event = ticketEvent,
                ticket_id = id,
                ticket_subject = "Workflows stopped running",
                ticket_description = "<div>None of our workflows has run since <b>yesterday</b>.</div>",
                ticket_contact_email = "sam@contoso.example",
                ticket_contact_name = "Sam Okafor",
                ticket_status = ticketEvent == "solved" ? "Resolved" : "Open",
                ticket_latest_public_comment = comment ?? "",
                ticket_tags = "workflows, scheduler",
            },
        });

    /// <summary>A generic ticket (the body of POST /v1/investigations, with its helpdesk id).</summary>
    public static string GenericBody(string externalId, params string[] comments) =>
        JsonSerializer.Serialize(new
        {
            externalId,
            subject = "Login fails with 401",
            body = "Our API calls return 401 since yesterday.",
            requester = new { email = "lee@fabrikam.example", name = "Lee" },
            createdAt = "2024-05-01T09:00:00Z",
            comments = comments.Select((c, i) => new { author = "Lee", body = c, createdAt = $"2024-05-01T1{i}:00:00Z" }),
        });

    public static async Task<JsonElement> ReceiptAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    public static async Task<string> CaseIdAsync(HttpResponseMessage response) => (await ReceiptAsync(response)).GetProperty("caseId").GetString()!;

    /// <summary>Reads a case until it satisfies the condition (the worker runs in the background), or gives up and returns the last read.</summary>
    public static async Task<SupportCase> CaseWhenAsync(HttpClient client, string caseId, Func<SupportCase, bool> condition)
    {
        SupportCase c = await ServiceHost.ReadCaseAsync(await client.GetAsync($"/v1/cases/{caseId}"));
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (!condition(c))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"Case {caseId} never reached the expected state in 30 s; it is {c.Status} after {c.Attempts} attempts.");
            await Task.Delay(25);
            c = await ServiceHost.ReadCaseAsync(await client.GetAsync($"/v1/cases/{caseId}"));
        }

        return c;
    }

    public static async Task<int> CaseCountAsync(HttpClient client) =>
        (await ServiceHost.ReadJsonAsync(await client.GetAsync("/v1/cases"))).GetProperty("total").GetInt32();

    private static HttpRequestMessage Post(string path, string body) =>
        new(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static void Add(HttpRequestMessage request, string name, string? value)
    {
        if (value is not null)
        {
            request.Headers.Add(name, value);
        }
    }
}
