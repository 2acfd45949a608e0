using System.Globalization;
using System.Net;
using System.Text;
using Investigator.Evals.Format;

namespace Investigator.Evals.Reports;

/// <summary>
/// report.html: one self-contained page (inline CSS and SVG, no scripts or network) with per-layer
/// score bars, confusion matrices, and a per-case drill-down of expected vs actual with the trace.
/// </summary>
public static class HtmlReport
{
    public static string Render(EvalReport report, IReadOnlyList<SuiteResult> results)
    {
        var h = new StringBuilder();
        h.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Investigator evaluation</title><link rel=\"icon\" href=\"data:,\"><style>")
         .Append("body{font:14px system-ui,sans-serif;margin:2em;color:#222;max-width:1200px}h2{border-bottom:1px solid #ccc;padding-bottom:.2em}")
         .Append("table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:2px 6px;text-align:right}th:first-child,td:first-child{text-align:left}")
         .Append(".fail{color:#b00}.pass{color:#070}details{margin:.2em 0}pre{background:#f6f6f6;padding:.5em;white-space:pre-wrap;font-size:12px}.cm td{min-width:2.5em}")
         .Append("</style></head><body>");
        h.Append(CultureInfo.InvariantCulture, $"<h1>Investigator evaluation: {E(report.Engine)} engine</h1><p>Commit <code>{E(report.Commit)}</code>, measured {report.MeasuredAt:yyyy-MM-dd HH:mm} UTC.</p>");
        foreach (var r in results)
        {
            h.Append(CultureInfo.InvariantCulture, $"<h2 id=\"{E(r.Name)}\">{E(r.Name)}</h2>");
            if (r.Skipped is not null)
            {
                h.Append(CultureInfo.InvariantCulture, $"<p>Skipped: {E(r.Skipped)}</p>");
                continue;
            }

            h.Append(CultureInfo.InvariantCulture, $"<p>{r.Cases} cases. {E(r.Notes ?? "")}</p>");
            h.Append(Bars(r));
            foreach (var cm in r.Confusions.Where(c => c.Counts.Sum(row => row.Sum()) > 0))
            {
                h.Append(Confusion(cm));
            }

            h.Append("<h3>Cases</h3>");
            foreach (var c in r.CaseResults)
            {
                h.Append(CultureInfo.InvariantCulture, $"<details><summary class=\"{(c.Passed ? "pass" : "fail")}\">{E(c.Id)}: {(c.Passed ? "pass" : E(string.Join("; ", c.Failures)))}")
                 .Append(c.Runs > 1 ? $" ({c.RunsPassed}/{c.Runs} runs)" : "").Append("</summary><table><tr><th>field</th><th>expected</th><th>actual</th></tr>");
                foreach (var key in c.Expected.Keys.Union(c.Actual.Keys))
                {
                    var expected = c.Expected.GetValueOrDefault(key, "");
                    var actual = c.Actual.GetValueOrDefault(key, "");
                    h.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(key)}</td><td>{E(expected)}</td><td class=\"{(expected == actual || expected == "-" ? "" : "fail")}\">{E(actual)}</td></tr>");
                }

                h.Append("</table>");
                if (c.Trace is not null)
                {
                    h.Append(CultureInfo.InvariantCulture, $"<pre>{E(c.Trace)}</pre>");
                }

                h.Append("</details>");
            }
        }

        return h.Append("</body></html>").ToString();
    }

    /// <summary>A horizontal bar per metric in [0, 1], grouped by layer; other metrics as numbers.</summary>
    private static string Bars(SuiteResult r)
    {
        var h = new StringBuilder("<table><tr><th>metric</th><th>engine</th>");
        var baselines = r.Baselines.Keys.Order(StringComparer.Ordinal).ToList();
        foreach (var b in baselines) h.Append(CultureInfo.InvariantCulture, $"<th>{E(b)}</th>");
        h.Append("<th></th></tr>");
        foreach (var (name, value) in r.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            h.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(name)}</td><td>{MarkdownReport.Format(value)}</td>");
            foreach (var b in baselines) h.Append(CultureInfo.InvariantCulture, $"<td>{(r.Baselines[b].TryGetValue(name, out var v) ? MarkdownReport.Format(v) : "")}</td>");
            h.Append("<td>");
            if (value is >= 0 and <= 1 && !name.Contains("_ms", StringComparison.Ordinal))
            {
                var good = MetricDirection.HigherIsBetter(name) ? value : 1 - value;
                var colour = good >= 0.9 ? "#2a7" : good >= 0.7 ? "#db3" : "#c33";
                h.Append(CultureInfo.InvariantCulture, $"<svg width=\"200\" height=\"12\" role=\"img\" aria-label=\"{value:0.000}\"><rect width=\"200\" height=\"12\" fill=\"#eee\"/><rect width=\"{value * 200:0.#}\" height=\"12\" fill=\"{colour}\"/></svg>");
            }

            h.Append("</td></tr>");
        }

        return h.Append("</table>").ToString();
    }

    private static string Confusion(ConfusionMatrix cm)
    {
        var used = Enumerable.Range(0, cm.Labels.Count).Where(i => cm.Counts[i].Sum() > 0 || cm.Counts.Sum(row => row[i]) > 0).ToList();
        var h = new StringBuilder();
        h.Append(CultureInfo.InvariantCulture, $"<h3>Confusion: {E(cm.Name)} (rows expected, columns actual)</h3><table class=\"cm\"><tr><th></th>");
        foreach (var j in used) h.Append(CultureInfo.InvariantCulture, $"<th>{E(cm.Labels[j])}</th>");
        h.Append("</tr>");
        var max = Math.Max(1, cm.Counts.Max(row => row.DefaultIfEmpty(0).Max()));
        foreach (var i in used)
        {
            h.Append(CultureInfo.InvariantCulture, $"<tr><th>{E(cm.Labels[i])}</th>");
            foreach (var j in used)
            {
                var n = cm.Counts[i][j];
                var shade = n == 0 ? "#fff" : i == j ? $"rgba(40,160,90,{0.2 + (0.8 * n / max):0.00})" : $"rgba(200,50,50,{0.2 + (0.8 * n / max):0.00})";
                h.Append(CultureInfo.InvariantCulture, $"<td style=\"background:{shade}\">{(n == 0 ? "" : n.ToString(CultureInfo.InvariantCulture))}</td>");
            }

            h.Append("</tr>");
        }

        return h.Append("</table>").ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
