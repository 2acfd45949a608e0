using System.Globalization;
using System.Text.Json;

namespace Investigator.Api.Webhooks;

/// <summary>
/// Reads fields from a helpdesk's JSON leniently, as trigger templates render them (an id may be a number or a
/// string, tags a list or one separated string, a missing placeholder an empty string), and collects every problem
/// under the JSON path of its field.
/// </summary>
internal sealed class PayloadFields
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool HasErrors => _errors.Count > 0;

    public IDictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public void Add(string field, params IEnumerable<string> messages)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.AddRange(messages);
    }

    /// <summary>Parses a body as JSON; on failure the problem is recorded under "$" and the result is null.</summary>
    public JsonDocument? Parse(byte[] body)
    {
        if (body.Length == 0)
        {
            Add("$", "The request body is empty; send the webhook's JSON.");
            return null;
        }

        try
        {
            var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            Add("$", "The body must be a JSON object.");
            return null;
        }
        catch (JsonException ex)
        {
            AddMalformed(ex);
            return null;
        }
    }

    /// <summary>Records a JSON error under the path it happened at, with its line, as <c>POST /v1/investigations</c> does.</summary>
    public void AddMalformed(JsonException ex) =>
        Add(ex.Path ?? "$", $"Malformed JSON{(ex.LineNumber is { } line ? $" at line {line + 1}" : "")}: {FirstSentence(ex.Message)}");

    /// <summary>A member that must be an object; records a problem and returns null when it is missing or not an object.</summary>
    public JsonElement? Object(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            Add(path, "This object is required.");
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            Add(path, "This must be a JSON object.");
            return null;
        }

        return value;
    }

    /// <summary>A text field (a number is read as its text); null when absent, null or blank.</summary>
    public string? Text(JsonElement parent, string name, string path, bool required = false)
    {
        string? text = null;
        if (parent.TryGetProperty(name, out var value))
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    if (!TryGetString(value, path, out text))
                    {
                        return null;
                    }

                    break;
                case JsonValueKind.Number: text = value.GetRawText(); break;
                case JsonValueKind.Null: break;
                default:
                    Add(path, "This must be a string.");
                    return null;
            }
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                Add(path, "This field is required.");
            }

            return null;
        }

        return text;
    }

    /// <summary>A field's text read as a time in ISO 8601 (helpdesks render their timestamps so); null when absent.</summary>
    public DateTimeOffset? Time(string? text, string path)
    {
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at;
        }

        Add(path, $"'{Shorten(text)}' is not a date and time; use ISO 8601, for example 2024-05-01T10:00:00Z.");
        return null;
    }

    /// <summary>Tags as a JSON list of strings, or one string separated by the given characters.</summary>
    public IReadOnlyList<string> Tags(JsonElement parent, string name, string path, params char[] separators)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        var tags = new List<string>();
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                if (!TryGetString(value, path, out var joined))
                {
                    return [];
                }

                tags.AddRange(joined!.Split(separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                break;
            case JsonValueKind.Array when value.EnumerateArray().All(t => t.ValueKind == JsonValueKind.String):
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (!TryGetString(item, $"{path}[{index++}]", out var tag))
                    {
                        return [];
                    }

                    tags.Add(tag!);
                }

                break;
            default:
                Add(path, "Tags must be a list of strings, or one string of tags.");
                return [];
        }

        return tags.Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// A JSON string's text. The parser checks the structure but not the text: a string with invalid UTF-8 or an
    /// unpaired surrogate escape ("\ud800") throws only when read, and is recorded here as a problem of its field.
    /// </summary>
    private bool TryGetString(JsonElement value, string path, out string? text)
    {
        try
        {
            text = value.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            Add(path, "This is not valid text: it has invalid UTF-8 or an unpaired surrogate escape.");
            text = null;
            return false;
        }
    }

    public static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";

    private static string FirstSentence(string message)
    {
        var dot = message.IndexOf(". ", StringComparison.Ordinal);
        return dot > 0 ? message[..(dot + 1)] : message;
    }
}
