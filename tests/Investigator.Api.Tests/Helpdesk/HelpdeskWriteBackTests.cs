using System.Text.Json;
using Investigator.Core.Drafting;
using Investigator.Core.Helpdesk;

namespace Investigator.Api.Tests.Helpdesk;

/// <summary>What write-back sends to Zendesk and Freshdesk, request by request, and when it sends nothing.</summary>
public sealed class HelpdeskWriteBackTests
{
    private const string DispositionTag = "investigator_disposition_userorconfigurationmistake";
    private const string PriorityTag = "investigator_priority_p2";

    [Fact]
    public async Task Zendesk_gets_one_private_comment_with_the_draft_and_the_internal_note_then_the_tags_added_without_replacing()
    {
        await using var zendesk = await FakeHelpdesks.ZendeskAsync();
        using var services = HelpdeskHost.Build(HelpdeskHost.Settings(zendesk: zendesk.BaseUrl));

        var result = await services.PostAsync(HelpdeskHost.Case());

        Assert.Equal(WriteBackOutcome.Posted, result.Outcome);
        Assert.True(result.NotePosted && result.TagsAdded);
        Assert.False(result.PublicReplyPosted);
        Assert.Equal(HelpdeskKind.Zendesk, result.Helpdesk);
        Assert.Equal("4242", result.TicketId);
        Assert.Equal(2, zendesk.Requests.Count);

        var note = zendesk.Requests[0];
        Assert.Equal("PUT", note.Method);
        Assert.Equal("/api/v2/tickets/4242.json", note.Path);
        Assert.Equal(HelpdeskHost.ZendeskAuthorization, note.Header("Authorization"));
        Assert.StartsWith("application/json", note.Header("Content-Type"), StringComparison.Ordinal);
        using var body = JsonDocument.Parse(note.Body);
        var ticket = body.RootElement.GetProperty("ticket");
        Assert.Equal(["comment"], ticket.EnumerateObject().Select(p => p.Name));   // no "tags", which would replace the ticket's own
        var comment = ticket.GetProperty("comment");
        Assert.Equal(["body", "public"], comment.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.False, comment.GetProperty("public").ValueKind);
        AssertNoteOrder(comment.GetProperty("body").GetString()!);

        var tags = zendesk.Requests[1];
        Assert.Equal("PUT", tags.Method);
        Assert.Equal("/api/v2/tickets/4242/tags", tags.Path);
        Assert.Equal(HelpdeskHost.ZendeskAuthorization, tags.Header("Authorization"));
        Assert.Equal($$"""{"tags":["{{DispositionTag}}","{{PriorityTag}}"]}""", tags.Body);
        Assert.Equal([DispositionTag, PriorityTag], result.Tags);
    }

    [Theory]
    [InlineData(true, false, new[] { "/api/v2/tickets/4242/tags" })]
    [InlineData(true, true, new string[0])]
    [InlineData(false, false, new[] { "/api/v2/tickets/4242.json", "/api/v2/tickets/4242/tags" })]
    public async Task A_retried_write_back_does_not_post_again_what_its_earlier_attempt_got_on_the_ticket(bool notePosted, bool tagsAdded, string[] paths)
    {
        await using var zendesk = await FakeHelpdesks.ZendeskAsync();
        using var services = HelpdeskHost.Build(HelpdeskHost.Settings(zendesk: zendesk.BaseUrl));
        var earlier = new Investigator.Core.Cases.HelpdeskPost(Investigator.Core.Cases.HelpdeskPostStatus.Pending, DateTimeOffset.UtcNow, 1)
        {
            NotePosted = notePosted,
            TagsAdded = tagsAdded,
        };

        var result = await services.PostAsync(HelpdeskHost.Case() with { HelpdeskPost = earlier });

        Assert.Equal((WriteBackOutcome.Posted, true, true), (result.Outcome, result.NotePosted, result.TagsAdded));
        Assert.Equal(paths, zendesk.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Freshdesk_gets_one_private_html_note_and_its_existing_tags_are_kept_beside_the_new_ones()
    {
        await using var freshdesk = await FakeHelpdesks.FreshdeskAsync(existingTags: """["billing","vip"]""");
        using var services = HelpdeskHost.Build(HelpdeskHost.Settings(freshdesk: freshdesk.BaseUrl));

        var result = await services.PostAsync(HelpdeskHost.Case(source: "freshdesk", externalId: "77"));

        Assert.Equal(WriteBackOutcome.Posted, result.Outcome);
        Assert.Equal(["POST /api/v2/tickets/77/notes", "GET /api/v2/tickets/77", "PUT /api/v2/tickets/77"], freshdesk.Requests.Select(r => $"{r.Method} {r.Path}"));
        Assert.All(freshdesk.Requests, r => Assert.Equal(HelpdeskHost.FreshdeskAuthorization, r.Header("Authorization")));

        using var note = JsonDocument.Parse(freshdesk.Requests[0].Body);
        Assert.Equal(["body", "private"], note.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.True, note.RootElement.GetProperty("private").ValueKind);
        var html = note.RootElement.GetProperty("body").GetString()!;
        Assert.Contains("<h3>Draft reply (not sent)</h3>", html, StringComparison.Ordinal);
        Assert.Contains("<h3>Internal note</h3>", html, StringComparison.Ordinal);
        Assert.Contains("<p>Hello Dana,</p>", html, StringComparison.Ordinal);
        Assert.Contains("14:05 UTC.<br>Re-enable it", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("Draft reply (not sent)", StringComparison.Ordinal) < html.IndexOf("Internal note", StringComparison.Ordinal));

        Assert.Equal($$"""{"tags":["billing","vip","{{DispositionTag}}","{{PriorityTag}}"]}""", freshdesk.Requests[2].Body);
    }

    [Fact]
    public async Task Freshdesk_tags_already_on_the_ticket_are_not_written_again()
    {
        await using var freshdesk = await FakeHelpdesks.FreshdeskAsync(existingTags: $$"""["{{PriorityTag}}","{{DispositionTag}}"]""");
        using var services = HelpdeskHost.Build(HelpdeskHost.Settings(freshdesk: freshdesk.BaseUrl));

        var result = await services.PostAsync(HelpdeskHost.Case(source: "freshdesk", externalId: "77"));

        Assert.True(result.Succeeded);
        Assert.True(result.TagsAdded);
        Assert.DoesNotContain(freshdesk.Requests, r => r.Method == "PUT");
    }

    [Fact]
    public async Task A_note_with_markup_in_the_draft_reaches_freshdesk_encoded()
    {
        await using var freshdesk = await FakeHelpdesks.FreshdeskAsync();
        using var services = HelpdeskHost.Build(HelpdeskHost.Settings(freshdesk: freshdesk.BaseUrl));
        var supportCase = HelpdeskHost.Case(source: "freshdesk", externalId: "77");
        supportCase = supportCase with { Draft = supportCase.Draft! with { Body = "Paste <script>alert(1)</script> & retry." } };

        await services.PostAsync(supportCase);

        using var note = JsonDocument.Parse(freshdesk.Requests[0].Body);
        var html = note.RootElement.GetProperty("body").GetString()!;
        Assert.Contains("Paste &lt;script&gt;alert(1)&lt;/script&gt; &amp; retry.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_public_reply_is_posted_when_its_kind_is_allowed_and_the_checks_passed()
    {
        await using var zendesk = await FakeHelpdesks.ZendeskAsync();
        using var services = HelpdeskHost.Build(HelpdeskHost.Settings(zendesk.BaseUrl, null, "Acknowledgement"));

        var result = await services.PostAsync(HelpdeskHost.Case(kind: MessageKind.Acknowledgement));

        Assert.Equal(WriteBackOutcome.Posted, result.Outcome);
        Assert.True(result.PublicReplyPosted);
        Assert.Equal(["PUT /api/v2/tickets/4242.json", "PUT /api/v2/tickets/4242/tags", "PUT /api/v2/tickets/4242.json"], zendesk.Requests.Select(r => $"{r.Method} {r.Path}"));
        var (note, reply) = (Comment(zendesk.Requests[0].Body), Comment(zendesk.Requests[2].Body));
        Assert.Equal(JsonValueKind.False, note.GetProperty("public").ValueKind);
        Assert.Contains(HelpdeskNote.DraftSentPublicly, note.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.True, reply.GetProperty("public").ValueKind);
        Assert.Equal(HelpdeskHost.DraftBody, reply.GetProperty("body").GetString());
    }

    [Fact]
    public async Task A_freshdesk_public_reply_goes_through_reply_as_html()
    {
        await using var freshdesk = await FakeHelpdesks.FreshdeskAsync();
        using var services = HelpdeskHost.Build(HelpdeskHost.Settings(null, freshdesk.BaseUrl, "acknowledgement"));

        var result = await services.PostAsync(HelpdeskHost.Case(source: "freshdesk", externalId: "77", kind: MessageKind.Acknowledgement));

        Assert.True(result.PublicReplyPosted);
        var reply = Assert.Single(freshdesk.Requests, r => r.Path == "/api/v2/tickets/77/reply");
        Assert.Equal("POST", reply.Method);
        using var body = JsonDocument.Parse(reply.Body);
        Assert.Equal(["body"], body.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.StartsWith("<p>Hello Dana,</p><p>Your webhook endpoint", body.RootElement.GetProperty("body").GetString(), StringComparison.Ordinal);
    }

    public static TheoryData<string[], MessageKind, bool> NotPublic() => new()
    {
        { [], MessageKind.Acknowledgement, true },                              // the default: never public
        { ["Acknowledgement"], MessageKind.Resolution, true },                  // another kind
        { ["Acknowledgement"], MessageKind.Acknowledgement, false },            // allowed kind, but the checks failed
        { ["Acknowledgement", "Resolution"], MessageKind.Resolution, false },
    };

    [Theory]
    [MemberData(nameof(NotPublic))]
    public async Task No_public_reply_unless_the_kind_is_allowed_and_the_checks_passed(string[] allowed, MessageKind kind, bool checksPassed)
    {
        await using var zendesk = await FakeHelpdesks.ZendeskAsync();
        await using var freshdesk = await FakeHelpdesks.FreshdeskAsync();
        using var services = HelpdeskHost.Build(HelpdeskHost.Settings(zendesk.BaseUrl, freshdesk.BaseUrl, allowed));

        var viaZendesk = await services.PostAsync(HelpdeskHost.Case(kind: kind, checksPassed: checksPassed));
        var viaFreshdesk = await services.PostAsync(HelpdeskHost.Case(source: "freshdesk", externalId: "77", kind: kind, checksPassed: checksPassed));

        Assert.True(viaZendesk.Succeeded && viaFreshdesk.Succeeded);
        Assert.False(viaZendesk.PublicReplyPosted || viaFreshdesk.PublicReplyPosted);
        var comments = zendesk.Requests.Where(r => r.Path.EndsWith(".json", StringComparison.Ordinal)).Select(r => Comment(r.Body)).ToList();
        var comment = Assert.Single(comments);
        Assert.Equal(JsonValueKind.False, comment.GetProperty("public").ValueKind);
        Assert.Contains(HelpdeskNote.DraftNotSent, comment.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(freshdesk.Requests, r => r.Path.EndsWith("/reply", StringComparison.Ordinal));
        if (!checksPassed)
        {
            Assert.Contains("NOT passed", comment.GetProperty("body").GetString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("generic")]
    [InlineData("file")]
    [InlineData("")]
    public async Task A_ticket_from_no_helpdesk_is_skipped_and_nothing_is_sent(string source)
    {
        await using var zendesk = await FakeHelpdesks.ZendeskAsync();
        await using var freshdesk = await FakeHelpdesks.FreshdeskAsync();
        using var services = HelpdeskHost.Build(HelpdeskHost.Settings(zendesk.BaseUrl, freshdesk.BaseUrl, "Acknowledgement"));

        var result = await services.PostAsync(HelpdeskHost.Case(source: source, kind: MessageKind.Acknowledgement));

        Assert.Equal(WriteBackOutcome.Skipped, result.Outcome);
        Assert.Equal(WriteBackSkipReason.UnsupportedSource, result.SkipReason);
        Assert.Contains("not from Zendesk or Freshdesk", result.Message, StringComparison.Ordinal);
        Assert.Empty(zendesk.Requests);
        Assert.Empty(freshdesk.Requests);
    }

    [Theory]
    [InlineData("zendesk", null, WriteBackSkipReason.MissingExternalId)]
    [InlineData("zendesk", "  ", WriteBackSkipReason.MissingExternalId)]
    [InlineData("zendesk", "ZD-4242", WriteBackSkipReason.InvalidExternalId)]
    [InlineData("freshdesk", "../../admin", WriteBackSkipReason.InvalidExternalId)]
    [InlineData("Zendesk", "-4", WriteBackSkipReason.InvalidExternalId)]
    public async Task A_helpdesk_ticket_without_a_ticket_number_is_skipped(string source, string? externalId, WriteBackSkipReason reason)
    {
        await using var zendesk = await FakeHelpdesks.ZendeskAsync();
        await using var freshdesk = await FakeHelpdesks.FreshdeskAsync();
        using var services = HelpdeskHost.Build(HelpdeskHost.Settings(zendesk.BaseUrl, freshdesk.BaseUrl));

        var result = await services.PostAsync(HelpdeskHost.Case(source: source, externalId: externalId));

        Assert.Equal(WriteBackOutcome.Skipped, result.Outcome);
        Assert.Equal(reason, result.SkipReason);
        Assert.Empty(zendesk.Requests);
        Assert.Empty(freshdesk.Requests);
    }

    [Fact]
    public async Task A_ticket_whose_helpdesk_is_not_configured_is_skipped_and_says_which_key_is_missing()
    {
        await using var zendesk = await FakeHelpdesks.ZendeskAsync();
        using var services = HelpdeskHost.Build(HelpdeskHost.Settings(zendesk: zendesk.BaseUrl));

        var result = await services.PostAsync(HelpdeskHost.Case(source: "freshdesk", externalId: "77"));

        Assert.Equal(WriteBackSkipReason.NotConfigured, result.SkipReason);
        Assert.Equal(HelpdeskKind.Freshdesk, result.Helpdesk);
        Assert.Contains("Helpdesks:Freshdesk:BaseUrl", result.Message, StringComparison.Ordinal);
        Assert.Empty(zendesk.Requests);
    }

    [Fact]
    public async Task With_no_helpdesk_configured_the_service_still_resolves_and_skips()
    {
        using var services = HelpdeskHost.Build(new Dictionary<string, string?>());

        var zendesk = await services.PostAsync(HelpdeskHost.Case());
        var freshdesk = await services.PostAsync(HelpdeskHost.Case(source: "freshdesk", externalId: "77"));

        Assert.Equal(WriteBackSkipReason.NotConfigured, zendesk.SkipReason);
        Assert.Equal(WriteBackSkipReason.NotConfigured, freshdesk.SkipReason);
    }

    [Fact]
    public async Task A_case_without_a_draft_is_skipped()
    {
        await using var zendesk = await FakeHelpdesks.ZendeskAsync();
        using var services = HelpdeskHost.Build(HelpdeskHost.Settings(zendesk: zendesk.BaseUrl));

        var result = await services.PostAsync(HelpdeskHost.Case() with { Draft = null, Status = Investigator.Core.Cases.CaseStatus.Failed });

        Assert.Equal(WriteBackSkipReason.NoDraft, result.SkipReason);
        Assert.Empty(zendesk.Requests);
    }

    private static void AssertNoteOrder(string note)
    {
        int At(string text) => note.IndexOf(text, StringComparison.Ordinal) is var i and >= 0 ? i : throw new Xunit.Sdk.XunitException($"'{text}' is not in the note:\n{note}");
        Assert.True(At("case_0193a1b2c3d4e5f6") < At(HelpdeskNote.DraftNotSent));
        Assert.True(At(HelpdeskNote.DraftNotSent) < At("Subject: Re: Webhooks stopped"));
        Assert.True(At("Subject: Re: Webhooks stopped") < At(HelpdeskHost.DraftBody));
        Assert.True(At(HelpdeskHost.DraftBody) < At("Checks: grounding and leak checks passed (3 claims checked)."));
        Assert.True(At("Checks: grounding") < At(HelpdeskNote.InternalNoteHeading));
        Assert.True(At(HelpdeskNote.InternalNoteHeading) < At(HelpdeskHost.InternalNote));
    }

    private static JsonElement Comment(string body) => JsonSerializer.Deserialize<JsonElement>(body).GetProperty("ticket").GetProperty("comment");
}
