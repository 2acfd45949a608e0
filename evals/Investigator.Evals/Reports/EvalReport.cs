using System.Text.Json;
using System.Text.Json.Serialization;
using Investigator.Evals.Format;

namespace Investigator.Evals.Reports;

/// <summary>One suite in report.json.</summary>
public sealed record SuiteReport(
    [property: JsonPropertyName("cases")] int Cases,
    [property: JsonPropertyName("metrics")] IReadOnlyDictionary<string, double> Metrics,
    [property: JsonPropertyName("baselines")] IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Baselines,
    [property: JsonPropertyName("skipped"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Skipped = null,
    [property: JsonPropertyName("notes"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Notes = null);

/// <summary>
/// report.json: <c>{"engine", "commit", "suites": {"&lt;suite&gt;": {"cases", "metrics", "baselines"}}}</c>, plus
/// when it was measured. Anyone can check a figure against it; two of them can be compared.
/// </summary>
public sealed record EvalReport(
    [property: JsonPropertyName("engine")] string Engine,
    [property: JsonPropertyName("commit")] string Commit,
    [property: JsonPropertyName("measuredAt")] DateTimeOffset MeasuredAt,
    [property: JsonPropertyName("suites")] IReadOnlyDictionary<string, SuiteReport> Suites)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static EvalReport From(string engine, string commit, DateTimeOffset at, IEnumerable<SuiteResult> results) =>
        new(engine, commit, at, results.ToDictionary(r => r.Name, r => new SuiteReport(r.Cases, r.Metrics, r.Baselines, r.Skipped, r.Notes)));

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static EvalReport Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<EvalReport>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path}: empty report");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not a report.json (line {ex.LineNumber + 1}): {ex.Message}", ex);
        }
    }
}
