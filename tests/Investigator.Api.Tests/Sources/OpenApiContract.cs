using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Investigator.Api.Tests.Sources;

/// <summary>
/// The published admin API document, read as JSON: finds the operation for a request and checks an
/// answer against the operation's schema (types, nullable, enum, required, no unknown properties,
/// lengths, date-times), following $refs.
/// </summary>
public sealed class OpenApiContract
{
    private readonly JsonElement _root;

    private OpenApiContract(JsonElement root) => _root = root;

    public static string DocumentPath { get; } = RepoFiles.Path("src", "Investigator.Api", "Contracts", "admin-api.openapi.json");

    public static OpenApiContract Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(DocumentPath));
        return new OpenApiContract(document.RootElement.Clone());
    }

    /// <summary>The operation a request hits, with the path template it matched; null when the contract has none.</summary>
    public (string Template, JsonElement Operation)? Operation(string method, string path)
    {
        foreach (var template in _root.GetProperty("paths").EnumerateObject())
        {
            var pattern = "^" + Regex.Replace(Regex.Escape(template.Name), @"\\\{[^/]+?}", "[^/]+") + "$";
            if (Regex.IsMatch(path, pattern) && template.Value.TryGetProperty(method.ToLowerInvariant(), out var operation))
            {
                return (template.Name, operation);
            }
        }

        return null;
    }

    /// <summary>Every way <paramref name="body"/> departs from the operation's schema for <paramref name="status"/>.</summary>
    public IReadOnlyList<string> Check(JsonElement operation, int status, JsonElement body)
    {
        var response = Resolve(operation.GetProperty("responses").GetProperty(status.ToString(CultureInfo.InvariantCulture)));
        var content = response.GetProperty("content");
        var schema = (content.TryGetProperty("application/json", out var json) ? json : content.GetProperty("application/problem+json")).GetProperty("schema");
        var problems = new List<string>();
        Check(body, schema, "$", problems);
        return problems;
    }

    /// <summary>The parameter names an operation declares in a place (query, path).</summary>
    public static IReadOnlyList<string> Parameters(JsonElement operation, string place) =>
        operation.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == place).Select(p => p.GetProperty("name").GetString()!).ToList()
            : [];

    private void Check(JsonElement value, JsonElement schema, string at, List<string> problems)
    {
        schema = Resolve(schema);
        if (value.ValueKind == JsonValueKind.Null)
        {
            if (!(schema.TryGetProperty("nullable", out var nullable) && nullable.GetBoolean()))
            {
                problems.Add($"{at}: null but not nullable");
            }

            return;
        }

        var type = schema.TryGetProperty("type", out var t) ? t.GetString() : null;
        var kindOk = type switch
        {
            "object" => value.ValueKind == JsonValueKind.Object,
            "array" => value.ValueKind == JsonValueKind.Array,
            "string" => value.ValueKind == JsonValueKind.String,
            "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
            "number" => value.ValueKind == JsonValueKind.Number,
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            _ => true,
        };
        if (!kindOk)
        {
            problems.Add($"{at}: {value.ValueKind} where the contract says {type}");
            return;
        }

        if (schema.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => a.GetRawText() == value.GetRawText()))
        {
            problems.Add($"{at}: {value.GetRawText()} is not one of {allowed.GetRawText()}");
        }

        switch (type)
        {
            case "object":
                var properties = schema.TryGetProperty("properties", out var p) ? p : default;
                if (schema.TryGetProperty("required", out var required))
                {
                    problems.AddRange(required.EnumerateArray().Select(r => r.GetString()!).Where(r => !value.TryGetProperty(r, out _)).Select(r => $"{at}.{r}: required but missing"));
                }

                foreach (var property in value.EnumerateObject())
                {
                    if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
                    {
                        Check(property.Value, propertySchema, $"{at}.{property.Name}", problems);
                    }
                    else if (schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False)
                    {
                        problems.Add($"{at}.{property.Name}: not in the contract");
                    }
                }

                break;
            case "array":
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Check(item, schema.GetProperty("items"), $"{at}[{i++}]", problems);
                }

                break;
            case "string":
                var text = value.GetString()!;
                if (schema.TryGetProperty("maxLength", out var max) && text.Length > max.GetInt32()) problems.Add($"{at}: longer than {max.GetInt32()}");
                if (schema.TryGetProperty("minLength", out var min) && text.Length < min.GetInt32()) problems.Add($"{at}: shorter than {min.GetInt32()}");
                if (schema.TryGetProperty("format", out var format) && format.GetString() == "date-time"
                    && !DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    problems.Add($"{at}: '{text}' is not an RFC 3339 date-time");
                }

                break;
        }
    }

    private JsonElement Resolve(JsonElement element)
    {
        while (element.TryGetProperty("$ref", out var reference))
        {
            element = _root;
            foreach (var part in reference.GetString()!.TrimStart('#', '/').Split('/'))
            {
                element = element.GetProperty(part);
            }
        }

        return element;
    }
}
