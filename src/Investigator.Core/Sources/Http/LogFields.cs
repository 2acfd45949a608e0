using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Investigator.Core.Sources.Http;

/// <summary>
/// Where each <see cref="LogEntry"/> field is found in a log line (JSON, logfmt) or document
/// (Elasticsearch). The defaults are the product's own log format; dotted names reach into nested
/// objects ("service.name", "log.level").
/// </summary>
public sealed class LogFieldNames
{
    public string Timestamp { get; set; } = "ts";
    public string Level { get; set; } = "level";
    public string Service { get; set; } = "service";
    public string Region { get; set; } = "region";
    public string Account { get; set; } = "accountId";
    public string RequestId { get; set; } = "requestId";
    public string TraceId { get; set; } = "traceId";
    public string Message { get; set; } = "message";
    public string HttpStatus { get; set; } = "httpStatus";
    public string LatencyMs { get; set; } = "latencyMs";
    public string ErrorCode { get; set; } = "errorCode";

    internal IEnumerable<string> All => [Timestamp, Level, Service, Region, Account, RequestId, TraceId, Message, HttpStatus, LatencyMs, ErrorCode];

    public IEnumerable<string> Problems(string section)
    {
        foreach (var (name, value) in new[]
                 {
                     (nameof(Timestamp), Timestamp), (nameof(Level), Level), (nameof(Service), Service), (nameof(Region), Region),
                     (nameof(Account), Account), (nameof(RequestId), RequestId), (nameof(TraceId), TraceId), (nameof(Message), Message),
                     (nameof(HttpStatus), HttpStatus), (nameof(LatencyMs), LatencyMs), (nameof(ErrorCode), ErrorCode),
                 })
        {
            if (string.IsNullOrWhiteSpace(value) || value.Any(c => char.IsWhiteSpace(c) || c is '"' or '`' or '\\'))
            {
                yield return $"{section}:Fields:{name} '{value}' is not a field name.";
            }
        }
    }
}

/// <summary>One log line or document flattened to field → text ("a.b" for nested objects).</summary>
internal sealed class LogRecord
{
    private readonly Dictionary<string, string> _fields = new(StringComparer.Ordinal);

    /// <summary>The line as stored, the message of last resort.</summary>
    public string Raw { get; private init; } = "";

    public string? this[string name] => _fields.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public static LogRecord FromJson(JsonElement element, string? raw = null)
    {
        var record = new LogRecord { Raw = raw ?? element.GetRawText() };
        record.Flatten(element, "");
        return record;
    }

    /// <summary>A line of JSON or logfmt; anything else is kept as the message alone.</summary>
    public static LogRecord FromLine(string line, string messageField)
    {
        var trimmed = line.TrimStart();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(trimmed);
                return FromJson(document.RootElement, line);
            }
            catch (JsonException)
            {
                // Not JSON after all: fall through to logfmt, then to plain text.
            }
        }

        var record = new LogRecord { Raw = line };
        if (!Logfmt.TryParse(line, record._fields))
        {
            record._fields.Clear();
            record._fields[messageField] = line;
        }

        return record;
    }

    private void Flatten(JsonElement element, string prefix)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, prefix.Length == 0 ? property.Name : $"{prefix}.{property.Name}");
                }

                break;
            case JsonValueKind.String:
                _fields[prefix] = element.GetString()!;
                break;
            case JsonValueKind.Null or JsonValueKind.Undefined:
                break;
            default:
                _fields[prefix] = element.GetRawText();
                break;
        }
    }
}

/// <summary>Reads a <see cref="LogRecord"/> into a <see cref="LogEntry"/> through the configured field names.</summary>
internal sealed class LogEntryReader(LogFieldNames names)
{
    /// <param name="record">The line's fields.</param>
    /// <param name="labels">Stream labels (Loki), consulted when the line lacks a field.</param>
    /// <param name="at">The time the store indexed the line at, when it has one.</param>
    /// <param name="serviceLabel">The label that names the service, when it differs from the field name.</param>
    /// <param name="levelLabel">The label that holds the level, when levels are labels.</param>
    /// <param name="accountLabel">The label that holds the account, when accounts are labels.</param>
    public LogEntry Read(LogRecord record, IReadOnlyDictionary<string, string>? labels, DateTimeOffset? at,
        string? serviceLabel = null, string? levelLabel = null, string? accountLabel = null)
    {
        string? Field(string name, string? label = null) =>
            record[name] ?? (labels is null ? null : Label(labels, label ?? name));

        var ts = at ?? Timestamp(Field(names.Timestamp)) ?? throw new InvalidDataException($"a log line has no readable '{names.Timestamp}' field");
        return new LogEntry(
            ts.ToUniversalTime(),
            LevelNames.Canonical(Field(names.Level, levelLabel) ?? "info"),
            Field(names.Service, serviceLabel) ?? "unknown",
            Field(names.Region) ?? "",
            Field(names.Account, accountLabel),
            Field(names.RequestId),
            Field(names.TraceId),
            record[names.Message] ?? record["msg"] ?? record.Raw,
            Integer(Field(names.HttpStatus)),
            Integer(Field(names.LatencyMs)),
            Field(names.ErrorCode));
    }

    /// <summary>An ISO 8601 time, or epoch milliseconds as Elasticsearch stores dates without a format.</summary>
    private static DateTimeOffset? Timestamp(string? text) =>
        text is null ? null
        : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var epochMs) ? DateTimeOffset.FromUnixTimeMilliseconds(epochMs)
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed
        : null;

    private static string? Label(IReadOnlyDictionary<string, string> labels, string name) =>
        labels.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    private static int? Integer(string? text) =>
        text is not null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= int.MinValue and <= int.MaxValue
            ? (int)Math.Round(value)
            : null;
}

/// <summary>Level names as logs write them, mapped onto the five of <see cref="LogLevels"/>.</summary>
internal static class LevelNames
{
    private static readonly string[][] Aliases =
    [
        ["debug", "trace", "dbug", "verbose"],
        ["info", "information", "notice"],
        ["warn", "warning"],
        ["error", "err"],
        ["fatal", "critical", "crit", "panic", "emerg", "alert"],
    ];

    public static string Canonical(string level)
    {
        var lower = level.Trim().ToLowerInvariant();
        foreach (var names in Aliases)
        {
            if (names.Contains(lower))
            {
                return names[0];
            }
        }

        return lower;
    }

    /// <summary>Every spelling of every level at or above <paramref name="minLevel"/>.</summary>
    public static IReadOnlyList<string> AtLeast(string minLevel) =>
        Aliases.Skip(LogLevels.Rank(Canonical(minLevel))).SelectMany(names => names).ToList();

    /// <summary>True when the filter lets every level through, so none is needed.</summary>
    public static bool AdmitsAll(string? minLevel) => minLevel is null || LogLevels.Rank(Canonical(minLevel)) == 0;
}

/// <summary>A small logfmt reader: key=value pairs, values optionally double-quoted with backslash escapes.</summary>
internal static class Logfmt
{
    public static bool TryParse(string line, Dictionary<string, string> into)
    {
        var i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && line[i] == ' ') i++;
            if (i >= line.Length) break;
            var keyStart = i;
            while (i < line.Length && line[i] is not (' ' or '=' or '"')) i++;
            if (i == keyStart) return false;
            var key = line[keyStart..i];
            if (i >= line.Length || line[i] == ' ')
            {
                into[key] = "true";   // a bare key is a flag
                continue;
            }

            if (line[i] != '=') return false;
            i++;
            if (i < line.Length && line[i] == '"')
            {
                var value = new StringBuilder();
                i++;
                while (i < line.Length && line[i] != '"')
                {
                    if (line[i] == '\\' && i + 1 < line.Length)
                    {
                        i++;
                        value.Append(line[i] switch { 'n' => '\n', 't' => '\t', var c => c });
                    }
                    else
                    {
                        value.Append(line[i]);
                    }

                    i++;
                }

                if (i >= line.Length) return false;   // an unterminated quote: not logfmt
                i++;
                into[key] = value.ToString();
            }
            else
            {
                var valueStart = i;
                while (i < line.Length && line[i] != ' ') i++;
                into[key] = line[valueStart..i];
            }
        }

        // A line of plain words parses as bare flags; it is logfmt only if something had a value.
        return into.Values.Any(v => v != "true");
    }
}
