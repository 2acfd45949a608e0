using System.Collections.Concurrent;
using System.Net;
using Investigator.Api.Tests.Helpdesk;
using Investigator.Core.Cases;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;
using static Investigator.Api.Tests.Webhooks.WebhookRequests;

namespace Investigator.Api.Tests;

/// <summary>
/// Nothing the service logs at Information or above carries a ticket's words, a customer's address or a secret:
/// a whole webhook round trip (signed delivery, investigation, comment, write-back to a helpdesk), an API
/// investigation and refused requests, with every log event captured and searched.
/// </summary>
public sealed class LogAuditTests
{
    private const string BodyMarker = "Walrus-passphrase-4417";
    private const string CommentMarker = "Pelican-reply-8830";
    private const string SubjectMarker = "Heron-subject-2291";

    [Fact]
    public async Task Nothing_logged_at_information_or_above_carries_a_ticket_body_a_subject_or_a_secret()
    {
        await using var zendesk = await FakeHelpdesks.ZendeskAsync();
        var log = new CapturedLog();
        using var host = Host().WithSettings([.. HelpdeskHost.Settings(zendesk: zendesk.BaseUrl).Select(s => (s.Key, s.Value!))]);
        using var factory = host.WithWebHostBuilder(b => b
            .UseSetting("Serilog:MinimumLevel:Default", "Information")
            .ConfigureTestServices(s => s.AddSingleton<ILogEventSink>(log)));
        using var client = factory.CreateClient();

        var created = await client.SendAsync(Zendesk(ZendeskBody("created", "5151", subject: $"Exports fail {SubjectMarker}",
            description: $"Every CSV export fails with error 500. Our vault phrase is {BodyMarker}."), "audit-1"));
        var caseId = await CaseIdAsync(created);
        await CaseWhenAsync(client, caseId, c => c.HelpdeskPost is { Status: HelpdeskPostStatus.Posted });
        var commented = await client.SendAsync(Zendesk(ZendeskBody("comment", "5151", updatedAt: "2024-05-01T11:00:00Z",
            comment: $"Still failing, and here is more: {CommentMarker}"), "audit-2"));
        await CaseWhenAsync(client, caseId, c => c is { Attempts: 2, HelpdeskPost.Status: HelpdeskPostStatus.Posted });
        var forged = await client.SendAsync(Zendesk(ZendeskBody("created", "5152", description: $"Forged {BodyMarker}"), "audit-3", secret: "not-the-secret-at-all-000000"));
        var investigated = await client.PostAsync("/v1/investigations?wait=true", ServiceHost.Json(System.Text.Json.JsonSerializer.Serialize(new
        {
            subject = $"API 401 {SubjectMarker}",
            body = $"Our key stopped working. {BodyMarker}",
            requester = new { email = "audit.person@northwind.example", name = "Audit Person" },
        })));
        using var anonymous = factory.CreateClient();
        anonymous.DefaultRequestHeaders.Remove("Authorization");
        anonymous.DefaultRequestHeaders.Add("Authorization", "Bearer inv_guessed-key-that-is-not-configured-000");
        var refused = await anonymous.GetAsync("/v1/cases");

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.Unauthorized),
            (created.StatusCode, commented.StatusCode, forged.StatusCode, investigated.StatusCode, refused.StatusCode));
        string[] forbidden =
        [
            BodyMarker, CommentMarker, SubjectMarker, "audit.person@northwind.example", "dana@northwind.example",
            ZendeskSecret, ServiceHost.TestKey, HelpdeskHost.ZendeskToken, "inv_guessed-key-that-is-not-configured-000",
        ];
        var audited = log.Events.Where(e => e.Level >= LogEventLevel.Information).ToList();
        Assert.True(audited.Count > 20, $"only {audited.Count} events were captured");
        Assert.All(audited, e =>
        {
            var text = $"{e.RenderMessage()} | {string.Join(" | ", e.Properties.Select(p => $"{p.Key}={p.Value}"))} | {e.Exception}";
            foreach (var secret in forbidden)
            {
                Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"'{secret}' was logged at {e.Level}: {text}");
            }
        });
    }

    private sealed class CapturedLog : ILogEventSink
    {
        public ConcurrentQueue<LogEvent> Events { get; } = new();

        public void Emit(LogEvent logEvent) => Events.Enqueue(logEvent);
    }
}
