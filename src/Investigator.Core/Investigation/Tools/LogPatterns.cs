using Investigator.Core.Diagnostics;
using Investigator.Core.Investigation.Logs;
using Investigator.Core.Sources;

namespace Investigator.Core.Investigation.Tools;

/// <summary>
/// Groups log lines into patterns, so a thousand lines reach a model or a lead as a few: the templates a
/// <see cref="LogTemplateMiner"/> mines from the messages (one miner per service), split by level and
/// error code, each with its count, first and last seen, and one example.
/// </summary>
public static class LogPatterns
{
    private const int MaxExampleLength = 300;

    /// <summary>
    /// The product's own messages: one message per entry (no header to cut), the generic masks, and the
    /// miner's default threshold. Dotted names are not masked: here they are mostly exception and class
    /// names, which are what tells two failures apart.
    /// </summary>
    public static readonly LogMinerSettings ProductLogs = new() { Masks = LogMasks.Default };

    /// <summary>The message with its variable parts masked as <c>&lt;*&gt;</c>, as the miner sees it before grouping.</summary>
    public static string TemplateOf(string message) => new LogTemplateMiner(ProductLogs).Mask(message);

    /// <summary>The <paramref name="top"/> patterns, most severe level first, then most frequent.</summary>
    public static IReadOnlyList<LogPattern> Group(IEnumerable<LogEntry> lines, int top) =>
        Mine(lines)
            .OrderByDescending(g => LogLevels.Rank(g.First.Level))
            .ThenByDescending(g => g.Count)
            .Take(top)
            .Select(g => g.Build())
            .ToList();

    /// <summary>
    /// The patterns whose template first occurs at or after <paramref name="changeAt"/> and never before it
    /// (within the lines given), most frequent first. The lines are mined in time order, so a line after the
    /// change that resembles one before it joins the older template and is not new.
    /// </summary>
    public static IReadOnlyList<LogPattern> NewSince(IEnumerable<LogEntry> lines, DateTimeOffset changeAt, int top)
    {
        var groups = Mine(lines.OrderBy(l => l.Ts));
        var seenBefore = groups.Where(g => g.FirstSeen < changeAt).Select(g => g.Template).ToHashSet();
        return groups
            .Where(g => !seenBefore.Contains(g.Template))
            .OrderByDescending(g => g.Count)
            .ThenByDescending(g => LogLevels.Rank(g.First.Level))
            .ThenBy(g => g.FirstSeen)
            .Take(top)
            .Select(g => g.Build())
            .ToList();
    }

    private static List<PatternBuilder> Mine(IEnumerable<LogEntry> lines)
    {
        // One miner per service: two services' messages never share a template.
        var miners = new Dictionary<string, LogTemplateMiner>(StringComparer.Ordinal);
        var groups = new Dictionary<(string Service, string Level, string? ErrorCode, LogTemplate Template), PatternBuilder>();
        foreach (var line in lines)
        {
            if (!miners.TryGetValue(line.Service, out var miner))
            {
                miners[line.Service] = miner = new LogTemplateMiner(ProductLogs);
            }

            var template = miner.Observe(line.Message, line.Ts);
            var key = (line.Service, line.Level, line.ErrorCode, template);
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = new PatternBuilder(line, template);
            }

            group.Add(line);
        }

        return [.. groups.Values];
    }

    /// <summary>One pattern being counted; its template text is read at the end, when the miner has widened it.</summary>
    private sealed class PatternBuilder(LogEntry first, LogTemplate template)
    {
        private LogEntry _last = first;

        public LogEntry First { get; } = first;

        public LogTemplate Template { get; } = template;

        public int Count { get; private set; }

        public DateTimeOffset FirstSeen { get; private set; } = first.Ts;

        public DateTimeOffset LastSeen { get; private set; } = first.Ts;

        public void Add(LogEntry line)
        {
            Count++;
            _last = line;
            FirstSeen = line.Ts < FirstSeen ? line.Ts : FirstSeen;
            LastSeen = line.Ts > LastSeen ? line.Ts : LastSeen;
        }

        public LogPattern Build() => new(First.Service, First.Level, First.ErrorCode, First.HttpStatus, Template.Text, Count, FirstSeen, LastSeen,
            Redactor.Redact(_last.Message.Length > MaxExampleLength ? _last.Message[..MaxExampleLength] + "…" : _last.Message));
    }
}
