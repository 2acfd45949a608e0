using Investigator.Core.Intake;
using Investigator.Core.Sources.Local;
using Investigator.Core.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Investigator.Core.Tests.Intake;

public sealed class TextBlockTests
{
    private static readonly TextPart Subject = new("subject", "API returns 401 since yesterday");

    private static IReadOnlyList<TextBlock> Find(string body) => TextBlocks.Find([Subject, new TextPart("body", body)]);

    private static string TextOf(string body, TextBlock block) => body.Substring(block.Start, block.Length);

    [Fact]
    public void A_pasted_log_is_one_block_without_the_prose_around_it()
    {
        var body = """
            Our nightly job fails since yesterday. From the job log:

            2026-11-11T16:05:12Z INFO  deploy_workflows: syncing 14 workflow definitions
            2026-11-11T16:05:13Z ERROR flowpoint.client: PUT /v1/workflows/wf_nightly_ingest -> 401
            [2026-11-11 16:05:13] WARN retrying in 5s
            2026-11-11T16:05:18Z ERROR deploy_workflows: aborting, 1 error

            Can you check why the key is rejected?
            """;

        var block = Assert.Single(Find(body));

        Assert.Equal(TextBlockKind.Log, block.Kind);
        Assert.Equal("body", block.Field);
        Assert.Equal(4, block.Lines);
        Assert.StartsWith("2026-11-11T16:05:12Z INFO", TextOf(body, block), StringComparison.Ordinal);
        Assert.EndsWith("aborting, 1 error", TextOf(body, block), StringComparison.Ordinal);
    }

    [Fact]
    public void A_syslog_and_level_word_log_is_a_block_too()
    {
        var body = "Server side:\nNov 12 08:00:01 web-1 sync[412]: connection refused\nNov 12 08:00:02 web-1 sync[412]: giving up\n\nAnd the agent:\nERROR: token rejected\nWARN: falling back to cache\n";

        var blocks = Find(body);

        Assert.Equal([TextBlockKind.Log, TextBlockKind.Log], blocks.Select(b => b.Kind));
        Assert.Equal("Nov 12 08:00:01 web-1 sync[412]: connection refused\nNov 12 08:00:02 web-1 sync[412]: giving up", TextOf(body, blocks[0]));
        Assert.Equal("ERROR: token rejected\nWARN: falling back to cache", TextOf(body, blocks[1]));
    }

    [Fact]
    public void A_dotnet_stack_trace_starts_at_its_exception_line()
    {
        var body = """
            The sync service crashed again:

            Unhandled exception. System.InvalidOperationException: Sequence contains no elements
               at System.Linq.ThrowHelper.ThrowNoElementsException()
               at Harbor.Sync.Runner.<RunAsync>d__4.MoveNext() in /src/Harbor.Sync/Runner.cs:line 42
            --- End of stack trace from previous location ---
               at Harbor.Sync.Program.Main(String[] args) in /src/Harbor.Sync/Program.cs:line 12

            It started after we upgraded the SDK.
            """;

        var block = Assert.Single(Find(body));

        Assert.Equal(TextBlockKind.StackTrace, block.Kind);
        Assert.Equal(5, block.Lines);
        Assert.StartsWith("Unhandled exception. System.InvalidOperationException", TextOf(body, block), StringComparison.Ordinal);
        Assert.EndsWith("Program.cs:line 12", TextOf(body, block), StringComparison.Ordinal);
    }

    [Fact]
    public void A_java_trace_keeps_its_caused_by_and_omitted_frames()
    {
        var body = "Exception in thread \"main\" java.lang.IllegalStateException: upload failed\n\tat com.harbor.sync.Uploader.push(Uploader.java:88)\n\tat com.harbor.sync.Main.main(Main.java:12)\nCaused by: java.net.SocketTimeoutException: Read timed out\n\tat java.base/java.net.SocketInputStream.read(SocketInputStream.java:168)\n\t... 4 more\nThanks for looking";

        var block = Assert.Single(Find(body));

        Assert.Equal(TextBlockKind.StackTrace, block.Kind);
        Assert.Equal(6, block.Lines);
        Assert.DoesNotContain("Thanks", TextOf(body, block), StringComparison.Ordinal);
    }

    [Fact]
    public void A_python_traceback_ends_with_its_exception_line()
    {
        var body = """
            Since a bit after 3am our invoice sync can't start runs.

            Traceback (most recent call last):
              File "/srv/af-sync/sync/runner.py", line 57, in trigger_runs
                run = client.runs.create(workflow_id="wf_invoice_sync", input=payload)
              File "/srv/af-sync/.venv/lib/python3.12/site-packages/flowpoint/_client.py", line 214, in _post
                raise self._make_status_error(resp)
            flowpoint.errors.ServiceUnavailableError: 503 UPSTREAM_UNAVAILABLE: A required service is temporarily unavailable.
            Another failing one at 08:23:43 UTC: req_2ec2e312f3d1a27e
            """;

        var block = Assert.Single(Find(body));

        Assert.Equal(TextBlockKind.StackTrace, block.Kind);
        Assert.Equal(6, block.Lines);
        Assert.StartsWith("Traceback (most recent call last):", TextOf(body, block), StringComparison.Ordinal);
        Assert.EndsWith("temporarily unavailable.", TextOf(body, block), StringComparison.Ordinal);
    }

    [Fact]
    public void A_chained_python_traceback_is_one_block()
    {
        var body = "Traceback (most recent call last):\n  File \"a.py\", line 1, in <module>\n    f()\nKeyError: 'id'\n\nDuring handling of the above exception, another exception occurred:\n\nTraceback (most recent call last):\n  File \"a.py\", line 3, in <module>\n    g()\nValueError: bad id\n\nWhat does this mean?";

        var block = Assert.Single(Find(body));

        Assert.Equal(TextBlockKind.StackTrace, block.Kind);
        Assert.EndsWith("ValueError: bad id", TextOf(body, block), StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_document_runs_to_its_balanced_end()
    {
        var body = """
            The API answers:
            {
              "error": {
                "code": "AUTH_KEY_REVOKED",
                "message": "The key {fp_live_Rk8d} was revoked [by an owner].",
                "details": [ { "field": "key" } ]
              }
            }
            That is all we see.
            """;

        var block = Assert.Single(Find(body));

        Assert.Equal(TextBlockKind.Json, block.Kind);
        Assert.Equal(7, block.Lines);
        Assert.StartsWith("{", TextOf(body, block), StringComparison.Ordinal);
        Assert.EndsWith("}", TextOf(body, block), StringComparison.Ordinal);
        Assert.Equal(body.IndexOf("\n}", StringComparison.Ordinal) + 2, block.Start + block.Length);
    }

    [Fact]
    public void Json_lines_one_after_another_are_one_block_and_an_unbalanced_one_is_none()
    {
        var lines = "{\"level\":\"error\",\"msg\":\"timeout\"}\n{\"level\":\"error\",\"msg\":\"retry\"}\n";
        var broken = "{\"error\": {\"code\": \"RATE_LIMITED\"\n\nthen the rest was cut off";

        var block = Assert.Single(Find(lines));

        Assert.Equal((TextBlockKind.Json, 2), (block.Kind, block.Lines));
        Assert.Empty(Find(broken));
    }

    [Fact]
    public void A_curl_session_takes_its_headers_and_body_and_stops_at_the_prose()
    {
        var body = """
            And with curl from my laptop, same key:

            $ curl -s -i https://api.flowpoint.example/v1/workflows \
                -H "Authorization: Bearer $FLOWPOINT_KEY"
            HTTP/2 401
            content-type: application/json
            x-request-id: req_e72d242d35d4edb5

            {"error":{"code":"AUTH_KEY_REVOKED","message":"The API key has been revoked."}}

            We did not revoke anything.
            """;

        var block = Assert.Single(Find(body));

        Assert.Equal(TextBlockKind.Command, block.Kind);
        Assert.Equal(7, block.Lines);
        Assert.StartsWith("$ curl -s -i", TextOf(body, block), StringComparison.Ordinal);
        Assert.EndsWith("has been revoked.\"}}", TextOf(body, block), StringComparison.Ordinal);
    }

    [Fact]
    public void Prose_with_times_codes_brackets_and_prices_is_not_a_block()
    {
        var body = """
            Hello team,

            at 10:00 this morning our exports started failing. Error: the file is empty.
            ERROR: nothing else is shown on the page.
            [1] We followed https://docs.flowpoint.example/exports as described.
            {customer_name} placeholders in the e-mail template are not replaced either.
            $5 per seat was what we agreed, and the invoice says otherwise.
            at least three colleagues see it (all on Chrome).
            2026-11-12 09:00 UTC: the export failed again, and again at 09:30.

            Thanks,
            Ava
            """;

        Assert.Empty(Find(body));
    }

    [Fact]
    public void Quoted_lines_in_text_that_was_not_cleaned_are_a_quoted_block()
    {
        var body = "Still failing.\n> Did you rotate the key?\n> Please send the request id.\nNo, we did not.";

        var block = Assert.Single(Find(body));

        Assert.Equal((TextBlockKind.Quoted, 2), (block.Kind, block.Lines));
        Assert.Equal("> Did you rotate the key?\n> Please send the request id.", TextOf(body, block));
    }

    [Fact]
    public void Blocks_in_comments_name_the_comment_and_the_subject_is_never_a_block()
    {
        var comment = "Here is the log you asked for:\n2026-11-12T08:00:00Z ERROR export failed\n2026-11-12T08:00:01Z ERROR export failed";
        var parts = new[] { new TextPart("subject", "2026-11-12T08:00:00Z ERROR export failed"), new TextPart("body", "Exports fail."), new TextPart("comments[1]", comment) };

        var block = Assert.Single(TextBlocks.Find(parts));

        Assert.Equal("comments[1]", block.Field);
        Assert.Equal(comment.IndexOf("2026", StringComparison.Ordinal), block.Start);
        Assert.Equal(2, block.Lines);
    }

    [Fact]
    public void Html_keeps_a_pre_log_line_by_line_and_drops_the_gmail_quote()
    {
        var html = """
            <div dir="ltr"><div>Hi,</div><div>the export job fails every night. Log:</div>
            <pre>2026-11-12T02:00:00Z INFO  export: starting job exp_52247c7860
            2026-11-12T02:00:04Z ERROR export: job failed
                at Flowpoint.Export.Writer.Flush(Writer.cs:88)</pre>
            <div>Can you look?</div>
            <div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Tue, 11 Nov 2026 at 10:00, Support &lt;support@flowpoint.example&gt; wrote:<br></div>
            <blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex">Please send us the log of the failed run.<div class="gmail_quote">nested</div></blockquote></div></div>
            """;

        var text = TicketText.HtmlToText(html);

        Assert.Equal(
            "Hi,\nthe export job fails every night. Log:\n\n2026-11-12T02:00:00Z INFO  export: starting job exp_52247c7860\n2026-11-12T02:00:04Z ERROR export: job failed\n    at Flowpoint.Export.Writer.Flush(Writer.cs:88)\n\nCan you look?",
            text);
        var body = new TextPart("body", text);
        var block = Assert.Single(TextBlocks.Find([body]));
        Assert.Equal((TextBlockKind.Log, 3), (block.Kind, block.Lines));
    }

    [Fact]
    public void Html_drops_cited_blockquotes_and_outlook_reply_headers_but_keeps_a_quoted_error_page()
    {
        var apple = "<div>Still broken.</div><div>On 11 Nov 2026, at 10:00, Support wrote:</div><blockquote type=\"cite\"><div>Please retry.</div></blockquote>";
        var attribution = "<p>Still broken.</p><p>On Tue, Support &lt;support@flowpoint.example&gt; wrote:</p><blockquote><p>Did you rotate the key?</p></blockquote>";
        var outlook = "<div>Still broken after the fix.</div><div id=\"appendonsend\"></div><hr><div id=\"divRplyFwdMsg\"><b>From:</b> Support<br><b>Subject:</b> RE: exports</div><div>Old reply text</div>";
        var errorPage = "<p>After the Microsoft login I get:</p><blockquote>Sign-in failed.<br>Code: SAML_SIGNATURE_INVALID</blockquote><p>Edge 130.</p>";

        Assert.DoesNotContain("Please retry", TicketText.HtmlToText(apple), StringComparison.Ordinal);
        Assert.DoesNotContain("rotate the key", TicketText.HtmlToText(attribution), StringComparison.Ordinal);
        Assert.Equal("Still broken after the fix.", TicketText.HtmlToText(outlook));
        Assert.Equal("After the Microsoft login I get:\nSign-in failed.\nCode: SAML_SIGNATURE_INVALID\nEdge 130.", TicketText.HtmlToText(errorPage));
    }

    [Fact]
    public void Html_forwards_keep_the_forwarded_message()
    {
        var gmail = "<div dir=\"ltr\"><br><div class=\"gmail_quote\"><div class=\"gmail_attr\">---------- Forwarded message ---------<br>From: Ava &lt;ava@lantern.example&gt;<br></div><div>The deliveries fail with 404 since the URL change.</div></div></div>";
        var outlook = "<div id=\"divRplyFwdMsg\"><b>From:</b> Ava<br><b>Subject:</b> FW: webhooks</div><div>The deliveries fail with 404.</div>";

        Assert.Contains("The deliveries fail with 404 since the URL change.", TicketText.Clean(TicketText.HtmlToText(gmail)), StringComparison.Ordinal);
        Assert.Contains("The deliveries fail with 404.", TicketText.HtmlToText(outlook), StringComparison.Ordinal);
    }

    [Fact]
    public void Html_tables_comments_and_stray_angle_brackets_read_as_text()
    {
        var html = "<p>Limit a < b and c > d</p><!-- <p>hidden</p> --><table><tr><td>plan</td><td>Professional</td></tr></table><p>&lt;script&gt; is text</p><script>never()";

        Assert.Equal("Limit a < b and c > d\nplan Professional\n<script> is text", TicketText.HtmlToText(html));
    }

    [Fact]
    public async Task Intake_surfaces_attachments_as_helpdesk_metadata_and_blocks_as_ticket_spans()
    {
        var intake = new RuleBasedIntake(new LocalAccountSource(TinyWorld.Create()), new FakeTimeProvider(TinyWorld.Reported));
        var ticket = TinyWorld.Ticket("API returns 401", "Every call fails:\n2026-11-12T08:00:00Z ERROR 401 Unauthorized\n2026-11-12T08:00:05Z ERROR 401 Unauthorized\nPlease help.") with
        {
            Attachments = [new TicketAttachment("booking-sync.log", "text/plain", 48_210), new TicketAttachment("screenshot.png", "image/png", 120_331)],
        };

        var facts = await intake.NormalizeAsync(ticket, CancellationToken.None);

        Assert.Equal(["booking-sync.log", "screenshot.png"], facts.Attachments.Select(a => a.Value.Name));
        Assert.Equal(120_331, facts.Attachments[1].Value.Size);
        Assert.All(facts.Attachments, a => Assert.Equal(ProvenanceKind.HelpdeskMetadata, a.Source.Kind));
        Assert.Equal(["attachments[0]", "attachments[1]"], facts.Attachments.Select(a => a.Source.Field));
        var block = Assert.Single(facts.Blocks);
        Assert.Equal((TextBlockKind.Log, "body", 2), (block.Kind, block.Field, block.Lines));
        var body = TicketText.Parts(ticket).Single(p => p.Field == "body").Text;
        Assert.StartsWith("2026-11-12T08:00:00Z ERROR", body.Substring(block.Start, block.Length), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ticket_without_attachments_or_pastes_has_none()
    {
        var intake = new RuleBasedIntake(new LocalAccountSource(TinyWorld.Create()), new FakeTimeProvider(TinyWorld.Reported));

        var facts = await intake.NormalizeAsync(TinyWorld.Ticket("Question", "How do I rotate an API key without downtime?") with { Attachments = null! }, CancellationToken.None);

        Assert.Empty(facts.Attachments);
        Assert.Empty(facts.Blocks);
    }
}
