using System.Text;
using System.Text.RegularExpressions;
using Investigator.Core.Investigation.Tools;

namespace Investigator.Core.Drafting;

/// <summary>
/// A help-center excerpt turned into lines a customer can read: Markdown emphasis and code marks
/// removed, numbered steps and bullet points on their own lines (with the article's own numbers), a
/// table as one line per row, code blocks left out (a short one-line example stays), and a passage cut
/// off by the excerpt's length limit trimmed back to its whole sentences, or marked "…" where it stops,
/// so nothing is quoted as if it were complete.
/// </summary>
internal static partial class ArticleQuote
{
    /// <summary>Marks where a code block was left out, so the text around it is not run together.</summary>
    private const char LeftOut = '\uE000';

    /// <summary>One section of an excerpt: its heading when the excerpt holds several, and its readable lines.</summary>
    public sealed record Passage(string? Heading, IReadOnlyList<string> Lines);

    /// <summary>
    /// The passages of an excerpt: one without a heading for a single section, or one per section of an
    /// excerpt composed from several (<see cref="ArticlePassages"/>); passages with nothing readable are left out.
    /// </summary>
    public static IReadOnlyList<Passage> Passages(string? excerpt)
    {
        if (string.IsNullOrWhiteSpace(excerpt))
        {
            return [];
        }

        if (!excerpt.StartsWith(ArticlePassages.HeadingMark, StringComparison.Ordinal))
        {
            return Lines(excerpt) is { Count: > 0 } lines ? [new Passage(null, lines)] : [];
        }

        return excerpt.Split("\n\n" + ArticlePassages.HeadingMark, StringSplitOptions.RemoveEmptyEntries)
            .Select(block => block.StartsWith(ArticlePassages.HeadingMark, StringComparison.Ordinal) ? block[ArticlePassages.HeadingMark.Length..] : block)
            .Select(block => block.Split('\n', 2))
            .Select(parts => new Passage(parts[0].Trim(), parts.Length > 1 ? SectionLines(parts[1]) : []))
            .Where(p => p.Lines.Count > 0)
            .ToList();
    }

    /// <summary>The readable lines of an excerpt, in order, every passage's; empty when nothing whole is left.</summary>
    public static IReadOnlyList<string> Lines(string? excerpt) =>
        excerpt is not null && excerpt.StartsWith(ArticlePassages.HeadingMark, StringComparison.Ordinal)
            ? Passages(excerpt).SelectMany(p => p.Lines).ToList()
            : SectionLines(excerpt);

    private static List<string> SectionLines(string? excerpt)
    {
        if (string.IsNullOrWhiteSpace(excerpt))
        {
            return [];
        }

        var text = excerpt.Trim();
        var truncated = text.EndsWith("...", StringComparison.Ordinal) || text.EndsWith('…');
        text = truncated ? text.TrimEnd('.', '…') : text;
        text = WithoutCodeBlocks(text);
        text = Emphasis().Replace(text.Replace("**", "", StringComparison.Ordinal).Replace("`", "", StringComparison.Ordinal), "${inner}");
        text = Spaces().Replace(text, " ").Trim();

        var lines = new List<string>();
        var table = text.Contains("|-", StringComparison.Ordinal) ? TableSpan().Match(text) : Match.Empty;
        var tableAtEnd = table.Success && text[(table.Index + table.Length)..].Trim().Length == 0;
        if (table.Success)
        {
            lines.AddRange(Items(text[..table.Index]));
            lines.AddRange(TableRows(table.Value, truncated && tableAtEnd));
            lines.AddRange(Items(text[(table.Index + table.Length)..]));
        }
        else
        {
            lines.AddRange(Items(text));
        }

        // The excerpt's length limit cut the last passage short: keep its whole sentences only.
        if (truncated && !tableAtEnd && lines.Count > 0)
        {
            if (WholeSentences(lines[^1]) is { } whole)
            {
                lines[^1] = whole;
            }
            else
            {
                lines.RemoveAt(lines.Count - 1);
            }
        }

        // A stray fragment is left out; a one-word list item ("- workflows;") is not a fragment.
        return lines.Where(l => Word().Count(StepPrefix().Replace(l, "")) >= (StepPrefix().IsMatch(l) ? 1 : 2) && !ArticleReference().IsMatch(l)).ToList();
    }

    /// <summary>The table of an excerpt alone (its "header by first column:" line and one line per complete row); empty when it has none.</summary>
    public static IReadOnlyList<string> Table(string? excerpt)
    {
        if (string.IsNullOrWhiteSpace(excerpt) || !excerpt.Contains("|-", StringComparison.Ordinal))
        {
            return [];
        }

        if (excerpt.StartsWith(ArticlePassages.HeadingMark, StringComparison.Ordinal))
        {
            return excerpt.Split("\n\n").Select(block => Table(block.Split('\n', 2).ElementAtOrDefault(1))).FirstOrDefault(t => t.Count > 0) ?? [];
        }

        var text = excerpt.Trim();
        var truncated = text.EndsWith("...", StringComparison.Ordinal) || text.EndsWith('…');
        text = Spaces().Replace(WithoutCodeBlocks(truncated ? text.TrimEnd('.', '…') : text).Replace("**", "", StringComparison.Ordinal).Replace("`", "", StringComparison.Ordinal), " ").Trim();
        var table = TableSpan().Match(text);
        return table.Success
            ? TableRows(table.Value, truncated && text[(table.Index + table.Length)..].Trim().Length == 0).ToList()
            : [];
    }

    /// <summary>
    /// Plain text split into its items; where a code block was left out, the text is split too, and a
    /// sentence that only announced the block ("… and this body:") goes with it. A sentence that says
    /// something specific before the block ("the API answers with HTTP 429 … RATE_LIMITED:") stays, as a
    /// statement.
    /// </summary>
    private static IEnumerable<string> Items(string text)
    {
        var segments = text.Split(LeftOut);
        for (var i = 0; i < segments.Length; i++)
        {
            var items = ItemsOf(segments[i]).ToList();
            if (i < segments.Length - 1 && items.Count > 0 && items[^1].EndsWith(':'))
            {
                WithoutAnnouncement(items);
            }

            foreach (var item in items)
            {
                yield return item;
            }
        }
    }

    /// <summary>The last item's closing sentence, which ends with ":" before a left-out block: kept when specific, otherwise dropped.</summary>
    private static void WithoutAnnouncement(List<string> items)
    {
        var item = items[^1];
        var end = SentenceEndBefore().Match(item[..^1]);
        var start = end.Success ? end.Index + end.Length : StepPrefix().Match(item).Length;
        if (Specific().IsMatch(item[start..]))
        {
            items[^1] = Pointer().Replace(item[..^1], "") + ".";
        }
        else if (item[..start].Trim() is var before && StepPrefix().Replace(before + " ", "").Trim().Length > 0)
        {
            items[^1] = before;
        }
        else
        {
            items.RemoveAt(items.Count - 1);
        }
    }

    /// <summary>Plain text split into its intro, numbered steps (when numbered 1, 2, 3 … in order) and bullet points.</summary>
    private static IEnumerable<string> ItemsOf(string text)
    {
        text = text.Trim();
        if (text.Length == 0)
        {
            yield break;
        }

        var markers = new List<(int Index, int Length, string Prefix)>();
        int? previous = null;
        foreach (Match m in StepMarker().Matches(text))
        {
            var number = int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (previous is { } p && number != p + 1)
            {
                continue;
            }

            previous = number;
            markers.Add((m.Index, m.Length, $"{number}. "));
        }

        markers.AddRange(BulletMarker().Matches(text).Select(m => (m.Index, m.Length, "- ")));
        markers.Sort((a, b) => a.Index.CompareTo(b.Index));

        var start = 0;
        var prefix = "";
        foreach (var (index, length, next) in markers)
        {
            if (index < start)
            {
                continue;
            }

            if (text[start..index].Trim() is { Length: > 0 } piece)
            {
                yield return prefix + piece;
            }

            (start, prefix) = (index + length, next);
        }

        if (text[start..].Trim() is { Length: > 0 } last)
        {
            yield return prefix + last;
        }
    }

    /// <summary>A flattened Markdown table as "header by first column:" and one "- row: cells" line per complete row.</summary>
    private static IEnumerable<string> TableRows(string table, bool cutOff)
    {
        var cells = table.Split('|').Select(c => c.Trim()).Where(c => c.Length > 0).ToList();
        var firstRule = cells.FindIndex(c => TableRule().IsMatch(c));
        var columns = cells.Skip(Math.Max(0, firstRule)).TakeWhile(c => TableRule().IsMatch(c)).Count();
        if (firstRule <= 0 || columns < 2 || firstRule != columns)
        {
            yield break;
        }

        var header = cells[..columns];
        var body = cells[(2 * columns)..];
        var rows = body.Chunk(columns).Where(r => r.Length == columns).ToList();
        if (cutOff && rows.Count > 0 && body.Count % columns == 0)
        {
            rows.RemoveAt(rows.Count - 1);   // the last cell may itself be cut short
        }

        if (rows.Count == 0)
        {
            yield break;
        }

        // A yes/no matrix (who may do what) reads best as each row with the columns it holds for.
        if (columns > 2 && rows.All(r => r.Skip(1).All(c => YesNo().IsMatch(c))))
        {
            foreach (var row in rows)
            {
                var holds = header.Skip(1).Where((_, i) => row[i + 1].StartsWith('y') || row[i + 1].StartsWith('Y')).ToList();
                yield return $"- {row[0]}: {(holds.Count == 0 ? "none" : string.Join(", ", holds))}";
            }

            yield break;
        }

        var lead = columns == 2 ? $"{header[1]} by {header[0]}:" : $"{header[0]}: {string.Join(", ", header.Skip(1))}";
        yield return char.ToUpperInvariant(lead[0]) + lead[1..];
        foreach (var row in rows)
        {
            yield return $"- {row[0]}: {string.Join(", ", row.Skip(1))}";
        }
    }

    /// <summary>
    /// A passage the excerpt limit cut short: its whole sentences, and the cut sentence too when enough of
    /// it is left to be useful, without its last (possibly partial) word and marked with "…". Null when
    /// nothing useful is left.
    /// </summary>
    private static string? WholeSentences(string line)
    {
        var end = LastSentenceEnd().Match(line);
        var whole = end.Success ? line[..(end.Index + 1)].Trim() : "";
        var tail = end.Success ? line[(end.Index + 1)..].Trim() : StepPrefix().Replace(line, "");
        var tailWords = tail.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tailWords.Length >= 8)
        {
            var cut = string.Join(' ', tailWords[..^1]).TrimEnd(',', ';', ':', '-', '–', ' ');
            return end.Success ? $"{whole} {cut} …" : $"{line[..(line.Length - tail.Length)]}{cut} …";
        }

        return Word().Count(StepPrefix().Replace(whole, "")) >= 2 ? whole : null;
    }

    /// <summary>
    /// Code blocks left out, except a short one-line example (a header, a setting), which stays as its own
    /// sentence: it is often the answer. A request or response body is never quoted.
    /// </summary>
    private static string WithoutCodeBlocks(string text)
    {
        var result = new StringBuilder();
        var inside = false;
        foreach (var part in text.Split("```"))
        {
            if (!inside)
            {
                result.Append(part);
            }
            else if (part.Trim() is { Length: > 0 and <= 120 } example && example.IndexOfAny(['{', '}', '<', '>', '\n']) < 0)
            {
                result.Append(' ').Append(example).Append(' ');
            }
            else
            {
                result.Append(' ').Append(LeftOut).Append(' ');
            }

            inside = !inside;
        }

        return result.ToString();
    }

    [GeneratedRegex(@"(?<![\w*])\*(?<inner>[^*\s][^*]*?)\*(?![\w*])")]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    /// <summary>The end of the last sentence before the text's end: ". " followed by no other sentence end.</summary>
    [GeneratedRegex(@"[.!?]\s+(?!.*[.!?]\s)")]
    private static partial Regex SentenceEndBefore();

    /// <summary>The words pointing at the left-out block at a sentence's end: " and this body", " like this", " the following".</summary>
    [GeneratedRegex(@",?\s+(?:(?:and|with|like|in)\s+)?(?:this|these|the following)(?:\s+\w+)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Pointer();

    /// <summary>A number or an error code: what makes a sentence worth quoting on its own.</summary>
    [GeneratedRegex(@"\d|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b")]
    private static partial Regex Specific();

    [GeneratedRegex(@"\|[^|]*\|(?:[^|]*\|)*")]
    private static partial Regex TableSpan();

    [GeneratedRegex(@"^(?:yes|no)$", RegexOptions.IgnoreCase)]
    private static partial Regex YesNo();

    [GeneratedRegex(@"^:?-{3,}:?$")]
    private static partial Regex TableRule();

    /// <summary>"1. " at the start or after a sentence end: a step of a numbered list.</summary>
    [GeneratedRegex(@"(?:^|(?<=[.:;!?)]\s))(?<n>\d{1,2})\.\s+(?=\S)")]
    private static partial Regex StepMarker();

    /// <summary>"- " at the start or after a colon, semicolon or full stop: a bullet point, not a dash inside a sentence.</summary>
    [GeneratedRegex(@"(?:^|(?<=[.:;]\s))-\s+(?=\S)")]
    private static partial Regex BulletMarker();

    [GeneratedRegex(@"[.!?;](?=\s|$)(?!.*[.!?;](?:\s|$))")]
    private static partial Regex LastSentenceEnd();

    [GeneratedRegex(@"^(?:\d{1,2}\.|-)\s+")]
    private static partial Regex StepPrefix();

    /// <summary>A "Related" line that only names other articles ("kb-010 Verifying webhook signatures").</summary>
    [GeneratedRegex(@"^(?:-\s+)?kb-\d+\b")]
    private static partial Regex ArticleReference();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}
