using System.Text.Json;

namespace Investigator.Evals.Reports;

/// <summary>A floor (min) or ceiling (max) for one metric of one suite.</summary>
public sealed record Bound(double? Min = null, double? Max = null);

/// <summary>
/// evals/thresholds.json: <c>{"suite": {"layer.metric": {"min": 0.9}}}</c>. The gate fails when a metric
/// crosses its bound or is missing from a suite that ran; a skipped suite is reported, not failed.
/// </summary>
public static class Thresholds
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip };

    public static Dictionary<string, Dictionary<string, Bound>> Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, Bound>>>(File.ReadAllText(path), Json)
                   ?? throw new InvalidDataException($"{path}: empty");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: line {ex.LineNumber + 1}: {ex.Message}", ex);
        }
    }

    /// <summary>The violations, one line each; empty when the gate passes.</summary>
    public static IReadOnlyList<string> Check(EvalReport report, IReadOnlyDictionary<string, Dictionary<string, Bound>> thresholds)
    {
        var violations = new List<string>();
        foreach (var (suite, bounds) in thresholds.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (!report.Suites.TryGetValue(suite, out var result) || result.Skipped is not null)
            {
                continue;
            }

            foreach (var (metric, bound) in bounds.OrderBy(b => b.Key, StringComparer.Ordinal))
            {
                if (!result.Metrics.TryGetValue(metric, out var value))
                {
                    violations.Add($"{suite}: {metric} is missing from the report");
                }
                else if (bound.Min is { } min && value < min)
                {
                    violations.Add($"{suite}: {metric} = {MarkdownReport.Format(value)} is under its floor {MarkdownReport.Format(min)}");
                }
                else if (bound.Max is { } max && value > max)
                {
                    violations.Add($"{suite}: {metric} = {MarkdownReport.Format(value)} is over its ceiling {MarkdownReport.Format(max)}");
                }
            }
        }

        return violations;
    }
}
