using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Investigator.Api.Tests.Sources;
using Investigator.Core.Cases;
using Investigator.Core.Drafting;
using Investigator.Core.Helpdesk;
using Xunit.Sdk;
using static Investigator.Api.Tests.Webhooks.WebhookRequests;

namespace Investigator.Api.Tests.Helpdesk;

/// <summary>
/// Issue 9 end to end, over HTTP only: a signed helpdesk webhook for a demo-world ticket goes in, the background worker
/// investigates the case, and the private note and tags arrive at a local fake of that helpdesk, checked against the
/// case as <c>GET /v1/cases/{id}</c> returns it. Nothing here reaches into the worker, so the tests hold whatever
/// carries the write-back (the worker today, an outbox tomorrow).
/// </summary>
public sealed class HelpdeskRoundTripTests
{
    /// <summary>The most any wait in these tests may take; a wait ends as soon as what it waits for is there.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private const long ZendeskTicket = 35436;
    private const long FreshdeskTicket = 7001;

    /// <summary>Orbital Freight (acc_1005, enterprise): failing CSV exports, with a follow-up comment.</summary>
    private const string ExportSample = "s08-csv-export-fails.json";

    /// <summary>Juniper Crafts (acc_1010, free plan): every workflow stopped running.</summary>
    private const string WorkflowSample = "s07-workflows-stopped-running.json";

    /// <summary>Harbor Analytics (acc_1007): API calls answer 401; the ticket <see cref="SettleAsync"/> sends.</summary>
    private const string SettleSample = "s03-401-since-yesterday.json";

    [Fact]
    public async Task A_zendesk_ticket_gets_one_private_comment_with_the_unsent_draft_and_the_internal_note_and_the_decision_tags()
    {
        await using var zendesk = await RecordingHelpdesk.ZendeskAsync();
        using var host = Service(zendesk: zendesk);
        using var client = host.CreateClient();

        var response = await client.SendAsync(Zendesk(ZendeskCreated(ZendeskTicket, ExportSample), "inv-created-1"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var caseId = await CaseIdAsync(response);
        await WrittenBackAsync(zendesk, ZendeskTicket, times: 1);
        await SettleAsync(client, zendesk);

        var c = await CaseAsync(client, caseId);
        Assert.Equal(CaseStatus.Completed, c.Status);
        Assert.Equal(("zendesk", ZendeskTicket.ToString(CultureInfo.InvariantCulture)), (c.Ticket.Source, c.Ticket.ExternalId));
        Assert.Equal("acc_1005", c.Facts?.Account?.Id.Value);
        var updates = zendesk.Exchanges.Where(e => e.Request is { Method: "PUT", Path: "/api/v2/tickets/35436.json" }).ToList();
        var update = Assert.Single(updates);
        using (var body = JsonDocument.Parse(update.Request.Body))
        {
            // Only a comment: no status, no tags (which would replace the ticket's own), nothing else on the ticket changes.
            Assert.Equal(["comment"], body.RootElement.GetProperty("ticket").EnumerateObject().Select(p => p.Name));
        }

        var comment = Assert.Single(zendesk.Comments(ZendeskTicket));
        Assert.False(comment.Public);
        AssertNoteHolds(comment.Body, c);
        var tags = Assert.Single(zendesk.TagRequests(ZendeskTicket));
        Assert.Equal(DecisionTags(c), tags);

        // The case says so too: its write-back is done, and the timeline has the moment it was posted.
        var posted = await CaseWhenAsync(client, caseId, x => x.HelpdeskPost?.Status == HelpdeskPostStatus.Posted);
        Assert.Equal((HelpdeskPostStatus.Posted, 1, true, true), (posted.HelpdeskPost!.Status, posted.HelpdeskPost.Attempts, posted.HelpdeskPost.NotePosted, posted.HelpdeskPost.TagsAdded));
        Assert.Contains("Posted a private note", Assert.Single(posted.Timeline, e => e.Kind == CaseEventKind.HelpdeskPosted).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_freshdesk_ticket_gets_one_private_note_and_the_decision_tags_merged_with_the_tickets_own()
    {
        await using var freshdesk = await RecordingHelpdesk.FreshdeskAsync(existingTags: """["workflows","webshop"]""");
        using var host = Service(freshdesk: freshdesk);
        using var client = host.CreateClient();

        var response = await client.SendAsync(Freshdesk(FreshdeskCreated(FreshdeskTicket, WorkflowSample, "workflows, webshop"), deliveryId: "fd-created-1"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var caseId = await CaseIdAsync(response);
        await WrittenBackAsync(freshdesk, FreshdeskTicket, times: 1);
        await SettleAsync(client, freshdesk);

        var c = await CaseAsync(client, caseId);
        Assert.Equal(CaseStatus.Completed, c.Status);
        Assert.Equal("acc_1010", c.Facts?.Account?.Id.Value);
        var note = Assert.Single(freshdesk.Comments(FreshdeskTicket));
        Assert.False(note.Public);
        var html = WebUtility.HtmlDecode(note.Body);
        Assert.Contains(c.Id, html, StringComparison.Ordinal);
        Assert.Contains("<h3>Draft reply (not sent)</h3>", note.Body, StringComparison.Ordinal);
        Assert.Contains("<h3>Internal note</h3>", note.Body, StringComparison.Ordinal);
        Assert.Contains(c.Draft!.Subject, html, StringComparison.Ordinal);
        Assert.Contains(FirstLine(c.Draft.Body), html, StringComparison.Ordinal);
        Assert.Contains(FirstLine(c.Draft.InternalNote), html, StringComparison.Ordinal);
        // Read, then written back whole: Freshdesk's Update Ticket replaces the list, so the ticket's own tags go with ours.
        Assert.Equal(["GET", "PUT"], freshdesk.Exchanges.Where(e => e.Request.Path == "/api/v2/tickets/7001").Select(e => e.Request.Method));
        var tags = Assert.Single(freshdesk.TagRequests(FreshdeskTicket));
        Assert.Equal(["workflows", "webshop", .. DecisionTags(c)], tags);
    }

    [Fact]
    public async Task A_customer_comment_after_completion_reinvestigates_the_case_and_posts_a_second_private_note()
    {
        await using var zendesk = await RecordingHelpdesk.ZendeskAsync();
        using var host = Service(zendesk: zendesk);
        using var client = host.CreateClient();
        var caseId = await CaseIdAsync(await client.SendAsync(Zendesk(ZendeskCreated(ZendeskTicket, ExportSample), "inv-created-1")));
        await WrittenBackAsync(zendesk, ZendeskTicket, times: 1);
        var first = await CaseAsync(client, caseId);
        var (commentText, commentedAt) = SampleComment(ExportSample);

        var response = await client.SendAsync(Zendesk(ZendeskCommented(ZendeskTicket, ExportSample, commentText, commentedAt), "inv-comment-1"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await ReceiptAsync(response);
        Assert.Equal(("commented", caseId), (receipt.GetProperty("outcome").GetString(), receipt.GetProperty("caseId").GetString()));
        await WrittenBackAsync(zendesk, ZendeskTicket, times: 2);
        Assert.Equal(1, await CaseCountAsync(client));
        await SettleAsync(client, zendesk);

        var again = await CaseAsync(client, caseId);
        Assert.Equal((CaseStatus.Completed, 2), (again.Status, again.Attempts));
        Assert.Equal([CaseEventKind.Opened, CaseEventKind.CustomerCommented], again.Timeline.Select(e => e.Kind).Where(k => k is CaseEventKind.Opened or CaseEventKind.CustomerCommented));
        // The history: the ticket as first received, and the customer's comment after it.
        Assert.Equal(first.Ticket.Body, again.Ticket.Body);
        Assert.Equal([commentText], again.Ticket.Comments.Select(x => x.Body));

        var comments = zendesk.Comments(ZendeskTicket);
        Assert.Equal(2, comments.Count);
        Assert.All(comments, x => Assert.False(x.Public));
        AssertNoteHolds(comments[0].Body, first);
        AssertNoteHolds(comments[1].Body, again);
        // Written from the second investigation, which read the comment (its draft names the job ids the customer added), not a re-post.
        Assert.NotEqual(comments[0].Body, comments[1].Body);
        Assert.Equal(2, zendesk.TagRequests(ZendeskTicket).Count);
        Assert.Equal(DecisionTags(again), zendesk.TagRequests(ZendeskTicket)[1]);
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_waited_out_and_the_note_arrives_once()
    {
        await using var zendesk = await RecordingHelpdesk.ZendeskAsync(
            FakeHelpdesks.Fail(HttpStatusCode.TooManyRequests, (_, call) => call == 1, retryAfter: "1"));
        using var host = Service(zendesk: zendesk);
        using var client = host.CreateClient();

        var caseId = await CaseIdAsync(await client.SendAsync(Zendesk(ZendeskCreated(ZendeskTicket, ExportSample), "inv-created-1")));
        await WrittenBackAsync(zendesk, ZendeskTicket, times: 1);
        await SettleAsync(client, zendesk);

        var notes = zendesk.Exchanges.Where(e => e.Request.Path == "/api/v2/tickets/35436.json").ToList();
        Assert.Equal([429, 200], notes.Select(e => e.Status));
        Assert.Equal(notes[0].Request.Body, notes[1].Request.Body);
        Assert.True(notes[1].At - notes[0].At >= TimeSpan.FromMilliseconds(950), $"retried {(notes[1].At - notes[0].At).TotalMilliseconds} ms after a Retry-After of 1 s");
        var comment = Assert.Single(zendesk.Comments(ZendeskTicket));
        Assert.False(comment.Public);
        var c = await CaseAsync(client, caseId);
        AssertNoteHolds(comment.Body, c);
        Assert.Equal(DecisionTags(c), Assert.Single(zendesk.TagRequests(ZendeskTicket)));
    }

    [Fact]
    public async Task With_the_default_policy_no_public_reply_is_posted_though_the_same_draft_is_posted_when_its_kind_is_allowed()
    {
        await using var zendesk = await RecordingHelpdesk.ZendeskAsync();
        await using var freshdesk = await RecordingHelpdesk.FreshdeskAsync(existingTags: """["workflows"]""");
        using (var host = Service(zendesk, freshdesk))
        using (var client = host.CreateClient())
        {
            await client.SendAsync(Zendesk(ZendeskCreated(ZendeskTicket, ExportSample), "inv-created-1"));
            await client.SendAsync(Freshdesk(FreshdeskCreated(FreshdeskTicket, WorkflowSample, "workflows"), deliveryId: "fd-created-1"));
            await WrittenBackAsync(zendesk, ZendeskTicket, times: 1);
            await WrittenBackAsync(freshdesk, FreshdeskTicket, times: 1);
            await SettleAsync(client, zendesk);
        }

        Assert.All(zendesk.Exchanges.Where(e => e.Request.Path.EndsWith(".json", StringComparison.Ordinal)), e => Assert.False(IsPublicZendeskComment(e.Request)));
        Assert.DoesNotContain(freshdesk.Exchanges, e => e.Request.Path.EndsWith("/reply", StringComparison.Ordinal));
        Assert.All([.. zendesk.Comments(ZendeskTicket), .. freshdesk.Comments(FreshdeskTicket)], x => Assert.False(x.Public));
        Assert.Contains("Draft reply (not sent)", Assert.Single(zendesk.Comments(ZendeskTicket)).Body, StringComparison.Ordinal);

        // The control: the same ticket with every kind allowed does get its reply, so the silence above is the policy's.
        await using var allowing = await RecordingHelpdesk.ZendeskAsync();
        using var permissive = Service(zendesk: allowing, publicReplyKinds: Enum.GetNames<MessageKind>());
        using var permissiveClient = permissive.CreateClient();
        var caseId = await CaseIdAsync(await permissiveClient.SendAsync(Zendesk(ZendeskCreated(ZendeskTicket, ExportSample), "inv-created-1")));
        await UntilAsync(() => allowing.Comments(ZendeskTicket).Count >= 2, () => allowing.Describe(ZendeskTicket), "the note and the public reply");
        var c = await CaseAsync(permissiveClient, caseId);
        Assert.True(c.Draft!.Check.Passed, "the control needs a draft that passed its checks");
        var reply = Assert.Single(allowing.Comments(ZendeskTicket), x => x.Public);
        Assert.Equal(c.Draft.Body, reply.Body);
    }

    [Fact]
    public async Task A_replayed_delivery_makes_no_second_case_and_no_second_note()
    {
        await using var zendesk = await RecordingHelpdesk.ZendeskAsync();
        using var host = Service(zendesk: zendesk);
        using var client = host.CreateClient();
        var body = ZendeskCreated(ZendeskTicket, ExportSample);
        var first = await client.SendAsync(Zendesk(body, "inv-created-1"));
        var caseId = await CaseIdAsync(first);

        // Zendesk resends an invocation it saw no 2xx for: once at once (the case most likely not worked yet), once after its note.
        var early = await client.SendAsync(Zendesk(body, "inv-created-1"));
        await WrittenBackAsync(zendesk, ZendeskTicket, times: 1);
        var late = await client.SendAsync(Zendesk(body, "inv-created-1"));

        foreach (var replay in new[] { early, late })
        {
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
            var receipt = await ReceiptAsync(replay);
            Assert.Equal((caseId, true), (receipt.GetProperty("caseId").GetString(), receipt.GetProperty("duplicate").GetBoolean()));
        }

        Assert.Equal(1, await CaseCountAsync(client));
        await SettleAsync(client, zendesk);
        Assert.Single(zendesk.Comments(ZendeskTicket));
        Assert.Single(zendesk.TagRequests(ZendeskTicket));
        Assert.Equal(1, (await CaseAsync(client, caseId)).Attempts);
    }

    /// <summary>
    /// The service with all three webhooks, write-back to the given fakes (fast retries; <paramref name="publicReplyKinds"/>
    /// as configured, none by default) and one worker, so cases are worked in the order they arrive (see <see cref="SettleAsync"/>).
    /// </summary>
    private static ServiceHost Service(RecordingHelpdesk? zendesk = null, RecordingHelpdesk? freshdesk = null, params string[] publicReplyKinds)
    {
        var helpdesks = HelpdeskHost.Settings(zendesk?.BaseUrl, freshdesk?.BaseUrl, publicReplyKinds);
        return Host().WithSettings([.. helpdesks.Select(s => (s.Key, s.Value!)), ("Processing:Concurrency", "1")]);
    }

    /// <summary>Waits until the helpdesk has accepted <paramref name="times"/> notes and as many tag requests on the ticket.</summary>
    private static Task WrittenBackAsync(RecordingHelpdesk helpdesk, long ticketId, int times) => UntilAsync(
        () => helpdesk.Comments(ticketId).Count >= times && helpdesk.TagRequests(ticketId).Count >= times,
        () => helpdesk.Describe(ticketId),
        $"{times} note(s) and tag request(s) on {helpdesk.Kind} ticket {ticketId}");

    /// <summary>
    /// Sends one more ticket through the same helpdesk and waits for its note. The single worker takes cases in the order
    /// they were queued, so by then whatever the earlier deliveries queued has been worked and written back: a second
    /// note that was going to come has come. This proves an absence without sleeping.
    /// </summary>
    private static async Task SettleAsync(HttpClient client, RecordingHelpdesk helpdesk)
    {
        const long settleTicket = 90001;
        var response = await client.SendAsync(helpdesk.Kind == HelpdeskKind.Zendesk
            ? Zendesk(ZendeskCreated(settleTicket, SettleSample), "inv-settle")
            : Freshdesk(FreshdeskCreated(settleTicket, SettleSample, "api"), deliveryId: "fd-settle"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await WrittenBackAsync(helpdesk, settleTicket, times: 1);
    }

    private static async Task UntilAsync(Func<bool> done, Func<string> lastSeen, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            if (clock.Elapsed > Deadline)
            {
                throw new XunitException($"Waited {Deadline.TotalSeconds} s for {what}; the helpdesk got: {lastSeen()}");
            }

            await Task.Delay(50);
        }
    }

    private static async Task<SupportCase> CaseAsync(HttpClient client, string caseId)
    {
        var response = await client.GetAsync($"/v1/cases/{caseId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ServiceHost.ReadCaseAsync(response);
    }

    /// <summary>The tags the case's decision calls for, spelled out here rather than with the service's own code.</summary>
    private static IReadOnlyList<string> DecisionTags(SupportCase c)
    {
        var decision = c.Decision ?? throw new XunitException($"Case {c.Id} ({c.Status}) has no decision: {c.Error}");
        return [$"investigator_disposition_{decision.Disposition.ToString().ToLowerInvariant()}", $"investigator_priority_{decision.Priority.ToString().ToLowerInvariant()}"];
    }

    /// <summary>A Zendesk note names the case and its decision, then the draft under a "not sent" heading, then the internal note.</summary>
    private static void AssertNoteHolds(string note, SupportCase c)
    {
        var draft = c.Draft ?? throw new XunitException($"Case {c.Id} ({c.Status}) has no draft: {c.Error}");
        int At(string text) => note.IndexOf(text, StringComparison.Ordinal) is var i and >= 0 ? i : throw new XunitException($"'{text}' is not in the note:\n{note}");
        Assert.True(At($"case {c.Id}") < At($"disposition {c.Decision!.Disposition}"));
        Assert.True(At($"priority {c.Decision.Priority}") < At("Draft reply (not sent)"));
        Assert.True(At("Draft reply (not sent)") < At($"Subject: {draft.Subject}"));
        Assert.True(At($"Subject: {draft.Subject}") < At(draft.Body.Trim()));
        Assert.True(At(draft.Body.Trim()) < At("Internal note"));
        Assert.True(At("Internal note") < At(draft.InternalNote.Trim()));
        Assert.DoesNotContain("also posted to the customer", note, StringComparison.Ordinal);
    }

    private static bool IsPublicZendeskComment(RecordedRequest request)
    {
        using var body = JsonDocument.Parse(request.Body);
        return body.RootElement.GetProperty("ticket").GetProperty("comment").GetProperty("public").GetBoolean();
    }

    private static string FirstLine(string text) => text.Trim().ReplaceLineEndings("\n").Split('\n')[0].Trim();

    /// <summary>A demo-world ticket (samples/tickets) as the documented Zendesk trigger template renders its creation.</summary>
    private static string ZendeskCreated(long ticketId, string sample)
    {
        var t = Sample(sample);
        return ZendeskBody("created", ticketId, t, latestComment: t.GetProperty("body").GetString()!, updatedAt: t.GetProperty("createdAt").GetString()!);
    }

    /// <summary>The same ticket's "end-user comment" trigger: the new comment, and the ticket's new updated_at (its revision).</summary>
    private static string ZendeskCommented(long ticketId, string sample, string comment, string commentedAt) =>
        ZendeskBody("comment", ticketId, Sample(sample), latestComment: comment, updatedAt: commentedAt);

    private static string ZendeskBody(string ticketEvent, long ticketId, JsonElement t, string latestComment, string updatedAt) =>
        JsonSerializer.Serialize(new
        {
            @event = ticketEvent,
            ticket = new
            {
                id = ticketId.ToString(CultureInfo.InvariantCulture),
                subject = t.GetProperty("subject").GetString(),
                description = t.GetProperty("body").GetString(),
                latest_comment = latestComment,
                status = ticketEvent == "created" ? "New" : "Open",
                created_at = t.GetProperty("createdAt").GetString(),
                updated_at = updatedAt,
                tags = string.Join(' ', t.GetProperty("tags").EnumerateArray().Select(x => x.GetString())),
                via = "Mail",
                requester = new { email = t.GetProperty("requester").GetProperty("email").GetString(), name = t.GetProperty("requester").GetProperty("name").GetString() },
            },
        });

    /// <summary>A demo-world ticket as the documented Freshdesk rule renders its creation: the description in HTML, the tags comma-separated.</summary>
    private static string FreshdeskCreated(long ticketId, string sample, string tags)
    {
        var t = Sample(sample);
        var html = string.Concat(t.GetProperty("body").GetString()!.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(p => $"<div>{string.Join("<br>", p.Split('\n').Select(WebUtility.HtmlEncode))}</div>"));
        return JsonSerializer.Serialize(new
        {
            freshdesk_webhook = new
            {
                @event = "created",
                ticket_id = ticketId.ToString(CultureInfo.InvariantCulture),
                ticket_subject = t.GetProperty("subject").GetString(),
                ticket_description = html,
                ticket_contact_email = t.GetProperty("requester").GetProperty("email").GetString(),
                ticket_contact_name = t.GetProperty("requester").GetProperty("name").GetString(),
                ticket_status = "Open",
                ticket_latest_public_comment = "",
                ticket_tags = tags,
                ticket_created_at = t.GetProperty("createdAt").GetString(),
            },
        });
    }

    /// <summary>The first follow-up comment a sample ticket carries, and when it was written.</summary>
    private static (string Body, string At) SampleComment(string sample)
    {
        var comment = Sample(sample).GetProperty("comments")[0];
        return (comment.GetProperty("body").GetString()!, comment.GetProperty("createdAt").GetString()!);
    }

    private static JsonElement Sample(string name) => JsonSerializer.Deserialize<JsonElement>(ServiceHost.SampleTicket(name));
}
