using System.Text.Json;

namespace Investigator.Evals.RealData;

/// <summary>Reads a JSON-lines file: one object per non-blank line, mapped by the caller.</summary>
internal static class JsonLines
{
    public static List<T> Read<T>(TextReader reader, Func<JsonElement, T> map)
    {
        var items = new List<T>();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            items.Add(map(document.RootElement));
        }

        return items;
    }
}
