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
    /// <summary>
    /// The ticket's parts in reading order: subject, body, then public comments oldest first (the newest
    /// last). A comment keeps its index in the ticket ("comments[2]") even when earlier ones are private.
    /// </summary>
    public static IReadOnlyList<TextPart> Parts(Ticket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var parts = new List<TextPart>();
        if (!string.IsNullOrWhiteSpace(ticket.Subject))
        {
            parts.Add(new TextPart("subject", Normalize(ticket.Subject).Trim()));
        }

        // Helpdesk JSON may carry nulls where the contract has defaults: read them as empty.
        var source = ticket.Body ?? "";
        var body = string.Equals(ticket.BodyFormat, "html", StringComparison.OrdinalIgnoreCase) || LooksLikeHtml(source)
            ? HtmlToText(source)
            : source;
        parts.Add(new TextPart("body", Clean(body)));
        var comments = ticket.Comments ?? [];
        for (var i = 0; i < comments.Count; i++)
        {
            var comment = comments[i];
            if (comment is { Public: true } && !string.IsNullOrWhiteSpace(comment.Body))
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
        var keptContent = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            if (QuoteHeader().IsMatch(trimmed))
            {
                // A forward with nothing above it is the message itself: keep what follows the header.
                if (!keptContent || ForwardHeader().IsMatch(trimmed))
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
            keptContent |= trimmed.Length > 0;
        }

        return string.Join('\n', kept).Trim();
    }

    /// <summary>
    /// Converts an HTML body to plain text with line breaks where blocks end. Quoted replies (Gmail's
    /// quote, Outlook's reply header onwards, cited blockquotes) are dropped before conversion; the
    /// content of <c>pre</c> and <c>code</c> keeps its lines and indentation, and a <c>pre</c> block is
    /// set apart by blank lines. One pass over the markup.
    /// </summary>
    public static string HtmlToText(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        return new HtmlReading(html.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n')).Text();
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

    /// <summary>At most eight short lines without "error" follow. Looks at nine non-blank lines at most, so a body of many sign-offs stays linear.</summary>
    private static bool RemainingLooksLikeSignature(string[] lines, int from)
    {
        var seen = 0;
        for (var i = from; i < lines.Length; i++)
        {
            var line = lines[i];
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (++seen > 8 || line.Length >= 80 || line.Contains("error", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
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

    [GeneratedRegex(@"<\s*(html|body|p|div|br|span|table)\b", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlHint();

    /// <summary>
    /// One forward pass over HTML markup. Every search starts where the previous one ended (the next
    /// '&gt;' is remembered), so unclosed tags, comments or thousands of script tags stay linear.
    /// </summary>
    private sealed class HtmlReading(string html)
    {
        /// <summary>How far past a quote marker to look for the sign that it is a forward, not a reply.</summary>
        private const int ForwardLookAhead = 2000;

        private readonly StringBuilder _text = new(Math.Min(html.Length, 1 << 20));
        private readonly StringBuilder _line = new();
        private bool _lineVerbatim;
        private bool _lineHasContent;
        private bool _blankPending;
        private string _lastLine = "";
        private int _pre;
        private int _code;
        private int _nextTagEnd = -1;
        private bool _noMoreTagEnds;

        private bool HasContent => _text.Length > 0 || _lineHasContent;

        public string Text()
        {
            var i = 0;
            while (i < html.Length)
            {
                var lt = html.IndexOf('<', i);
                if (lt < 0)
                {
                    AppendText(html.AsSpan(i));
                    break;
                }

                AppendText(html.AsSpan(i, lt - i));
                i = ReadMarkup(lt);
            }

            EndLine();
            return _text.ToString();
        }

        private int ReadMarkup(int lt)
        {
            if (html.AsSpan(lt).StartsWith("<!--", StringComparison.Ordinal))
            {
                var end = html.IndexOf("-->", lt + 4, StringComparison.Ordinal);
                return end < 0 ? html.Length : end + 3;
            }

            var next = lt + 1 < html.Length ? html[lt + 1] : '\0';
            var closing = next == '/';
            var nameStart = closing ? lt + 2 : lt + 1;
            var isMarkup = nameStart < html.Length && (char.IsAsciiLetter(html[nameStart]) || (!closing && next is '!' or '?'));
            var gt = isMarkup ? TagEnd(nameStart) : -1;
            if (gt < 0)
            {
                // "a < b", "<3": a '<' that starts no tag is text.
                Append('<');
                return lt + 1;
            }

            var nameEnd = nameStart;
            while (nameEnd < gt && nameEnd - nameStart < 12 && char.IsAsciiLetterOrDigit(html[nameEnd]))
            {
                nameEnd++;
            }

            var name = html.Substring(nameStart, nameEnd - nameStart).ToLowerInvariant();
            var after = gt + 1;
            return closing ? Close(name, after) : Open(name, html.AsSpan(lt, after - lt), after);
        }

        private int Open(string name, ReadOnlySpan<char> tag, int after)
        {
            switch (name)
            {
                case "script" or "style":
                    Append(' ');
                    return SkipRawText(name, after);
                case "br" or "hr" or "li":
                    EndLine();
                    return after;
                case "pre":
                    _pre++;
                    BlankLine();
                    return after;
                case "code":
                    _code++;
                    return after;
                case "blockquote" when IsCitation(tag):
                    return SkipElement(name, after);
                case "div" when Attribute(tag, "class").Contains("gmail_signature", StringComparison.OrdinalIgnoreCase):
                    return SkipElement(name, after);
                case "div" when Attribute(tag, "class").Contains("gmail_quote", StringComparison.OrdinalIgnoreCase)
                             || Attribute(tag, "class").Contains("yahoo_quoted", StringComparison.OrdinalIgnoreCase):
                    // Gmail wraps a forward in the same element as a reply: a forward is the message, keep it.
                    return Ahead(after).Contains("Forwarded message", StringComparison.OrdinalIgnoreCase) ? after : SkipElement(name, after);
                case "div" when Attribute(tag, "id") is "appendonsend" or "divRplyFwdMsg":
                    // Outlook puts the previous message after its reply header: everything from here on is quoted,
                    // unless this is a forward or there is nothing above it.
                    return !HasContent || IsOutlookForward(after) ? after : html.Length;
                default:
                    return after;
            }
        }

        private int Close(string name, int after)
        {
            switch (name)
            {
                case "p" or "div" or "li" or "tr" or "blockquote" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                    EndLine();
                    break;
                case "pre":
                    _pre = Math.Max(0, _pre - 1);
                    BlankLine();
                    break;
                case "code":
                    _code = Math.Max(0, _code - 1);
                    break;
                case "td" or "th":
                    Append(' ');
                    break;
            }

            return after;
        }

        /// <summary>A blockquote that quotes an earlier message (not one the customer uses to set off an error page).</summary>
        private bool IsCitation(ReadOnlySpan<char> tag)
        {
            if (Attribute(tag, "type").Equals("cite", StringComparison.OrdinalIgnoreCase)
                || Attribute(tag, "class").Contains("quote", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            var attribution = _lineHasContent ? _line.ToString(Math.Max(0, _line.Length - 60), Math.Min(60, _line.Length)).TrimEnd() : _lastLine;
            return attribution.EndsWith("wrote:", StringComparison.OrdinalIgnoreCase)
                || attribution.EndsWith("schrieb:", StringComparison.OrdinalIgnoreCase)
                || attribution.EndsWith("a écrit :", StringComparison.OrdinalIgnoreCase)
                || attribution.EndsWith("escribió:", StringComparison.OrdinalIgnoreCase);
        }

        private bool IsOutlookForward(int after)
        {
            var ahead = Ahead(after);
            return ahead.Contains("FW:", StringComparison.Ordinal) || ahead.Contains("Fwd:", StringComparison.OrdinalIgnoreCase) || ahead.Contains("WG:", StringComparison.Ordinal);
        }

        private ReadOnlySpan<char> Ahead(int from) => html.AsSpan(from, Math.Min(ForwardLookAhead, html.Length - from));

        /// <summary>Skips to after the element's matching end tag, counting nested elements of the same name.</summary>
        private int SkipElement(string name, int from)
        {
            var depth = 1;
            var pos = from;
            while (true)
            {
                var lt = html.IndexOf('<', pos);
                if (lt < 0)
                {
                    return html.Length;
                }

                var closing = lt + 1 < html.Length && html[lt + 1] == '/';
                var nameAt = closing ? lt + 2 : lt + 1;
                if (IsName(nameAt, name))
                {
                    depth += closing ? -1 : 1;
                    if (depth == 0)
                    {
                        var gt = TagEnd(nameAt);
                        return gt < 0 ? html.Length : gt + 1;
                    }
                }

                pos = lt + 1;
            }
        }

        /// <summary>Skips a script or style element: its content is not markup.</summary>
        private int SkipRawText(string name, int from)
        {
            var end = html.IndexOf("</" + name, from, StringComparison.OrdinalIgnoreCase);
            if (end < 0)
            {
                return html.Length;
            }

            var gt = TagEnd(end);
            return gt < 0 ? html.Length : gt + 1;
        }

        private bool IsName(int at, string name) =>
            at + name.Length <= html.Length
            && html.AsSpan(at, name.Length).Equals(name, StringComparison.OrdinalIgnoreCase)
            && (at + name.Length == html.Length || !char.IsAsciiLetterOrDigit(html[at + name.Length]));

        /// <summary>The next '&gt;' at or after <paramref name="from"/>; positions only move forward, so each character is searched once.</summary>
        private int TagEnd(int from)
        {
            if (_noMoreTagEnds)
            {
                return -1;
            }

            if (_nextTagEnd < from)
            {
                _nextTagEnd = html.IndexOf('>', from);
                _noMoreTagEnds = _nextTagEnd < 0;
            }

            return _nextTagEnd;
        }

        /// <summary>The value of an attribute in a start tag, or empty.</summary>
        private static ReadOnlySpan<char> Attribute(ReadOnlySpan<char> tag, string name)
        {
            var from = 0;
            while (from < tag.Length)
            {
                var at = tag[from..].IndexOf(name, StringComparison.OrdinalIgnoreCase);
                if (at < 0)
                {
                    return [];
                }

                at += from;
                from = at + name.Length;
                if (!char.IsWhiteSpace(tag[at - 1]))
                {
                    continue;
                }

                var i = from;
                while (i < tag.Length && char.IsWhiteSpace(tag[i])) i++;
                if (i >= tag.Length || tag[i] != '=')
                {
                    continue;
                }

                i++;
                while (i < tag.Length && char.IsWhiteSpace(tag[i])) i++;
                if (i < tag.Length && tag[i] is '"' or '\'')
                {
                    var close = tag[(i + 1)..].IndexOf(tag[i]);
                    return close < 0 ? tag[(i + 1)..] : tag.Slice(i + 1, close);
                }

                var end = i;
                while (end < tag.Length && !char.IsWhiteSpace(tag[end]) && tag[end] is not ('>' or '/')) end++;
                return tag[i..end];
            }

            return [];
        }

        private void AppendText(ReadOnlySpan<char> text)
        {
            if (text.IsEmpty)
            {
                return;
            }

            var decoded = text.Contains('&') ? WebUtility.HtmlDecode(text.ToString()).AsSpan() : text;
            foreach (var c in decoded)
            {
                if (c == '\n')
                {
                    EndLine();
                }
                else
                {
                    Append(c == '\u00A0' ? ' ' : c);
                }
            }
        }

        private void Append(char c)
        {
            // A line that starts inside pre or code keeps its indentation and inner spacing.
            if ((_pre > 0 || _code > 0) && !_lineVerbatim && !_lineHasContent)
            {
                _line.Clear();
                _lineVerbatim = true;
            }

            _line.Append(c);
            _lineHasContent |= !char.IsWhiteSpace(c);
        }

        /// <summary>Ends the current line; an empty line becomes (at most one) blank line between lines.</summary>
        private void EndLine()
        {
            var line = _lineVerbatim ? _line.ToString().TrimEnd() : Collapsed(_line);
            _line.Clear();
            _lineVerbatim = false;
            _lineHasContent = false;
            if (line.Length == 0)
            {
                _blankPending = _text.Length > 0;
                return;
            }

            if (_text.Length > 0)
            {
                _text.Append(_blankPending ? "\n\n" : "\n");
            }

            _blankPending = false;
            _text.Append(line);
            _lastLine = line;
        }

        private void BlankLine()
        {
            EndLine();
            _blankPending = _text.Length > 0;
        }

        /// <summary>Runs of spaces and tabs become one space; the line is trimmed.</summary>
        private static string Collapsed(StringBuilder line)
        {
            var result = new StringBuilder(line.Length);
            var space = false;
            foreach (var chunk in line.GetChunks())
            {
                foreach (var c in chunk.Span)
                {
                    if (c is ' ' or '\t')
                    {
                        space = true;
                        continue;
                    }

                    if (space && result.Length > 0)
                    {
                        result.Append(' ');
                    }

                    space = false;
                    result.Append(c);
                }
            }

            return result.ToString().Trim();
        }
    }
}
