using System.Text.Json;

namespace Investigator.Core.Diagnostics;

/// <summary>Reads a model's JSON answer into a reply type, saying plainly why it could not.</summary>
public static class ModelJson
{
    /// <summary>
    /// The object in <paramref name="content"/>, or null with the reason in <paramref name="problem"/>.
    /// Structured output and JSON mode return a bare object; some servers still wrap it in a Markdown fence.
    /// </summary>
    public static T? Read<T>(string? content, JsonSerializerOptions options, out string problem) where T : class
    {
        problem = "";
        if (string.IsNullOrWhiteSpace(content))
        {
            problem = "empty reply";
            return null;
        }

        var start = content.IndexOf('{', StringComparison.Ordinal);
        var end = content.LastIndexOf('}');
        if (start < 0 || end < start)
        {
            problem = "not a JSON object";
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(content.AsSpan(start, end - start + 1), options);
        }
        catch (JsonException ex)
        {
            problem = $"not the JSON asked for ({ex.Message.Split('\n', 2)[0]})";
            return null;
        }
    }
}
