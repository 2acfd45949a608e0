namespace Investigator.Evals.Reports;

/// <summary>Which way is better for a metric: most are "higher is better"; rates of failure, counts of violations, latency and effort are lower.</summary>
public static class MetricDirection
{
    private static readonly string[] LowerIsBetter =
    [
        "misroute_rate", "leak_rate", "unsupported_claim_rate", "missing_identifier_rate", "escalation_before_evidence_rate",
        "must_not_contain_violations", "_ms", "tool_calls", "reading_grade",
    ];

    public static bool HigherIsBetter(string metric) => !LowerIsBetter.Any(s => metric.Contains(s, StringComparison.Ordinal));
}
