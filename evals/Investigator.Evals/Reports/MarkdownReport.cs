using System.Globalization;
using System.Text;
using Investigator.Evals.Format;

namespace Investigator.Evals.Reports;

/// <summary>report.md: per suite, every metric beside its baselines, then the cases that failed and why.</summary>
public static class MarkdownReport
{
    public static string Render(EvalReport report, IReadOnlyList<SuiteResult> results)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Evaluation report: {report.Engine} engine");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Commit `{report.Commit}`, measured {report.MeasuredAt:yyyy-MM-dd HH:mm} UTC.");
        foreach (var r in results)
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"## {r.Name}");
            md.AppendLine();
            if (r.Skipped is not null)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"Skipped: {r.Skipped}");
                continue;
            }

            md.AppendLine(CultureInfo.InvariantCulture, $"{r.Cases} cases. {r.Notes}");
            md.AppendLine();
            md.AppendLine(Table(r));
            var failed = r.CaseResults.Where(c => !c.Passed).Take(25).ToList();
            if (failed.Count > 0)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"Cases that did not pass ({r.CaseResults.Count(c => !c.Passed)} of {r.CaseResults.Count}; first {failed.Count}):");
                md.AppendLine();
                foreach (var c in failed)
                {
                    md.AppendLine(CultureInfo.InvariantCulture, $"- `{c.Id}`: {string.Join("; ", c.Failures)}");
                }
            }
        }

        return md.ToString();
    }

    /// <summary>The metrics table of one suite: metric | engine | each baseline.</summary>
    public static string Table(SuiteResult r)
    {
        var baselines = r.Baselines.Keys.Order(StringComparer.Ordinal).ToList();
        var md = new StringBuilder();
        md.AppendLine("| metric | engine |" + string.Concat(baselines.Select(b => $" {b} |")));
        md.AppendLine("|---|---:|" + string.Concat(baselines.Select(_ => "---:|")));
        foreach (var (name, value) in r.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            md.Append(CultureInfo.InvariantCulture, $"| {name} | {Format(value)} |");
            foreach (var b in baselines)
            {
                md.Append(' ').Append(r.Baselines[b].TryGetValue(name, out var v) ? Format(v) : "").Append(" |");
            }

            md.AppendLine();
        }

        return md.ToString();
    }

    public static string Format(double value) =>
        value == Math.Floor(value) && Math.Abs(value) >= 1 ? value.ToString("0", CultureInfo.InvariantCulture) : value.ToString("0.000", CultureInfo.InvariantCulture);
}
