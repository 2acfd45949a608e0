using Investigator.Core.Intake;

namespace Investigator.Core.Tests.Intake;

public sealed class TicketTextTests
{
    [Fact]
    public void Html_bodies_become_text_with_line_breaks()
    {
        var text = TicketText.HtmlToText("<html><body><p>Hello&nbsp;team,</p><p>SSO fails with <b>SAML_SIGNATURE_INVALID</b>.<br>Since 09:14.</p><script>x()</script></body></html>");

        Assert.Equal("Hello team,\nSSO fails with SAML_SIGNATURE_INVALID.\nSince 09:14.", text);
    }

    [Fact]
    public void Quoted_replies_signatures_and_legal_footers_are_removed()
    {
        var body = """
            Our webhooks stopped arriving yesterday.

            Thanks,
            Noah
            Lantern Studio

            On Tue, 11 Nov 2026 at 10:00, Support <support@flowpoint.example> wrote:
            > Please send the endpoint URL.
            """;

        var cleaned = TicketText.Clean(body);

        Assert.Contains("Our webhooks stopped arriving yesterday.", cleaned, StringComparison.Ordinal);
        Assert.DoesNotContain("Please send the endpoint URL", cleaned, StringComparison.Ordinal);
        Assert.DoesNotContain("Lantern Studio", cleaned, StringComparison.Ordinal);
    }

    [Fact]
    public void A_forward_with_nothing_above_keeps_the_forwarded_message()
    {
        var body = """
            -----Original Message-----
            From: Ava <ava@lantern.example>
            Sent: Monday
            Subject: webhooks
            The deliveries fail with 404 since the URL change.
            """;

        Assert.Contains("The deliveries fail with 404", TicketText.Clean(body), StringComparison.Ordinal);
    }

    [Fact]
    public void Legal_footer_ends_the_message()
    {
        var cleaned = TicketText.Clean("Export fails.\n\nThis email and any attachments are confidential and intended solely for the addressee.");

        Assert.Equal("Export fails.", cleaned);
    }

    [Fact]
    public void Control_characters_from_binary_pastes_are_dropped()
    {
        Assert.Equal("ab\tc", TicketText.Clean("a\u0000b\u0007\tc"));
    }
}
