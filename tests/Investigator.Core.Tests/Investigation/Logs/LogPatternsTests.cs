using Investigator.Core.Investigation.Tools;
using Investigator.Core.Sources;

namespace Investigator.Core.Tests.Investigation.Logs;

public sealed class LogPatternsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 12, 9, 0, 0, TimeSpan.Zero);

    private static LogEntry Line(int minute, string message, string level = "error", string service = "webhook-dispatcher", string? code = "WEBHOOK_TIMEOUT", int? status = 504) =>
        new(T0.AddMinutes(minute), level, service, "us-east", "acc_2001", null, null, message, status, 10, code);

    [Fact]
    public void Group_counts_each_pattern_with_first_and_last_seen_and_the_last_line_as_a_redacted_example()
    {
        var lines = new[]
        {
            Line(0, "delivery of evt_11 to https://hooks.example.com/a timed out after 10000 ms"),
            Line(5, "delivery of evt_12 to https://hooks.example.com/b timed out after 10000 ms"),
            Line(9, "delivery of evt_13 to ops@harbor.example timed out after 10000 ms"),
        };

        var pattern = Assert.Single(LogPatterns.Group(lines, 10));

        Assert.Equal(("webhook-dispatcher", "error", "WEBHOOK_TIMEOUT", 504), (pattern.Service, pattern.Level, pattern.ErrorCode, pattern.HttpStatus));
        Assert.Equal(3, pattern.Count);
        Assert.Equal(T0, pattern.FirstSeen);
        Assert.Equal(T0.AddMinutes(9), pattern.LastSeen);
        Assert.Equal("delivery of <*> to <*> timed out after <*> ms", pattern.Template);
        Assert.Equal("delivery of evt_13 to [email] timed out after 10000 ms", pattern.Example);
    }

    [Fact]
    public void Group_puts_the_most_severe_level_first_then_the_most_frequent_and_keeps_the_top()
    {
        var lines = new List<LogEntry>();
        lines.AddRange(Enumerable.Range(0, 5).Select(i => Line(i, $"retrying delivery {i}", level: "warn", code: null)));
        lines.AddRange(Enumerable.Range(0, 2).Select(i => Line(i, $"delivery failed with status {500 + i}", code: "WEBHOOK_HTTP_ERROR")));
        lines.AddRange(Enumerable.Range(0, 3).Select(i => Line(i, $"endpoint disabled after {i} failures", code: "ENDPOINT_DISABLED")));
        lines.Add(Line(1, "queue drained", level: "info", code: null));

        var patterns = LogPatterns.Group(lines, 3);

        Assert.Equal(["ENDPOINT_DISABLED", "WEBHOOK_HTTP_ERROR", null], patterns.Select(p => p.ErrorCode));
        Assert.Equal([3, 2, 5], patterns.Select(p => p.Count));
    }

    [Fact]
    public void The_same_message_in_two_services_levels_or_error_codes_makes_separate_patterns()
    {
        var lines = new[]
        {
            Line(0, "upstream unavailable after 3 retries", service: "api-gateway", code: "UPSTREAM_UNAVAILABLE"),
            Line(1, "upstream unavailable after 4 retries", service: "exports", code: "UPSTREAM_UNAVAILABLE"),
            Line(2, "upstream unavailable after 5 retries", service: "exports", level: "warn", code: "UPSTREAM_UNAVAILABLE"),
            Line(3, "upstream unavailable after 6 retries", service: "exports", code: "UPSTREAM_SLOW"),
        };

        var patterns = LogPatterns.Group(lines, 10);

        Assert.Equal(4, patterns.Count);
        Assert.All(patterns, p => Assert.Equal("upstream unavailable after <*> retries", p.Template));
    }

    [Fact]
    public void Nothing_in_gives_nothing_out()
    {
        Assert.Empty(LogPatterns.Group([], 5));
        Assert.Empty(LogPatterns.NewSince([], T0, 5));
    }

    [Fact]
    public void TemplateOf_masks_a_message_as_the_miner_sees_it()
    {
        Assert.Equal("GET <*> <*> in <*>", LogPatterns.TemplateOf("GET /v1/runs/run_bcb06572 200 in 33ms"));
    }

    [Fact]
    public void NewSince_returns_only_patterns_that_first_occur_after_the_change_with_their_counts()
    {
        var change = T0.AddHours(1);
        var lines = new List<LogEntry>();
        lines.AddRange(Enumerable.Range(0, 6).Select(i => Line(i * 10, $"delivery of evt_{i} timed out after 10000 ms")));
        lines.AddRange(Enumerable.Range(0, 4).Select(i => Line(70 + i, $"delivery of evt_{100 + i} timed out after 15000 ms")));
        lines.AddRange(Enumerable.Range(0, 3).Select(i => Line(80 + i, $"signature check failed for endpoint whe_{i}: secret rotated", code: "WEBHOOK_SIGNATURE_INVALID", status: 401)));

        var fresh = LogPatterns.NewSince(lines, change, 10);

        var pattern = Assert.Single(fresh);
        Assert.Equal("WEBHOOK_SIGNATURE_INVALID", pattern.ErrorCode);
        Assert.Equal(3, pattern.Count);
        Assert.Equal(T0.AddMinutes(80), pattern.FirstSeen);
        Assert.Equal(T0.AddMinutes(82), pattern.LastSeen);
    }

    [Fact]
    public void NewSince_counts_a_line_stamped_at_the_change_as_after_it_and_reads_lines_in_time_order()
    {
        var change = T0.AddMinutes(30);
        var lines = new[]
        {
            Line(45, "export job exp_9 failed: archive too large", code: "EXPORT_FAILED"),
            Line(30, "export job exp_8 failed: archive too large", code: "EXPORT_FAILED"),
            Line(0, "export job exp_1 finished", level: "info", code: null),
        };

        var pattern = Assert.Single(LogPatterns.NewSince(lines, change, 10));

        Assert.Equal(2, pattern.Count);
        Assert.Equal(change, pattern.FirstSeen);
    }

    [Fact]
    public void NewSince_does_not_call_a_pattern_new_when_the_same_template_occurred_before_at_another_level()
    {
        var change = T0.AddMinutes(30);
        var lines = new[]
        {
            Line(10, "payment provider slow: 2300 ms", level: "warn", service: "billing", code: null),
            Line(40, "payment provider slow: 9100 ms", level: "error", service: "billing", code: null),
        };

        Assert.Empty(LogPatterns.NewSince(lines, change, 10));
    }

    [Fact]
    public void NewSince_keeps_the_most_frequent_new_patterns_up_to_top()
    {
        var change = T0;
        var lines = Enumerable.Range(0, 5)
            .SelectMany(kind => Enumerable.Range(0, kind + 1).Select(i => Line(kind * 10 + i, $"kind{(char)('a' + kind)} event number {i}", code: $"CODE_{kind}")))
            .ToList();

        var fresh = LogPatterns.NewSince(lines, change, 2);

        Assert.Equal([5, 4], fresh.Select(p => p.Count));
    }
}
