using System.Globalization;
using System.Text;

namespace Investigator.Evals.Reports;

/// <summary>Before/after: every metric of two reports, with what improved and what regressed.</summary>
public static class Comparison
{
    public sealed record Change(string Suite, string Metric, double? Before, double? After, bool Improved, bool Regressed);

    public static IReadOnlyList<Change> Changes(EvalReport before, EvalReport after)
    {
        var changes = new List<Change>();
        foreach (var suite in before.Suites.Keys.Union(after.Suites.Keys).Order(StringComparer.Ordinal))
        {
            var b = before.Suites.GetValueOrDefault(suite)?.Metrics ?? new Dictionary<string, double>();
            var a = after.Suites.GetValueOrDefault(suite)?.Metrics ?? new Dictionary<string, double>();
            foreach (var metric in b.Keys.Union(a.Keys).Order(StringComparer.Ordinal))
            {
                double? x = b.TryGetValue(metric, out var bv) ? bv : null;
                double? y = a.TryGetValue(metric, out var av) ? av : null;
                var delta = (y ?? 0) - (x ?? 0);
                var better = MetricDirection.HigherIsBetter(metric) ? delta > 1e-9 : delta < -1e-9;
                var worse = MetricDirection.HigherIsBetter(metric) ? delta < -1e-9 : delta > 1e-9;
                // Latency moves with the machine; only a change of 20% or more counts.
                if (metric.Contains("_ms", StringComparison.Ordinal) && x is > 0 && Math.Abs(delta) < 0.2 * x.Value)
                {
                    better = worse = false;
                }

                changes.Add(new Change(suite, metric, x, y, x is not null && y is not null && better, x is not null && y is not null && worse));
            }
        }

        return changes;
    }

    public static string Render(EvalReport before, EvalReport after)
    {
        var changes = Changes(before, after);
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Comparison: {before.Commit} → {after.Commit}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{changes.Count(c => c.Improved)} improved, {changes.Count(c => c.Regressed)} regressed, {changes.Count(c => !c.Improved && !c.Regressed)} unchanged or new.");
        foreach (var (title, pick) in new (string, Func<Change, bool>)[] { ("Regressed", c => c.Regressed), ("Improved", c => c.Improved) })
        {
            var rows = changes.Where(pick).ToList();
            if (rows.Count == 0) continue;
            md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"## {title}").AppendLine().AppendLine("| suite | metric | before | after |").AppendLine("|---|---|---:|---:|");
            foreach (var c in rows)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {c.Suite} | {c.Metric} | {Show(c.Before)} | {Show(c.After)} |");
            }
        }

        return md.ToString();
    }

    private static string Show(double? v) => v is null ? "—" : MarkdownReport.Format(v.Value);
}
