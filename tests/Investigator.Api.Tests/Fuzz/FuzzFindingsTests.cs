using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Investigator.Api.Tests.Webhooks;

namespace Investigator.Api.Tests.Fuzz;

/// <summary>
/// Defects the endpoint fuzz found, each pinned by a focused request. Both were exceptions that the one exception
/// handler took for a case-state conflict (409), which to a helpdesk means "retry later" and to a client "read the
/// case again": neither is true of a request that can never be read.
/// </summary>
public sealed class FuzzFindingsTests
{
    private const string Placeholder = "RAW_VALUE_HERE";

    [Theory]
    [InlineData("zendesk", "ticket.subject", "\"before \\ud800 after\"", "ticket.subject")]
    [InlineData("zendesk", "ticket.requester.email", "\"x\\udc00y\"", "ticket.requester.email")]
    [InlineData("zendesk", "ticket.tags", "INVALID_UTF8", "ticket.tags")]
    [InlineData("zendesk", "ticket.tags", "[\"ok\", \"\\ud800\"]", "ticket.tags[1]")]
    [InlineData("freshdesk", "freshdesk_webhook.ticket_description", "INVALID_UTF8", "freshdesk_webhook.ticket_description")]
    [InlineData("freshdesk", "freshdesk_webhook.ticket_id", "\"\\udc00\\ud800\"", "freshdesk_webhook.ticket_id")]
    public async Task A_signed_delivery_with_text_that_is_not_unicode_gets_400_naming_the_field_not_409(string helpdesk, string member, string value, string field)
    {
        using var host = WebhookRequests.Host();
        using var client = host.CreateClient();
        var body = Body(helpdesk, member, value);

        using var response = await client.SendAsync(Signed(helpdesk, body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ServiceHost.ReadJsonAsync(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"errors do not name {field}: {problem}");
        Assert.Contains("not valid text", messages[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await WebhookRequests.CaseCountAsync(client));
    }

    [Theory]
    [InlineData("acknowledgement", "{\"by\":\"lead\"}")]
    [InlineData("retry", "{\"by\":\"lead\"}")]
    [InlineData("resolution", "{\"rootCause\":\"a\",\"resolution\":\"b\",\"confirmedBy\":\"lead\"}")]
    public async Task A_case_action_in_an_unknown_charset_gets_415_not_409(string action, string json)
    {
        using var host = new ServiceHost();
        using var client = host.CreateClient();
        var created = await ServiceHost.ReadCaseAsync(await client.PostAsync("/v1/investigations?wait=true", ServiceHost.Json(ServiceHost.SampleTicket("s03-401-since-yesterday.json"))));
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=bogus-charset");

        using var response = await client.PostAsync($"/v1/cases/{created.Id}/{action}", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("bogus-charset", (await ServiceHost.ReadJsonAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_case_conflict_is_still_409()
    {
        using var host = new ServiceHost();
        using var client = host.CreateClient();
        var created = await ServiceHost.ReadCaseAsync(await client.PostAsync("/v1/investigations?wait=true", ServiceHost.Json(ServiceHost.SampleTicket("s03-401-since-yesterday.json"))));

        // A known charset, in a completed case that is not failed or parked: the caseworker's conflict, as before.
        using var response = await client.PostAsync($"/v1/cases/{created.Id}/retry", new StringContent("{\"by\":\"lead\"}", Encoding.Latin1, "application/json"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    /// <summary>The documented delivery with one member's value replaced by raw JSON text (INVALID_UTF8: a string holding the byte 0xFF).</summary>
    private static byte[] Body(string helpdesk, string member, string value)
    {
        JsonNode body = helpdesk == "zendesk" ? ValidBodies.Zendesk("created", "Z-UTF") : ValidBodies.Freshdesk("created", "F-UTF");
        var names = member.Split('.');
        names[..^1].Aggregate(body, (node, name) => node[name]!)[names[^1]] = Placeholder;
        var json = JsonMutations.Serialize(body);
        var at = json.AsSpan().IndexOf(Encoding.UTF8.GetBytes($"\"{Placeholder}\""));
        byte[] raw = value == "INVALID_UTF8" ? [.. "\"before "u8, 0xFF, .. " after\""u8] : Encoding.UTF8.GetBytes(value);
        return [.. json[..at], .. raw, .. json[(at + Placeholder.Length + 2)..]];
    }

    private static HttpRequestMessage Signed(string helpdesk, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/webhooks/{helpdesk}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        var headers = helpdesk == "zendesk"
            ? WebhookCredentials.Zendesk(body, DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture))
            : [new("X-Freshdesk-Secret", WebhookRequests.FreshdeskSecret)];
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return request;
    }
}
