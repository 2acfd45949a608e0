using System.ComponentModel;
using System.Globalization;
using Investigator.Core.Diagnostics;
using Investigator.Core.Sources;
using Microsoft.SemanticKernel;

namespace Investigator.Core.Investigation.Tools;

/// <summary>The product's logs for the case's verified account, grouped into patterns.</summary>
public sealed class LogsPlugin(ILogSource logs, CaseScope scope)
{
    private const int MaxPatterns = 12;
    private const int MaxNewPatterns = 8;
    private const int MaxLines = 2000;
    private const int SlowMs = 10_000;

    [KernelFunction("search_logs")]
    [Description("Searches the customer's logs around the reported time and returns them grouped into patterns with counts and first/last seen.")]
    public async Task<LogSearchResult> SearchLogsAsync(
        [Description("Service to search: api-gateway, auth, workflow-engine, webhook-dispatcher, exports, billing, dashboard. Empty for all.")] string? service = null,
        [Description("Text or error code the line must contain, for example AUTH_KEY_REVOKED or 'timeout'. Empty for any.")] string? contains = null,
        [Description("Lowest level to return: debug, info, warn, error.")] string minLevel = "warn",
        [Description("How many hours before the report to search.")] int hoursBack = 72,
        CancellationToken cancellationToken = default)
    {
        var account = scope.RequireAccount();
        var (from, to) = scope.Window(hoursBack);
        service = string.IsNullOrWhiteSpace(service) ? null : service.Trim();
        contains = string.IsNullOrWhiteSpace(contains) ? null : contains.Trim();
        var page = await logs.SearchAsync(new LogQuery(account, from, to, service, minLevel, contains, Limit: MaxLines), cancellationToken);
        var patterns = LogPatterns.Group(page.Lines, MaxPatterns);
        var findings = new List<ToolFinding>();
        var where = service ?? "all services";

        foreach (var p in patterns.Where(p => LogLevels.Rank(p.Level) >= LogLevels.Rank("warn")))
        {
            var label = p.ErrorCode is { } code
                ? (p.HttpStatus is { } status ? $"{code} (HTTP {status})" : code)
                : p.HttpStatus is { } s ? $"HTTP {s}" : "warnings";
            // One evidence item per pattern: its 5xx and exception signals are filed under the same key.
            var key = $"log:{p.Service}:{p.ErrorCode ?? StableHash.Hex(p.Template)}";
            var signal = p.ErrorCode is not null ? $"logs.error_code:{p.ErrorCode}" : p.HttpStatus is >= 500 ? "logs.server_error" : "logs.warning";
            findings.Add(new ToolFinding(signal, key,
                $"Our logs show {p.Count} {(p.Count == 1 ? "event" : "events")} for your account with {label} between {When.Format(p.FirstSeen)} and {When.Format(p.LastSeen)}.",
                $"{p.Service} {p.Level} ×{p.Count} {p.FirstSeen:u}..{p.LastSeen:u}: {p.Template}", p.Example, p.FirstSeen));
            if (p.HttpStatus is >= 500)
            {
                findings.Add(new ToolFinding("logs.server_error", key, $"Some of these requests failed on our side with HTTP {p.HttpStatus}.", $"{p.Count}× HTTP {p.HttpStatus} in {p.Service}", p.Example, p.FirstSeen));
            }

            if (p.Example.Contains("Exception", StringComparison.Ordinal))
            {
                findings.Add(new ToolFinding("logs.exception", key, "The failures come from an error inside our service.", $"exception in {p.Service}: {p.Template}", p.Example, p.FirstSeen));
            }
        }

        var slow = page.Lines.Where(l => l.LatencyMs >= SlowMs).ToList();
        if (slow.Count > 0)
        {
            findings.Add(new ToolFinding("logs.slow", $"log:{slow[0].Service}:slow",
                $"Our logs show {slow.Count} slow {(slow.Count == 1 ? "request" : "requests")} for your account taking up to {slow.Max(l => l.LatencyMs)! / 1000} seconds between {When.Format(slow[0].Ts)} and {When.Format(slow[^1].Ts)}.",
                $"{slow.Count} lines ≥ {SlowMs} ms, max {slow.Max(l => l.LatencyMs)} ms", LogPatterns.Group(slow, 1)[0].Example, slow[0].Ts));
        }

        if (contains is not null)
        {
            var signal = page.TotalMatched > 0 ? $"logs.match:{contains.ToLowerInvariant()}" : $"logs.no_match:{contains.ToLowerInvariant()}";
            if (page.TotalMatched == 0)
            {
                findings.Add(new ToolFinding(signal, $"log:{service ?? "all"}:none:{contains.ToLowerInvariant()}",
                    $"Our logs show no matching events for your account in this period.", $"no {minLevel}+ lines containing '{contains}' in {where} since {When.Format(from)}"));
            }
            else if (findings.Count == 0 && patterns.Count > 0)
            {
                var p = patterns[0];
                findings.Add(new ToolFinding(signal, $"log:{p.Service}:match:{contains.ToLowerInvariant()}",
                    $"Our logs show {p.Count} matching {(p.Count == 1 ? "event" : "events")} for your account between {When.Format(p.FirstSeen)} and {When.Format(p.LastSeen)}.",
                    $"{p.Service} ×{p.Count}: {p.Template}", p.Example, p.FirstSeen));
            }
            else
            {
                findings.Add(new ToolFinding(signal, $"log:{service ?? "all"}:match:{contains.ToLowerInvariant()}",
                    $"Our logs show {page.TotalMatched} matching events for your account.", $"{page.TotalMatched} lines containing '{contains}'"));
            }
        }
        else if (!findings.Any(f => f.Signal.StartsWith("logs.error_code", StringComparison.Ordinal) || f.Signal is "logs.server_error" or "logs.warning"))
        {
            findings.Add(new ToolFinding("logs.no_errors", $"log:{service ?? "all"}:clean",
                "Our logs show no errors for your account in this period.", $"no {minLevel}+ lines in {where} since {When.Format(from)}"));
        }

        return new LogSearchResult(page.TotalMatched, page.Truncated, patterns,
            $"{page.TotalMatched} lines in {where} ({minLevel}+) since {When.Format(from)}, {patterns.Count} patterns", findings);
    }

    [KernelFunction("find_new_log_patterns")]
    [Description("Finds kinds of log lines that first appeared on the customer's account after a deploy or configuration change and never occurred in the hours before it, with counts and first/last seen. Take the time from list_recent_deploys or list_config_changes.")]
    public async Task<NewLogPatternsResult> FindNewLogPatternsAsync(
        [Description("When the deploy or configuration change happened: an ISO 8601 time with offset, for example 2026-11-05T14:05:32Z.")] string changeAt,
        [Description("Service to look in: api-gateway, auth, workflow-engine, webhook-dispatcher, exports, billing, dashboard. Empty for all.")] string? service = null,
        [Description("How many hours before the change make the baseline of known patterns (1 to 168).")] int hoursBefore = 24,
        [Description("Lowest level to consider: debug, info, warn, error.")] string minLevel = "info",
        CancellationToken cancellationToken = default)
    {
        var account = scope.RequireAccount();
        if (!DateTimeOffset.TryParse(changeAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var change))
        {
            throw new ArgumentException($"changeAt must be an ISO 8601 time such as 2026-11-05T14:05:32Z, not '{changeAt}'.", nameof(changeAt));
        }

        // The same reach as the case's other log searches: up to 31 days before the report, and not after it.
        var (earliest, to) = scope.Window(24 * 31);
        if (change > to || change < earliest)
        {
            throw new ArgumentException($"changeAt {When.Format(change)} is outside the case's window {When.Format(earliest)} to {When.Format(to)}.", nameof(changeAt));
        }

        var hours = Math.Clamp(hoursBefore, 1, 168);
        service = string.IsNullOrWhiteSpace(service) ? null : service.Trim();
        var before = await logs.SearchAsync(new LogQuery(account, change.AddHours(-hours), change, service, minLevel, null, Limit: MaxLines), cancellationToken);
        var after = await logs.SearchAsync(new LogQuery(account, change, to, service, minLevel, null, Limit: MaxLines), cancellationToken);
        // A line stamped exactly at the change belongs after it, whichever page the source put it in.
        var baseline = before.Lines.Where(l => l.Ts < change).ToList();
        var since = after.Lines.Where(l => l.Ts >= change).ToList();
        var patterns = LogPatterns.NewSince(baseline.Concat(since), change, MaxNewPatterns);
        var where = service ?? "all services";
        var findings = new List<ToolFinding>();

        if (baseline.Count == 0)
        {
            // With nothing before the change every pattern would look new: say so instead of claiming novelty.
            findings.Add(new ToolFinding("logs.no_baseline", $"log:{service ?? "all"}:new:no-baseline",
                "We could not compare with the time before the change: our logs show no events for your account then.",
                $"no {minLevel}+ lines in {where} in the {hours} h before {When.Format(change)}; {since.Count} lines after"));
        }
        else
        {
            foreach (var p in patterns)
            {
                var error = LogLevels.Rank(p.Level) >= LogLevels.Rank("warn");
                findings.Add(new ToolFinding(error ? "logs.new_error_pattern" : "logs.new_pattern", $"log:{p.Service}:new:{p.ErrorCode ?? StableHash.Hex(p.Template)}",
                    $"After the change on {When.Format(change)}, our logs show {p.Count} {(p.Count == 1 ? "event" : "events")} of a kind that did not occur in the {hours} hours before it, between {When.Format(p.FirstSeen)} and {When.Format(p.LastSeen)}.",
                    $"{p.Service} {p.Level} ×{p.Count} new since {When.Format(change)} (baseline {baseline.Count} lines over {hours} h): {p.Template}", p.Example, p.FirstSeen));
            }

            if (patterns.Count == 0)
            {
                findings.Add(new ToolFinding("logs.no_new_patterns", $"log:{service ?? "all"}:new:none",
                    $"Our logs show no new kind of event for your account after the change on {When.Format(change)}.",
                    $"{since.Count} {minLevel}+ lines in {where} after {When.Format(change)}, all of patterns seen in the {hours} h before ({baseline.Count} lines)"));
            }
        }

        return new NewLogPatternsResult(change, hours, baseline.Count, since.Count, before.Truncated || after.Truncated, patterns,
            $"{patterns.Count} new patterns in {where} after {When.Format(change)}: {since.Count} lines after vs {baseline.Count} in the {hours} h before"
            + (before.Truncated || after.Truncated ? $" (capped at {MaxLines} lines each side)" : ""), findings);
    }

    [KernelFunction("count_affected_accounts")]
    [Description("Counts how many customer accounts logged the same error recently. Returns only a count, never other accounts' data.")]
    public async Task<AffectedAccountsResult> CountAffectedAccountsAsync(
        [Description("The error code or message text to count, for example WEBHOOK_TIMEOUT.")] string signature,
        [Description("How many hours before the report to look.")] int hoursBack = 6,
        [Description("Service to look in. Empty for all.")] string? service = null,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(signature))
        {
            throw new ArgumentException("signature is required", nameof(signature));
        }

        var hours = Math.Clamp(hoursBack, 1, 48);
        var from = scope.ReportedAt.AddHours(-hours);
        var count = await logs.CountAffectedAccountsAsync(signature.Trim(), from, scope.ReportedAt.AddMinutes(15), string.IsNullOrWhiteSpace(service) ? null : service, cancellationToken);
        var finding = count >= 3
            ? new ToolFinding("logs.multi_account_failure", $"affected:{signature}", $"The same error is affecting several customers, not only your account.", $"{count} accounts logged '{signature}' in the last {hours} h")
            : new ToolFinding("logs.single_account", $"affected:{signature}", "We see this error only on your account.", $"{count} account(s) logged '{signature}' in the last {hours} h");
        return new AffectedAccountsResult(signature, count, hours, $"{count} accounts with '{signature}' in {hours} h", [finding]);
    }
}
