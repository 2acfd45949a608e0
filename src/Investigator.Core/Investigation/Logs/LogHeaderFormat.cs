namespace Investigator.Core.Investigation.Logs;

/// <summary>
/// A log header layout such as <c>&lt;Date&gt; &lt;Time&gt; &lt;Level&gt; [&lt;Thread&gt;] &lt;Component&gt;: &lt;Content&gt;</c>, matched by a
/// character scan rather than a regex because it runs once per line. Each field ends at the first place
/// its following literal matches; a space in a literal matches any run of spaces or tabs, so padded
/// columns ("Jul  1") fit. The message is the <c>&lt;Content&gt;</c> field.
/// </summary>
public sealed class LogHeaderFormat
{
    private readonly Segment[] _segments;
    private readonly int _contentField;

    private LogHeaderFormat(Segment[] segments, int contentField)
    {
        _segments = segments;
        _contentField = contentField;
    }

    /// <summary>Reads a layout; it must name a <c>&lt;Content&gt;</c> field and may not put two fields side by side.</summary>
    public static LogHeaderFormat Parse(string format)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(format);
        var segments = new List<Segment>();
        var i = 0;
        while (i < format.Length)
        {
            var open = format.IndexOf('<', i);
            var close = open < 0 ? -1 : format.IndexOf('>', open + 1);
            var isField = open >= 0 && close > open + 1 && IsFieldName(format.AsSpan(open + 1, close - open - 1));
            if (!isField)
            {
                // A '<' that opens no field name is part of a literal.
                var end = open < 0 ? format.Length : open + 1;
                AddLiteral(segments, format[i..end]);
                i = end;
                continue;
            }

            if (open > i)
            {
                AddLiteral(segments, format[i..open]);
            }

            if (segments.Count > 0 && segments[^1].Field is not null)
            {
                throw new FormatException($"Header format '{format}': fields <{segments[^1].Field}> and <{format[(open + 1)..close]}> need a literal between them.");
            }

            segments.Add(new Segment(format[(open + 1)..close], null));
            i = close + 1;
        }

        var content = segments.FindIndex(s => s.Field == "Content");
        return content < 0
            ? throw new FormatException($"Header format '{format}' has no <Content> field.")
            : new LogHeaderFormat([.. segments], content);
    }

    /// <summary>The message part of <paramref name="line"/>, or the whole line (trimmed) when the header does not fit.</summary>
    public ReadOnlySpan<char> ContentOf(ReadOnlySpan<char> line)
    {
        var trimmed = line.Trim();
        return TryContent(trimmed, out var content) ? trimmed[content].Trim() : trimmed;
    }

    /// <summary>Where the <c>&lt;Content&gt;</c> field is in <paramref name="line"/>, when the whole layout fits.</summary>
    public bool TryContent(ReadOnlySpan<char> line, out Range content)
    {
        content = default;
        var position = 0;
        var fieldStart = -1;
        var fieldIndex = -1;
        for (var s = 0; s < _segments.Length; s++)
        {
            var segment = _segments[s];
            if (segment.Field is not null)
            {
                fieldStart = position;
                fieldIndex = s;
                if (s == _segments.Length - 1)
                {
                    // The last field takes the rest of the line.
                    if (s == _contentField)
                    {
                        content = position..line.Length;
                    }

                    return true;
                }

                continue;
            }

            int matchStart, matchEnd;
            if (fieldStart >= 0)
            {
                // The open field must hold at least one character; it ends where the literal first fits.
                if (!Find(line, segment.Literal!, fieldStart + 1, out matchStart, out matchEnd))
                {
                    return false;
                }

                if (fieldIndex == _contentField)
                {
                    content = fieldStart..matchStart;
                }

                fieldStart = -1;
            }
            else
            {
                matchStart = position;
                matchEnd = MatchAt(line, segment.Literal!, position);
                if (matchEnd < 0)
                {
                    return false;
                }
            }

            position = matchEnd;
        }

        return true;
    }

    private static bool Find(ReadOnlySpan<char> line, string literal, int from, out int start, out int end)
    {
        // Jump between candidates for the literal's first character with a vectorised search.
        for (var p = from; p < line.Length; p++)
        {
            var rest = line[p..];
            var next = literal[0] == ' ' ? rest.IndexOfAny(' ', '\t') : rest.IndexOf(literal[0]);
            if (next < 0)
            {
                break;
            }

            p += next;
            var matched = MatchAt(line, literal, p);
            if (matched >= 0)
            {
                start = p;
                end = matched;
                return true;
            }
        }

        start = end = -1;
        return false;
    }

    /// <summary>The end of <paramref name="literal"/> matched at <paramref name="at"/>, or −1.</summary>
    private static int MatchAt(ReadOnlySpan<char> line, string literal, int at)
    {
        var p = at;
        foreach (var c in literal)
        {
            if (c == ' ')
            {
                if (p >= line.Length || !IsBlank(line[p]))
                {
                    return -1;
                }

                while (p < line.Length && IsBlank(line[p]))
                {
                    p++;
                }

                continue;
            }

            if (p >= line.Length || line[p] != c)
            {
                return -1;
            }

            p++;
        }

        return p;
    }

    private static bool IsBlank(char c) => c is ' ' or '\t';

    private static bool IsFieldName(ReadOnlySpan<char> name)
    {
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    private static void AddLiteral(List<Segment> segments, string literal)
    {
        if (segments.Count > 0 && segments[^1].Literal is { } previous)
        {
            segments[^1] = new Segment(null, previous + literal);
            return;
        }

        segments.Add(new Segment(null, literal));
    }

    private readonly record struct Segment(string? Field, string? Literal);
}
