using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Investigator.Core.Tests.Support;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Investigator.Core.Tests.Learning.Qdrant;

/// <summary>One operation of Qdrant's REST API, as its OpenAPI document declares it.</summary>
public sealed record QdrantOperation(string Id, string Method, string Template, IReadOnlyDictionary<string, JsonObject> QueryParameters, bool HasBody);

/// <summary>
/// Qdrant's published OpenAPI document (<c>../shared/qdrant/openapi.json</c>, Apache-2.0, see its
/// ATTRIBUTION.md) as JSON schemas NJsonSchema validates against, after two adaptations: OpenAPI's
/// <c>nullable</c> becomes a JSON-schema <c>null</c> type, and <c>components/schemas</c> become
/// <c>definitions</c>. <see cref="Published"/> keeps the document's meaning; <see cref="Closed"/> also
/// refuses properties an object does not declare, which catches a misspelt option that Qdrant would
/// silently ignore. In requests both refuse an explicit null outside payloads, which Qdrant rejects for
/// options (<c>"with_vector": null</c>) although the document allows it.
/// </summary>
public sealed class QdrantOpenApi
{
    private static readonly Lazy<QdrantOpenApi> PublishedDocument = new(() => Load(closed: false));
    private static readonly Lazy<QdrantOpenApi> ClosedDocument = new(() => Load(closed: true));

    private readonly IReadOnlyList<(Regex Path, QdrantOperation Operation)> _operations;
    private readonly JsonSchema _schemas;

    private QdrantOpenApi(IReadOnlyList<(Regex, QdrantOperation)> operations, JsonSchema schemas)
    {
        _operations = operations;
        _schemas = schemas;
    }

    public static QdrantOpenApi Published => PublishedDocument.Value;

    public static QdrantOpenApi Closed => ClosedDocument.Value;

    /// <summary>../shared/qdrant/openapi.json beside the repository (the folder holding Investigator.sln).</summary>
    public static string DocumentPath { get; } = FindDocument();

    public QdrantOperation? Find(string method, string path) =>
        _operations.FirstOrDefault(o => o.Operation.Method.Equals(method, StringComparison.OrdinalIgnoreCase) && o.Path.IsMatch(path)).Operation;

    /// <summary>Every way a request's query string and body depart from the operation's declaration.</summary>
    public IReadOnlyList<string> CheckRequest(QdrantOperation operation, IEnumerable<KeyValuePair<string, string>> query, string body)
    {
        var problems = new List<string>();
        foreach (var (name, value) in query)
        {
            if (!operation.QueryParameters.TryGetValue(name, out var schema))
            {
                problems.Add($"query parameter '{name}' is not declared by {operation.Id}");
            }
            else if (!QueryValueFits(schema, value))
            {
                problems.Add($"query parameter '{name}={value}' does not fit {schema.ToJsonString()}");
            }
        }

        if (!operation.HasBody)
        {
            if (!string.IsNullOrWhiteSpace(body)) problems.Add($"{operation.Id} takes no body");
            return problems;
        }

        problems.AddRange(Check($"request:{operation.Id}", body, refuseNulls: true));
        return problems;
    }

    /// <summary>Every way an answer departs from what the operation documents for its status.</summary>
    public IReadOnlyList<string> CheckResponse(QdrantOperation operation, int status, string body) =>
        Check(status is >= 200 and < 300 ? $"response:{operation.Id}" : "ErrorResponse", body, refuseNulls: false);

    /// <summary>
    /// Every way <paramref name="json"/> departs from the named definition (a component schema, or
    /// "request:{operationId}" / "response:{operationId}"); requests may hold no explicit null.
    /// </summary>
    public IReadOnlyList<string> Check(string definition, string json, bool refuseNulls)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException ex)
        {
            return [$"not JSON: {ex.Message}"];
        }

        var problems = new List<string>();
        if (refuseNulls) ExplicitNulls(node, "#", problems);
        problems.AddRange(_schemas.Definitions[definition].Validate(json).Select(Describe));
        return problems;
    }

    private static bool QueryValueFits(JsonObject schema, string value) => schema["type"]?.GetValue<string>() switch
    {
        "boolean" => value is "true" or "false",
        "integer" => long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                     && (schema["minimum"] is not { } minimum || n >= minimum.GetValue<double>()),
        "string" => schema["enum"] is not JsonArray allowed || allowed.Any(a => a?.GetValue<string>() == value),
        // A $ref'd or composite parameter (read consistency, write ordering): its values are not checked here.
        _ => true,
    };

    /// <summary>Qdrant refuses null for options; payload values may be null.</summary>
    private static void ExplicitNulls(JsonNode? node, string at, List<string> problems)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    if (value is null) problems.Add($"{at}.{name}: explicit null (Qdrant refuses null for options; omit the property)");
                    else if (name is not ("payload" or "metadata")) ExplicitNulls(value, $"{at}.{name}", problems);
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is null) problems.Add($"{at}[{i}]: explicit null");
                    else ExplicitNulls(a[i], $"{at}[{i}]", problems);
                }

                break;
        }
    }

    /// <summary>"Kind at path", with the reasons each alternative of an anyOf failed.</summary>
    private static string Describe(ValidationError error)
    {
        var reasons = Leaves(error).Where(l => l != error).Select(l => $"{l.Kind} at {l.Path}").Distinct().Take(8).ToList();
        return reasons.Count == 0 ? $"{error.Kind} at {error.Path}" : $"{error.Kind} at {error.Path} [{string.Join("; ", reasons)}]";
    }

    private static IEnumerable<ValidationError> Leaves(ValidationError error) =>
        error is ChildSchemaValidationError child && child.Errors.Count > 0
            ? child.Errors.Values.SelectMany(e => e).SelectMany(Leaves)
            : [error];

    private static QdrantOpenApi Load(bool closed)
    {
        var document = JsonNode.Parse(File.ReadAllText(DocumentPath))!.AsObject();
        var definitions = new JsonObject();
        foreach (var (name, schema) in document["components"]!["schemas"]!.AsObject())
        {
            definitions[name] = schema!.DeepClone();
        }

        var operations = new List<(Regex, QdrantOperation)>();
        foreach (var (template, methods) in document["paths"]!.AsObject())
        {
            foreach (var (method, value) in methods!.AsObject())
            {
                var operation = value!.AsObject();
                var id = operation["operationId"]!.GetValue<string>();
                var body = operation["requestBody"]?["content"]?["application/json"]?["schema"];
                if (body is not null) definitions[$"request:{id}"] = body.DeepClone();
                var ok = operation["responses"]?["200"]?["content"]?["application/json"]?["schema"];
                if (ok is not null) definitions[$"response:{id}"] = ok.DeepClone();
                var query = (operation["parameters"]?.AsArray() ?? [])
                    .Where(p => p!["in"]!.GetValue<string>() == "query")
                    .ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!["schema"]!.AsObject());
                var pattern = new Regex("^" + Regex.Replace(Regex.Escape(template), @"\\\{[^/]+?}", "[^/]+") + "$", RegexOptions.CultureInvariant);
                operations.Add((pattern, new QdrantOperation(id, method.ToUpperInvariant(), template, query, body is not null)));
            }
        }

        Adapt(definitions, closed);
        var schemas = JsonSchema.FromJsonAsync(new JsonObject { ["definitions"] = definitions }.ToJsonString()).GetAwaiter().GetResult();
        return new QdrantOpenApi(operations, schemas);
    }

    /// <summary>The two adaptations (and, for <see cref="Closed"/>, closed objects), applied in place.</summary>
    private static void Adapt(JsonNode? node, bool closed)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["nullable"] is JsonValue nullable && nullable.GetValue<bool>())
                {
                    o.Remove("nullable");
                    // "nullable" with a type widens it; "nullable" alone (an anyOf branch) is the null type.
                    o["type"] = o["type"] is JsonValue type ? new JsonArray(type.GetValue<string>(), "null") : "null";
                }

                if (o["$ref"] is JsonValue reference)
                {
                    o["$ref"] = reference.GetValue<string>().Replace("#/components/schemas/", "#/definitions/", StringComparison.Ordinal);
                }

                if (closed && o["properties"] is JsonObject && !o.ContainsKey("additionalProperties"))
                {
                    o["additionalProperties"] = false;
                }

                foreach (var (name, child) in o.ToList())
                {
                    // Examples, enums and defaults are data, not schemas; the keys of "properties" are names.
                    if (name is "example" or "enum" or "default") continue;
                    if (name == "properties")
                    {
                        foreach (var (_, property) in child!.AsObject()) Adapt(property, closed);
                        continue;
                    }

                    Adapt(child, closed);
                }

                break;
            case JsonArray a:
                foreach (var item in a) Adapt(item, closed);
                break;
        }
    }

    private static string FindDocument()
    {
        var path = Path.GetFullPath(Path.Combine(Engine.RepoRoot, "..", "shared", "qdrant", "openapi.json"));
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"Qdrant's OpenAPI document is expected at {path} (../shared beside the repository).", path);
    }
}
