using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Investigator.Core.Intake;

/// <summary>One cleaned part of a ticket (subject, body, a comment) that facts point into.</summary>
public sealed record TextPart(string Field, string Text);

/// <summary>
/// Turns helpdesk bodies into the text a person would read: HTML to text, quoted reply chains,
/// signatures and legal footers removed. Pasted logs and stack traces are kept.
/// </summary>
public static partial class TicketText
{
    /// <summary>The ticket's parts in reading order: subject, body, then public comments oldest first.</summary>
    public static IReadOnlyList<TextPart> Parts(Ticket ticket)
    {
        var parts = new List<TextPart>();
        if (!string.IsNullOrWhiteSpace(ticket.Subject))
        {
            parts.Add(new TextPart("subject", Normalize(ticket.Subject).Trim()));
        }

        var body = ticket.BodyFormat.Equals("html", StringComparison.OrdinalIgnoreCase) || LooksLikeHtml(ticket.Body)
            ? HtmlToText(ticket.Body)
            : ticket.Body;
        parts.Add(new TextPart("body", Clean(body)));
        for (var i = 0; i < ticket.Comments.Count; i++)
        {
            var comment = ticket.Comments[i];
            if (comment.Public && !string.IsNullOrWhiteSpace(comment.Body))
            {
                parts.Add(new TextPart($"comments[{i}]", Clean(LooksLikeHtml(comment.Body) ? HtmlToText(comment.Body) : comment.Body)));
            }
        }

        return parts;
    }

    /// <summary>Removes quoted replies, signatures and footers; keeps forwarded content when it is the message.</summary>
    public static string Clean(string text)
    {
        var lines = Normalize(text).Split('\n');
        var kept = new List<string>(lines.Length);
        var forwardedOnly = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            if (QuoteHeader().IsMatch(trimmed))
            {
                // A forward with nothing above it is the message itself: keep what follows the header.
                if (kept.All(string.IsNullOrWhiteSpace) || ForwardHeader().IsMatch(trimmed))
                {
                    forwardedOnly = true;
                    continue;
                }

                break;
            }

            if (forwardedOnly && HeaderLine().IsMatch(trimmed))
            {
                continue;
            }

            if (trimmed.StartsWith('>'))
            {
                continue;
            }

            if (trimmed == "--" || trimmed == "-- " || LegalFooter().IsMatch(trimmed))
            {
                break;
            }

            if (SignOff().IsMatch(trimmed) && RemainingLooksLikeSignature(lines, i + 1))
            {
                kept.Add(line);
                break;
            }

            kept.Add(line.TrimEnd());
        }

        return string.Join('\n', kept).Trim();
    }

    /// <summary>Converts an HTML body to plain text with line breaks where blocks end.</summary>
    public static string HtmlToText(string html)
    {
        var withoutScripts = ScriptOrStyle().Replace(html, " ");
        var withBreaks = BlockEnd().Replace(withoutScripts, "\n");
        var withoutTags = AnyTag().Replace(withBreaks, "");
        var decoded = WebUtility.HtmlDecode(withoutTags).Replace('\u00A0', ' ');
        var lines = decoded.Split('\n').Select(l => SpaceRun().Replace(l, " ").Trim());
        return MultipleBlankLines().Replace(string.Join('\n', lines), "\n\n").Trim();
    }

    private static bool LooksLikeHtml(string text) => HtmlHint().IsMatch(text);

    private static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Replace("\r\n", "\n").Replace('\r', '\n'))
        {
            // Control characters other than tab and newline are junk from binary pastes.
            if (c == '\n' || c == '\t' || !char.IsControl(c))
            {
                sb.Append(c is '\u00A0' or '\u2007' or '\u202F' ? ' ' : c);
            }
        }

        return sb.ToString();
    }

    private static bool RemainingLooksLikeSignature(string[] lines, int from)
    {
        var rest = lines.Skip(from).Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
        return rest.Count <= 8 && rest.All(l => l.Length < 80 && !l.Contains("error", StringComparison.OrdinalIgnoreCase));
    }

    [GeneratedRegex(@"^(On .{4,200} wrote:|-{2,}\s*Original Message\s*-{2,}|-{2,}\s*Forwarded message\s*-{2,}|Begin forwarded message:|From: .+ Sent: .+)$", RegexOptions.IgnoreCase)]
    private static partial Regex QuoteHeader();

    [GeneratedRegex(@"Forwarded message|Begin forwarded", RegexOptions.IgnoreCase)]
    private static partial Regex ForwardHeader();

    [GeneratedRegex(@"^(From|Sent|Date|To|Cc|Subject):\s", RegexOptions.IgnoreCase)]
    private static partial Regex HeaderLine();

    [GeneratedRegex(@"^(this (e-?mail|message)( and any attachments)? (is|are|may be) (confidential|intended)|confidentiality notice|disclaimer:|the information (contained )?in this (e-?mail|message))", RegexOptions.IgnoreCase)]
    private static partial Regex LegalFooter();

    [GeneratedRegex(@"^(best( regards)?|kind regards|regards|cheers|thanks( again)?|thank you|many thanks|sincerely|br|mit freundlichen grüßen),?$", RegexOptions.IgnoreCase)]
    private static partial Regex SignOff();

    [GeneratedRegex(@"<(script|style)\b[^>]*>.*?</\1>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ScriptOrStyle();

    [GeneratedRegex(@"<\s*(br\s*/?|/p|/div|/li|/tr|/h[1-6]|/pre|/blockquote)\s*>|<\s*li\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockEnd();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex AnyTag();

    [GeneratedRegex(@"[ \t]+")]
    private static partial Regex SpaceRun();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex MultipleBlankLines();

    [GeneratedRegex(@"<\s*(html|body|p|div|br|span|table)\b", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlHint();
}
