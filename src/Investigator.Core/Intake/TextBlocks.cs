using System.Text.RegularExpressions;

namespace Investigator.Core.Intake;

/// <summary>
/// Finds what a customer pasted into a ticket: runs of log lines, stack traces (.NET, Java, Node,
/// Python), JSON documents and shell sessions with their output. One forward pass over each part's
/// lines; every line test reads at most <see cref="LinePrefix"/> characters, and a JSON document is
/// scanned once, so a 1 MB body stays linear.
/// </summary>
public static partial class TextBlocks
{
    /// <summary>At most this many blocks are reported for a ticket.</summary>
    public const int MaxBlocks = 200;

    /// <summary>How much of a line the line tests read.</summary>
    public const int LinePrefix = 256;

    /// <summary>JSON nested deeper than this is not taken as a document.</summary>
    private const int MaxJsonDepth = 256;

    /// <summary>The pasted blocks of a ticket's cleaned parts (the subject is one line of prose and is skipped).</summary>
    public static IReadOnlyList<TextBlock> Find(IReadOnlyList<TextPart> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var blocks = new List<TextBlock>();
        foreach (var part in parts)
        {
            if (blocks.Count >= MaxBlocks)
            {
                break;
            }

            if (part.Field != "subject")
            {
                new Scan(part, blocks).Run();
            }
        }

        return blocks;
    }

    /// <summary>The ticket's attachments as facts; only what the helpdesk says about them (name, type, size).</summary>
    public static IReadOnlyList<Fact<TicketAttachment>> Attachments(Ticket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var facts = new List<Fact<TicketAttachment>>();
        var attachments = ticket.Attachments ?? [];
        for (var i = 0; i < attachments.Count; i++)
        {
            if (attachments[i] is { } attachment)
            {
                facts.Add(new Fact<TicketAttachment>(attachment, Provenance.Metadata($"attachments[{i}]")));
            }
        }

        return facts;
    }

    /// <summary>The scan of one part: its line table and the blocks found so far.</summary>
    private sealed class Scan
    {
        private readonly TextPart _part;
        private readonly string _text;
        private readonly List<TextBlock> _blocks;
        private readonly List<int> _starts = [];
        private readonly List<int> _ends = [];

        /// <summary>No JSON document is tried from a line that starts before this offset: an earlier attempt already read past it.</summary>
        private int _jsonFrontier;

        public Scan(TextPart part, List<TextBlock> blocks)
        {
            _part = part;
            _text = part.Text ?? "";
            _blocks = blocks;
            var start = 0;
            while (start <= _text.Length)
            {
                var newline = _text.IndexOf('\n', start);
                var end = newline < 0 ? _text.Length : newline;
                _starts.Add(start);
                _ends.Add(end);
                if (newline < 0)
                {
                    break;
                }

                start = newline + 1;
            }
        }

        private int Count => _starts.Count;

        public void Run()
        {
            var i = 0;
            while (i < Count && _blocks.Count < MaxBlocks)
            {
                var line = Prefix(i);
                if (line.IsWhiteSpace())
                {
                    i++;
                    continue;
                }

                int next;
                if (IsCommand(line))
                {
                    next = ShellSession(i);
                }
                else if (StartsStackTrace(line))
                {
                    next = StackTrace(i);
                }
                else if (LogLine().IsMatch(line))
                {
                    next = LogRun(i);
                }
                else if (IsJsonStart(line) && _starts[i] >= _jsonFrontier)
                {
                    next = JsonDocuments(i);
                }
                else if (IsQuoted(line))
                {
                    next = QuotedRun(i);
                }
                else
                {
                    next = i + 1;
                }

                i = Math.Max(next, i + 1);
            }
        }

        /// <summary>"$ curl …" and what it printed: up to a blank line, and past it while what follows is more of the session.</summary>
        private int ShellSession(int first)
        {
            var last = first;
            var i = first;
            while (i < Count)
            {
                var line = Prefix(i);
                if (line.IsWhiteSpace())
                {
                    var after = NextNonBlank(i);
                    if (after < 0 || !ContinuesSession(Prefix(after)))
                    {
                        break;
                    }

                    i = after;
                    continue;
                }

                if (i > first && IsJsonStart(line) && _starts[i] >= _jsonFrontier && JsonEnd(i) is var json and >= 0)
                {
                    last = json;
                    i = json + 1;
                    continue;
                }

                last = i;
                i++;
            }

            Add(TextBlockKind.Command, first, last);
            return last + 1;
        }

        /// <summary>After a blank line a session goes on only with another command, a JSON body, a status line or curl's markers, or log lines.</summary>
        private static bool ContinuesSession(ReadOnlySpan<char> line) =>
            IsCommand(line) || IsJsonStart(line) || CommandOutput().IsMatch(line) || LogLine().IsMatch(line);

        /// <summary>Frames, "Caused by", inner exceptions, Python's File/code lines and its final exception line.</summary>
        private int StackTrace(int first)
        {
            var start = first;

            // The exception line ("System.InvalidOperationException: …") usually stands just above the first frame.
            for (var back = 0; back < 2 && start - 1 > LastBlockEnd() && !Prefix(start - 1).IsWhiteSpace() && ExceptionLine().IsMatch(Prefix(start - 1)); back++)
            {
                start--;
            }

            var python = false;
            var last = first;
            var i = first;
            while (i < Count)
            {
                var line = Prefix(i);
                python |= PythonTraceback().IsMatch(line) || PythonFrame().IsMatch(line);
                if (line.IsWhiteSpace())
                {
                    // Chained exceptions are separated by a blank line and a sentence Python writes itself.
                    var after = NextNonBlank(i);
                    if (after < 0 || !(StartsStackTrace(Prefix(after)) || ChainedException().IsMatch(Prefix(after))))
                    {
                        break;
                    }

                    i = after;
                    continue;
                }

                var indented = line[0] is ' ' or '\t';
                if (python && !indented && !StartsStackTrace(line) && !ChainedException().IsMatch(line))
                {
                    // Python ends with the exception's name and message on a line of its own
                    // ("flowpoint.errors.ServiceUnavailableError: 503 …"); only a chained traceback may follow.
                    if (!(ExceptionLine().IsMatch(line) || PythonExceptionLine().IsMatch(line)))
                    {
                        break;
                    }

                    last = i;
                    i++;
                    if (i < Count && !Prefix(i).IsWhiteSpace())
                    {
                        break;
                    }

                    continue;
                }

                if (indented || StartsStackTrace(line) || StackContinuation().IsMatch(line) || ChainedException().IsMatch(line) || ExceptionLine().IsMatch(line))
                {
                    last = i;
                    i++;
                    continue;
                }

                break;
            }

            Add(TextBlockKind.StackTrace, start, last);
            return last + 1;
        }

        /// <summary>Log lines with their continuation lines (indented text, frames, exception lines), across single blank lines.</summary>
        private int LogRun(int first)
        {
            var logLines = 1;
            var strong = TimestampedWithLevel(Prefix(first));
            var hasLevel = LevelWord().IsMatch(Prefix(first));
            var last = first;
            var i = first + 1;
            while (i < Count)
            {
                var line = Prefix(i);
                if (line.IsWhiteSpace())
                {
                    var after = NextNonBlank(i);
                    if (after < 0 || !LogLine().IsMatch(Prefix(after)))
                    {
                        break;
                    }

                    i = after;
                    continue;
                }

                if (LogLine().IsMatch(line))
                {
                    logLines++;
                    last = i;
                }
                else if (line[0] is ' ' or '\t' || StartsStackTrace(line) || StackContinuation().IsMatch(line) || ExceptionLine().IsMatch(line))
                {
                    last = i;
                }
                else
                {
                    break;
                }

                i++;
            }

            // One line is a block only when it is unmistakably a log line; "ERROR: it broke" alone is prose.
            if (logLines >= 2 || strong || (last > first && hasLevel))
            {
                Add(TextBlockKind.Log, first, last);
                return last + 1;
            }

            return first + 1;
        }

        /// <summary>A JSON document from this line to its balanced end; documents on consecutive lines make one block.</summary>
        private int JsonDocuments(int first)
        {
            var end = JsonEnd(first);
            if (end < 0)
            {
                return first + 1;
            }

            while (end + 1 < Count && IsJsonStart(Prefix(end + 1)) && JsonEnd(end + 1) is var more and >= 0)
            {
                end = more;
            }

            Add(TextBlockKind.Json, first, end);
            return end + 1;
        }

        /// <summary>
        /// The line on which the JSON document starting at this line ends, or -1. A document ends on a line
        /// with nothing but a separator after it, contains a string, and has no blank line or raw newline in
        /// a string; a failed attempt moves the frontier so no character is read twice.
        /// </summary>
        private int JsonEnd(int line)
        {
            var text = _text;
            var pos = _starts[line];
            while (pos < _ends[line] && char.IsWhiteSpace(text[pos])) pos++;
            Span<char> stack = stackalloc char[MaxJsonDepth];
            var depth = 0;
            var inString = false;
            var sawString = false;
            var i = pos;
            for (; i < text.Length; i++)
            {
                var c = text[i];
                if (inString)
                {
                    if (c == '\\')
                    {
                        i++;
                    }
                    else if (c == '"')
                    {
                        inString = false;
                    }
                    else if (c == '\n')
                    {
                        break;
                    }

                    continue;
                }

                switch (c)
                {
                    case '"':
                        inString = true;
                        sawString = true;
                        break;
                    case '{' or '[':
                        if (depth == MaxJsonDepth)
                        {
                            return Fail(i);
                        }

                        stack[depth++] = c == '{' ? '}' : ']';
                        break;
                    case '}' or ']':
                        if (depth == 0 || stack[depth - 1] != c)
                        {
                            return Fail(i);
                        }

                        if (--depth == 0)
                        {
                            return Closed(line, i, sawString);
                        }

                        break;
                    case '\n' when BlankLineAt(i + 1):
                        return Fail(i);
                }
            }

            return Fail(i);
        }

        private int Closed(int first, int close, bool sawString)
        {
            var line = first;
            while (_ends[line] < close) line++;
            var rest = _text.AsSpan(close + 1, _ends[line] - close - 1).Trim();
            if (!sawString || !(rest.IsEmpty || rest is "," or ";"))
            {
                return Fail(close);
            }

            _jsonFrontier = Math.Max(_jsonFrontier, close);
            return line;
        }

        private int Fail(int at)
        {
            _jsonFrontier = Math.Max(_jsonFrontier, at);
            return -1;
        }

        private bool BlankLineAt(int start)
        {
            for (var i = start; i < _text.Length && i - start <= LinePrefix; i++)
            {
                if (_text[i] == '\n')
                {
                    return true;
                }

                if (!char.IsWhiteSpace(_text[i]))
                {
                    return false;
                }
            }

            return start >= _text.Length;
        }

        /// <summary>"&gt; " lines of a quoted reply (cleanup removes them from bodies; text that was not cleaned may still have them).</summary>
        private int QuotedRun(int first)
        {
            var last = first;
            while (last + 1 < Count && IsQuoted(Prefix(last + 1))) last++;
            Add(TextBlockKind.Quoted, first, last);
            return last + 1;
        }

        /// <summary>The next non-blank line within two blank lines, or -1.</summary>
        private int NextNonBlank(int blank)
        {
            for (var i = blank + 1; i < Count && i <= blank + 2; i++)
            {
                if (!Prefix(i).IsWhiteSpace())
                {
                    return i;
                }
            }

            return -1;
        }

        private int LastBlockEnd()
        {
            if (_blocks.Count == 0 || _blocks[^1].Field != _part.Field)
            {
                return -1;
            }

            var end = _blocks[^1].Start + _blocks[^1].Length;
            var line = _starts.BinarySearch(end);
            return line >= 0 ? line : ~line - 1;
        }

        private void Add(TextBlockKind kind, int first, int last)
        {
            var start = _starts[first];
            var end = _ends[last];
            while (end > start && char.IsWhiteSpace(_text[end - 1])) end--;
            _blocks.Add(new TextBlock(kind, _part.Field, start, end - start, last - first + 1));
        }

        private ReadOnlySpan<char> Prefix(int line)
        {
            var start = _starts[line];
            var length = Math.Min(_ends[line] - start, LinePrefix);
            return _text.AsSpan(start, length).TrimEnd('\r');
        }
    }

    private static bool IsCommand(ReadOnlySpan<char> line) => ShellPrompt().IsMatch(line);

    private static bool StartsStackTrace(ReadOnlySpan<char> line) =>
        StackFrame().IsMatch(line) || PythonTraceback().IsMatch(line) || PythonFrame().IsMatch(line) || line.TrimStart().StartsWith("---> ", StringComparison.Ordinal);

    private static bool IsJsonStart(ReadOnlySpan<char> line)
    {
        var trimmed = line.TrimStart();
        return trimmed.Length > 0 && trimmed[0] is '{' or '[';
    }

    private static bool IsQuoted(ReadOnlySpan<char> line) => line.TrimStart().StartsWith('>');

    private static bool TimestampedWithLevel(ReadOnlySpan<char> line) => Timestamped().IsMatch(line) && LevelWord().IsMatch(line);

    /// <summary>A log line: a leading timestamp (ISO, time of day, syslog, nginx, Apache, glog), a level word, a syslog priority or logfmt.</summary>
    [GeneratedRegex(@"^[ \t]{0,4}(?:\[?\d{4}[-/]\d{2}[-/]\d{2}[T ]\d{2}:\d{2}|\[?\d{2}:\d{2}:\d{2}(?:[.,]\d+)?\]?\s|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d{2}:\d{2}:\d{2}\s|<\d{1,3}>\d?\s?\S|[IWEF]\d{4} \d{2}:\d{2}:\d{2}|(?:\d{1,3}\.){3}\d{1,3} \S+ \S+ \[\d{2}/[A-Za-z]{3}/\d{4}:|\[?(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|FATAL|CRITICAL|CRIT|SEVERE)\]?(?:[\s:|]|$)|\[(?i:trace|debug|info|warn|warning|error|fatal|critical)\]|(?:level|lvl|ts|time|timestamp)=\S)", RegexOptions.None, 100)]
    private static partial Regex LogLine();

    [GeneratedRegex(@"^[ \t]{0,4}(?:\[?\d{4}[-/]\d{2}[-/]\d{2}[T ]\d{2}:\d{2}|\[?\d{2}:\d{2}:\d{2}|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d{2}:\d{2}:\d{2}|[IWEF]\d{4} \d{2}:\d{2}:\d{2}|(?:\d{1,3}\.){3}\d{1,3} \S+ \S+ \[)", RegexOptions.None, 100)]
    private static partial Regex Timestamped();

    [GeneratedRegex(@"\b(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|FATAL|CRITICAL|SEVERE|level=\w+)\b|\[(?i:trace|debug|info|warn|warning|error|fatal|critical)\]|^[IWEF]\d{4} ", RegexOptions.None, 100)]
    private static partial Regex LevelWord();

    /// <summary>A frame: ".NET/Java "at Namespace.Type.Method(" and Node's indented "at fn (file:line:col)".</summary>
    [GeneratedRegex(@"^\s*at\s+(?:async\s+)?[A-Za-z_$<][\w$<>\[\]`'/:,-]*\.[\w$<>\[\]`'/:,.-]*\s*\(|^\s+at\s+\S+(?:\s+\S+)?\s+\(\S*:\d+(?::\d+)?\)|^\s+at\s+\S+:\d+:\d+$", RegexOptions.None, 100)]
    private static partial Regex StackFrame();

    [GeneratedRegex(@"^\s*(?:--- End of |\.\.\. \d+ (?:more|common frames omitted)|Caused by: |Suppressed: |--->\s)", RegexOptions.None, 100)]
    private static partial Regex StackContinuation();

    /// <summary>An exception's name and message: "System.InvalidOperationException: …", "Exception in thread "main" java.lang.…", "Unhandled exception. …".</summary>
    [GeneratedRegex(@"^\s*(?:Unhandled exception\.\s*|Exception in thread ""[^""]*""\s+|Uncaught\s+|Fatal error:\s+)?(?:[A-Za-z_$][\w$]*\.)*[A-Z][\w$]*(?:Exception|Error)(?::|$|\s*\()", RegexOptions.None, 100)]
    private static partial Regex ExceptionLine();

    [GeneratedRegex(@"^\s*Traceback \(most recent call last\):", RegexOptions.None, 100)]
    private static partial Regex PythonTraceback();

    [GeneratedRegex(@"^\s*File ""[^""]+"", line \d+", RegexOptions.None, 100)]
    private static partial Regex PythonFrame();

    /// <summary>Python's last line: a dotted name, then a colon and the message or nothing.</summary>
    [GeneratedRegex(@"^[A-Za-z_][\w.]*(?::\s|:$|$)", RegexOptions.None, 100)]
    private static partial Regex PythonExceptionLine();

    [GeneratedRegex(@"^\s*(?:During handling of the above exception, another exception occurred:|The above exception was the direct cause of the following exception:)", RegexOptions.None, 100)]
    private static partial Regex ChainedException();

    /// <summary>A shell prompt followed by a command: "$ ", "user@host:~$ ", "PS C:\&gt; ", "C:\&gt; ".</summary>
    [GeneratedRegex(@"^[ \t]{0,4}(?:\$|[\w.-]{1,64}@[\w.-]{1,64}(?::[^\s$#]{0,200})?[$#]|PS [A-Za-z]:[^>\n]{0,200}>|[A-Za-z]:\\[^>\n]{0,200}>)\s+\S", RegexOptions.None, 100)]
    private static partial Regex ShellPrompt();

    /// <summary>Command output that may follow a blank line: an HTTP status line, curl -v's "* ", "&lt; ", "&gt; " markers.</summary>
    [GeneratedRegex(@"^(?:HTTP/\d(?:\.\d)?\s+\d{3}|[*<>] )", RegexOptions.None, 100)]
    private static partial Regex CommandOutput();
}
