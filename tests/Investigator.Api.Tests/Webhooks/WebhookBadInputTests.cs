using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;
using static Investigator.Api.Tests.Webhooks.WebhookRequests;

namespace Investigator.Api.Tests.Webhooks;

/// <summary>Bodies that cannot be read get problem details naming the field; refusals are logged without the body.</summary>
public sealed class WebhookBadInputTests
{
    [Theory]
    [InlineData("{\"event\": \"created\", \"ticket\": {\"id\": 1", "$")]
    [InlineData("[1, 2]", "$")]
    [InlineData("", "$")]
    [InlineData("{\"ticket\": {\"id\": 1, \"subject\": \"x\", \"requester\": {\"email\": \"a@b.example\"}}}", "event")]
    [InlineData("{\"event\": \"reopened\", \"ticket\": {\"id\": 1}}", "event")]
    [InlineData("{\"event\": \"created\"}", "ticket")]
    [InlineData("{\"event\": \"created\", \"ticket\": {\"subject\": \"x\", \"requester\": {\"email\": \"a@b.example\"}}}", "ticket.id")]
    [InlineData("{\"event\": \"created\", \"ticket\": {\"id\": 1, \"subject\": \"x\"}}", "ticket.requester.email")]
    [InlineData("{\"event\": \"created\", \"ticket\": {\"id\": 1, \"subject\": \"x\", \"requester\": {\"email\": \"a@b.example\"}, \"updated_at\": \"last tuesday\"}}", "ticket.updated_at")]
    [InlineData("{\"event\": \"comment\", \"ticket\": {\"id\": 1, \"subject\": \"x\", \"requester\": {\"email\": \"a@b.example\"}}}", "ticket.latest_comment")]
    [InlineData("{\"event\": \"created\", \"ticket\": {\"id\": 1, \"subject\": \"x\", \"requester\": {\"email\": \"a@b.example\"}, \"tags\": {\"a\": 1}}}", "ticket.tags")]
    public async Task A_zendesk_body_that_cannot_be_read_gets_400_naming_the_field(string body, string field)
    {
        using var host = Host();
        using var client = host.CreateClient();

        var response = await client.SendAsync(Zendesk(body, "inv-1"));

        await AssertValidationProblemAsync(response, field);
        Assert.Equal(0, await CaseCountAsync(client));
    }

    [Theory]
    [InlineData("{\"ticket_id\": 1}", "freshdesk_webhook")]
    [InlineData("{\"freshdesk_webhook\": {\"event\": \"created\", \"ticket_subject\": \"x\", \"ticket_contact_email\": \"a@b.example\"}}", "freshdesk_webhook.ticket_id")]
    [InlineData("{\"freshdesk_webhook\": {\"event\": \"created\", \"ticket_id\": 1, \"ticket_subject\": \"x\", \"ticket_contact_email\": \"not-an-address\"}}", "freshdesk_webhook.ticket_contact_email")]
    [InlineData("{\"freshdesk_webhook\": {\"ticket_id\": 1, \"ticket_subject\": \"x\", \"ticket_contact_email\": \"a@b.example\"}}", "freshdesk_webhook.event")]
    public async Task A_freshdesk_body_that_cannot_be_read_gets_400_naming_the_field(string body, string field)
    {
        using var host = Host();
        using var client = host.CreateClient();

        await AssertValidationProblemAsync(await client.SendAsync(Freshdesk(body, deliveryId: "fd-1")), field);
    }

    [Fact]
    public async Task A_generic_delivery_needs_a_delivery_id_and_a_ticket_id()
    {
        using var host = Host();
        using var client = host.CreateClient();
        var withoutTicketId = GenericBody("G-1").Replace("\"externalId\":\"G-1\",", "", StringComparison.Ordinal);

        await AssertValidationProblemAsync(await client.SendAsync(Generic(GenericBody("G-1"), deliveryId: null)), "X-Delivery-Id");
        await AssertValidationProblemAsync(await client.SendAsync(Generic(withoutTicketId, "d-1")), "externalId");
        await AssertValidationProblemAsync(await client.SendAsync(Generic(GenericBody("G-1"), "d-2", ticketEvent: "comment")), "comments");
        await AssertValidationProblemAsync(await client.SendAsync(Generic("{\"externalId\": \"G-1\", \"createdAt\": \"soon\"}", "d-3")), "$.createdAt");
        Assert.Equal(0, await CaseCountAsync(client));
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_413_before_anything_is_stored()
    {
        using var host = Host();
        using var client = host.CreateClient();
        var huge = ZendeskBody("created", "35436", description: new string('a', 1_100_000));

        var response = await client.SendAsync(Zendesk(huge, "inv-1"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await CaseCountAsync(client));
    }

    [Fact]
    public async Task A_refused_delivery_is_logged_with_helpdesk_reason_address_and_delivery_id_but_never_its_body()
    {
        const string Marker = "Customer-secret-passphrase-7f3a9";
        var log = new CapturedLog();
        using var host = Host();
        // Information, as the service runs by default: nothing at that level may carry the body either.
        using var factory = host.WithWebHostBuilder(b => b
            .UseSetting("Serilog:MinimumLevel:Default", "Information")
            .ConfigureTestServices(s => s.AddSingleton<ILogEventSink>(log)));
        using var client = factory.CreateClient();
        var body = ZendeskBody("created", "35436", description: $"My password is {Marker}, please check my exports.");

        var response = await client.SendAsync(Zendesk(body, "inv-42", secret: "a-forged-secret-of-some-length"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var refusal = Assert.Single(log.Events, e => e.MessageTemplate.Text.StartsWith("Refused a {Helpdesk} webhook", StringComparison.Ordinal));
        Assert.Equal(LogEventLevel.Warning, refusal.Level);
        Assert.Equal("zendesk", Scalar(refusal, "Helpdesk"));
        Assert.Equal("bad signature", Scalar(refusal, "Reason"));
        Assert.Equal("inv-42", Scalar(refusal, "DeliveryId"));
        Assert.True(refusal.Properties.ContainsKey("RemoteAddress"));
        Assert.All(log.Events, e =>
        {
            Assert.DoesNotContain(Marker, e.RenderMessage(), StringComparison.Ordinal);
            Assert.DoesNotContain(Marker, string.Join("|", e.Properties.Values), StringComparison.Ordinal);
            Assert.DoesNotContain("exports fail", e.RenderMessage(), StringComparison.OrdinalIgnoreCase);
        });
    }

    private static string? Scalar(LogEvent e, string property) => (e.Properties[property] as ScalarValue)?.Value?.ToString();

    private static async Task AssertValidationProblemAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ServiceHost.ReadJsonAsync(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors do not name {field}: {problem}");
    }

    private sealed class CapturedLog : ILogEventSink
    {
        public ConcurrentQueue<LogEvent> Events { get; } = new();

        public void Emit(LogEvent logEvent) => Events.Enqueue(logEvent);
    }
}
