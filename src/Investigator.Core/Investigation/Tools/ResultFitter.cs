using System.Text.Json;
using System.Text.Json.Nodes;
using Investigator.Core.Diagnostics;

namespace Investigator.Core.Investigation.Tools;

/// <summary>
/// Keeps one tool result from flooding a model's context. A result over the limit is cut fairly: long
/// texts are shortened first, then the longest list is halved, again and again, so every list keeps its
/// first (most relevant) items; the result then says, per list, how many items were left out.
/// </summary>
public static class ResultFitter
{
    /// <summary>The most JSON characters one tool result may put in front of a model.</summary>
    public const int MaxChars = 6_000;

    private const int MaxTextChars = 300;

    /// <summary>The result itself when it fits, else a trimmed JSON copy with an "omitted" count per list.</summary>
    public static object Fit(object result, int maxChars = MaxChars)
    {
        var node = JsonSerializer.SerializeToNode(result, result.GetType(), ContractJson.Options);
        if (node is null || node.ToJsonString().Length <= maxChars)
        {
            return result;
        }

        ShortenTexts(node);
        var omitted = new SortedDictionary<string, int>(StringComparer.Ordinal);
        while (node.ToJsonString().Length + EnvelopeLength(omitted, maxChars) > maxChars && Arrays(node).Where(a => a.Count > 1).MaxBy(a => a.Count) is { } longest)
        {
            var keep = longest.Count / 2;
            var path = longest.GetPath();
            omitted[path] = omitted.GetValueOrDefault(path) + (longest.Count - keep);
            while (longest.Count > keep)
            {
                longest.RemoveAt(longest.Count - 1);
            }
        }

        var fitted = new JsonObject
        {
            ["cut"] = $"This result was over {maxChars} characters; lists keep their first items.",
            ["omitted"] = new JsonObject(omitted.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)o.Value))),
            ["result"] = node,
        };
        var text = fitted.ToJsonString();
        return text.Length <= maxChars
            ? fitted
            // Still too long (one enormous scalar): the caller gets the start of it, and says so.
            : new JsonObject { ["cut"] = $"This result was over {maxChars} characters and could not be trimmed by lists.", ["start"] = text[..(maxChars / 2)] };
    }

    /// <summary>Room the note around a cut result takes: the message and one entry per cut list.</summary>
    private static int EnvelopeLength(IReadOnlyDictionary<string, int> omitted, int maxChars) =>
        120 + maxChars.ToString(System.Globalization.CultureInfo.InvariantCulture).Length + omitted.Sum(o => o.Key.Length + 12) + 40;

    private static void ShortenTexts(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (child is JsonValue value && value.TryGetValue<string>(out var s) && s.Length > MaxTextChars)
                    {
                        obj[key] = s[..MaxTextChars] + "…";
                    }
                    else if (child is not null)
                    {
                        ShortenTexts(child);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value && value.TryGetValue<string>(out var s) && s.Length > MaxTextChars)
                    {
                        array[i] = s[..MaxTextChars] + "…";
                    }
                    else if (array[i] is { } child)
                    {
                        ShortenTexts(child);
                    }
                }

                break;
        }
    }

    private static IEnumerable<JsonArray> Arrays(JsonNode node)
    {
        if (node is JsonArray array)
        {
            yield return array;
        }

        var children = node switch
        {
            JsonObject obj => obj.Select(p => p.Value),
            JsonArray arr => arr.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            foreach (var nested in Arrays(child))
            {
                yield return nested;
            }
        }
    }
}
