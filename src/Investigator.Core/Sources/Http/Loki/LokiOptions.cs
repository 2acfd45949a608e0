using System.Text.RegularExpressions;

namespace Investigator.Core.Sources.Http.Loki;

/// <summary>How log lines are written in Loki, which decides the LogQL parser stage.</summary>
public enum LogLineFormat { Json, Logfmt }

/// <summary>A Grafana Loki that holds the product's logs.</summary>
public sealed partial class LokiOptions : IHttpSourceOptions
{
    public string? BaseUrl { get; set; }

    /// <summary>Sent as X-Scope-OrgID for a multi-tenant Loki (or Grafana Cloud's tenant). Empty for none.</summary>
    public string? TenantId { get; set; }

    public SourceAuthOptions Auth { get; set; } = new();

    public SourceResilienceOptions Resilience { get; set; } = new();

    /// <summary>
    /// Label matchers every query starts from, for example <c>namespace="flowpoint", env="prod"</c>.
    /// Empty selects every stream that has the service label.
    /// </summary>
    public string? StreamSelector { get; set; }

    /// <summary>The stream label that names the service.</summary>
    public string ServiceLabel { get; set; } = "service";

    /// <summary>The stream label that carries the account, when accounts are labels. Empty when the account is a field of the line.</summary>
    public string? AccountLabel { get; set; }

    /// <summary>The stream label that carries the level, when levels are labels. Empty when the level is a field of the line.</summary>
    public string? LevelLabel { get; set; }

    public LogLineFormat LineFormat { get; set; } = LogLineFormat.Json;

    /// <summary>Field names inside the line (nested JSON fields with dots).</summary>
    public LogFieldNames Fields { get; set; } = new();

    /// <summary>The most lines one query asks for (Loki's own max_entries_limit_per_query is 5000 by default).</summary>
    public int MaxLines { get; set; } = 5000;

    public IEnumerable<string> Problems(string section)
    {
        foreach (var problem in HttpSourceValidation.Problems(this, section).Concat(Fields.Problems(section)))
        {
            yield return problem;
        }

        foreach (var (name, value) in new[] { (nameof(ServiceLabel), ServiceLabel), (nameof(AccountLabel), AccountLabel), (nameof(LevelLabel), LevelLabel) })
        {
            if ((name == nameof(ServiceLabel) || !string.IsNullOrEmpty(value)) && !LabelName().IsMatch(value ?? ""))
            {
                yield return $"{section}:{name} '{value}' is not a Loki label name ([a-zA-Z_][a-zA-Z0-9_]*).";
            }
        }

        if (!string.IsNullOrWhiteSpace(StreamSelector) && (StreamSelector.Contains('{') || StreamSelector.Contains('}')))
        {
            yield return $"{section}:StreamSelector holds matchers only, without braces: for example namespace=\"flowpoint\".";
        }

        if (MaxLines is < 1 or > 100_000)
        {
            yield return $"{section}:MaxLines ({MaxLines}) must be between 1 and 100000.";
        }
    }

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();
}
