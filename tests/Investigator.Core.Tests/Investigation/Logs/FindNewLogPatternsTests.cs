using System.Text.Json;
using Investigator.Core.Investigation;
using Investigator.Core.Investigation.Tools;
using Investigator.Core.Sources;
using Investigator.Core.Sources.Local;
using Investigator.Core.Tests.Support;
using Microsoft.SemanticKernel;

namespace Investigator.Core.Tests.Investigation.Logs;

public sealed class FindNewLogPatternsTests
{
    // The deploy under suspicion, eight hours before the report.
    private static readonly DateTimeOffset Change = TinyWorld.Reported.AddHours(-8);

    private static readonly CaseScope Scope = new("acc_2001", "us-east", "priya@harbor.example", TinyWorld.Reported, null);

    private static LogEntry Line(DateTimeOffset at, string account, string message, string level = "info", string? code = null, int? status = 200) =>
        new(at, level, "api-gateway", "us-east", account, null, null, message, status, 20, code);

    private static IEnumerable<LogEntry> Logs()
    {
        for (var i = 0; i < 30; i++)
        {
            // Before and after the change: the same two kinds of request.
            yield return Line(Change.AddHours(-10).AddMinutes(i * 15), "acc_2001", $"GET /v1/runs/run_{i:x8} 200 in {20 + i}ms");
            yield return Line(Change.AddMinutes(5 + (i * 10)), "acc_2001", $"GET /v1/runs/run_{i + 100:x8} 200 in {30 + i}ms");
            yield return Line(Change.AddHours(-9).AddMinutes(i * 15), "acc_2001", $"POST /v1/workflows/wf_{i:x4}/runs 202 in {40 + i}ms", status: 202);
        }

        // New after the change: a failure nobody saw before.
        for (var i = 0; i < 12; i++)
        {
            yield return Line(Change.AddMinutes(20 + (i * 15)), "acc_2001", $"schema validation failed for field steps[{i}].retry: unknown property",
                "error", "VALIDATION_FAILED", 422);
        }

        // Another tenant's new failure in the same window must never reach acc_2001's tool.
        for (var i = 0; i < 5; i++)
        {
            yield return Line(Change.AddMinutes(30 + i), "acc_2002", "secret-other-tenant-line token leaked", "error", "UPSTREAM_UNAVAILABLE", 500);
        }
    }

    private static LogsPlugin Plugin(IEnumerable<LogEntry>? logs = null) =>
        new(new LocalLogSource(TinyWorld.Create(logs ?? Logs())), Scope);

    [Fact]
    public async Task Finds_the_pattern_that_appeared_after_the_change_with_its_count_and_times()
    {
        var result = await Plugin().FindNewLogPatternsAsync(Change.ToString("O"), hoursBefore: 24);

        var pattern = Assert.Single(result.Patterns);
        Assert.Equal("VALIDATION_FAILED", pattern.ErrorCode);
        Assert.Equal(12, pattern.Count);
        Assert.Equal(Change.AddMinutes(20), pattern.FirstSeen);
        Assert.Equal(Change.AddMinutes(20 + (11 * 15)), pattern.LastSeen);
        Assert.Equal((60, 42), (result.LinesBefore, result.LinesAfter));
        var finding = Assert.Single(result.Findings);
        Assert.Equal("logs.new_error_pattern", finding.Signal);
        Assert.Equal("log:api-gateway:new:VALIDATION_FAILED", finding.Key);
        Assert.Contains("12 events of a kind that did not occur in the 24 hours before", finding.Statement, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Never_reads_another_accounts_lines()
    {
        var result = await Plugin().FindNewLogPatternsAsync(Change.ToString("O"), minLevel: "error");

        var json = JsonSerializer.Serialize(result);
        Assert.DoesNotContain("secret-other-tenant-line", json, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Patterns, p => p.ErrorCode == "UPSTREAM_UNAVAILABLE");
    }

    [Fact]
    public async Task A_baseline_that_is_too_short_to_hold_the_old_patterns_makes_them_look_new()
    {
        // One hour before the change holds no line at all: the tool says it cannot compare rather than calling everything new.
        var result = await Plugin().FindNewLogPatternsAsync(Change.ToString("O"), hoursBefore: 1);

        var finding = Assert.Single(result.Findings);
        Assert.Equal("logs.no_baseline", finding.Signal);
        Assert.Equal(0, result.LinesBefore);
    }

    [Fact]
    public async Task Says_so_when_nothing_new_appeared()
    {
        var quiet = Logs().Where(l => l.ErrorCode is null);

        var result = await Plugin(quiet).FindNewLogPatternsAsync(Change.ToString("O"));

        Assert.Empty(result.Patterns);
        Assert.Equal("logs.no_new_patterns", Assert.Single(result.Findings).Signal);
    }

    [Theory]
    [InlineData("yesterday afternoon")]
    [InlineData("")]
    public async Task A_change_time_that_is_not_a_time_is_refused_naming_the_argument(string changeAt)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Plugin().FindNewLogPatternsAsync(changeAt));

        Assert.Equal("changeAt", error.ParamName);
    }

    [Fact]
    public async Task A_change_after_the_report_is_refused()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Plugin().FindNewLogPatternsAsync(TinyWorld.Reported.AddDays(1).ToString("O")));

        Assert.Equal("changeAt", error.ParamName);
    }

    [Fact]
    public async Task Without_a_verified_account_the_tool_refuses()
    {
        var plugin = new LogsPlugin(new LocalLogSource(TinyWorld.Create(Logs())), Scope with { AccountId = null });

        await Assert.ThrowsAsync<InvalidOperationException>(() => plugin.FindNewLogPatternsAsync(Change.ToString("O")));
    }

    [Fact]
    public void The_kernel_function_and_every_parameter_are_described()
    {
        var function = KernelPluginFactory.CreateFromObject(Plugin(), "logs")["find_new_log_patterns"];

        Assert.False(string.IsNullOrWhiteSpace(function.Metadata.Description));
        Assert.All(function.Metadata.Parameters.Where(p => p.ParameterType != typeof(CancellationToken)),
            p => Assert.False(string.IsNullOrWhiteSpace(p.Description), $"{p.Name} has no description"));
        Assert.DoesNotContain(function.Metadata.Parameters, p => p.Name.Contains("account", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Through_the_case_kernel_the_new_pattern_becomes_evidence()
    {
        var ledger = new InvestigationLedger(new InvestigationBudget(10), TimeProvider.System);
        var kernel = InvestigationKernel.Create(Engine.Sources(TinyWorld.Create(Logs())), Scope, ledger);

        var result = await kernel.InvokeAsync("logs", "find_new_log_patterns", new KernelArguments { ["changeAt"] = Change.ToString("O") });

        var reply = Assert.IsType<ToolReply>(result.GetValue<object>());
        Assert.IsType<NewLogPatternsResult>(reply.Result);
        Assert.Contains(ledger.Evidence, e => e.Key == "log:api-gateway:new:VALIDATION_FAILED");
    }
}
