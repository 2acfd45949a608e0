using System.Text.RegularExpressions;
using Investigator.Core.Diagnostics;
using Investigator.Core.Sources;

namespace Investigator.Core.Investigation.Tools;

/// <summary>
/// Groups log lines into templates (variable parts masked) with counts and first/last seen, so a
/// thousand lines reach a model or a lead as a few patterns.
/// </summary>
public static partial class LogPatterns
{
    public static string TemplateOf(string message)
    {
        var t = Identifier().Replace(message, "<id>");
        t = Hex().Replace(t, "<hex>");
        t = Ip().Replace(t, "<ip>");
        t = Timestamp().Replace(t, "<time>");
        return Number().Replace(t, "<n>");
    }

    public static IReadOnlyList<LogPattern> Group(IEnumerable<LogEntry> lines, int top)
    {
        var groups = new Dictionary<(string, string, string?, string), Builder>();
        foreach (var line in lines)
        {
            var key = (line.Service, line.Level, line.ErrorCode, TemplateOf(line.Message));
            if (!groups.TryGetValue(key, out var b))
            {
                groups[key] = b = new Builder(line, key.Item4);
            }

            b.Add(line);
        }

        return groups.Values
            .OrderByDescending(b => LogLevels.Rank(b.First.Level))
            .ThenByDescending(b => b.Count)
            .Take(top)
            .Select(b => b.Build())
            .ToList();
    }

    private sealed class Builder(LogEntry first, string template)
    {
        public LogEntry First { get; } = first;
        public int Count { get; private set; }
        private LogEntry _last = first;

        public void Add(LogEntry line)
        {
            Count++;
            _last = line;
        }

        public LogPattern Build() => new(First.Service, First.Level, First.ErrorCode, First.HttpStatus, template, Count, First.Ts, _last.Ts,
            Redactor.Redact(_last.Message.Length > 300 ? _last.Message[..300] + "…" : _last.Message));
    }

    [GeneratedRegex(@"\b(?:req|exp|run|wf|usr|inv|key|whe|dep|chg|acc)_[A-Za-z0-9_]+")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"\b[0-9a-f]{8,}\b", RegexOptions.IgnoreCase)]
    private static partial Regex Hex();

    [GeneratedRegex(@"\b\d{1,3}(?:\.\d{1,3}){3}\b")]
    private static partial Regex Ip();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"\b\d+(?:[.,]\d+)*(?:ms|s)?\b")]
    private static partial Regex Number();
}
