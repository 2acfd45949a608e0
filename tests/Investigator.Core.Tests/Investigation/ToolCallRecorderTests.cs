using Investigator.Core.Investigation;
using Investigator.Core.Investigation.Tools;
using Investigator.Core.Sources;
using Investigator.Core.Tests.Support;
using Microsoft.SemanticKernel;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace Investigator.Core.Tests.Investigation;

public sealed class ToolCallRecorderTests
{
    private static (Kernel Kernel, InvestigationLedger Ledger) Build(InvestigationSources sources, int maxCalls = 10)
    {
        var ledger = new InvestigationLedger(new InvestigationBudget(maxCalls), TimeProvider.System);
        var scope = new CaseScope("acc_2001", "us-east", "priya@harbor.example", TinyWorld.Reported, null);
        return (InvestigationKernel.Create(sources, scope, ledger), ledger);
    }

    [Fact]
    public async Task An_identical_repeated_call_is_refused_with_a_message()
    {
        var (kernel, ledger) = Build(Engine.Sources(TinyWorld.Create()));
        var args = new KernelArguments { ["service"] = "api-gateway" };

        await kernel.InvokeAsync("logs", "search_logs", args);
        var second = await kernel.InvokeAsync("logs", "search_logs", new KernelArguments { ["service"] = "api-gateway" });

        Assert.StartsWith("Refused:", second.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal([TraceOutcome.Ok, TraceOutcome.Refused], ledger.Trace.Select(t => t.Outcome));
        Assert.Equal(1, ledger.ToolCalls);
    }

    [Fact]
    public async Task A_source_that_is_down_becomes_a_visible_failed_result()
    {
        var logs = Substitute.For<ILogSource>();
        logs.SearchAsync(default!, default).ThrowsAsyncForAnyArgs(new SourceUnavailableException("logs", "connection refused"));
        var world = TinyWorld.Create();
        var sources = Engine.Sources(world) with { Logs = logs };
        var (kernel, ledger) = Build(sources);

        var result = await kernel.InvokeAsync("logs", "search_logs", new KernelArguments());

        var reply = Assert.IsType<ToolReply>(result.GetValue<object>());
        var failure = Assert.IsType<ToolFailure>(reply.Result);
        Assert.Equal("logs", failure.Source);
        var step = Assert.Single(ledger.Trace);
        Assert.Equal(TraceOutcome.Failed, step.Outcome);
        Assert.Contains("connection refused", step.Message, StringComparison.Ordinal);
        Assert.Empty(ledger.Evidence);
    }

    [Fact]
    public async Task Cancellation_still_propagates()
    {
        var logs = Substitute.For<ILogSource>();
        using var cts = new CancellationTokenSource();
        logs.SearchAsync(default!, default).ReturnsForAnyArgs<Task<LogSearchPage>>(_ =>
        {
            cts.Cancel();
            throw new OperationCanceledException(cts.Token);
        });
        var (kernel, _) = Build(Engine.Sources(TinyWorld.Create()) with { Logs = logs });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => kernel.InvokeAsync("logs", "search_logs", new KernelArguments(), cts.Token));
    }

    [Fact]
    public async Task Calls_over_budget_are_refused()
    {
        var (kernel, ledger) = Build(Engine.Sources(TinyWorld.Create()), maxCalls: 1);

        await kernel.InvokeAsync("account", "list_api_keys", new KernelArguments());
        var refused = await kernel.InvokeAsync("account", "get_account_overview", new KernelArguments());

        Assert.Contains("budget", refused.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(TraceOutcome.Refused, ledger.Trace[^1].Outcome);
    }

    [Fact]
    public void No_tool_takes_an_account_id()
    {
        var (kernel, _) = Build(Engine.Sources(TinyWorld.Create()));

        var parameters = kernel.Plugins.SelectMany(p => p).SelectMany(f => f.Metadata.Parameters).Select(p => p.Name.ToLowerInvariant());

        Assert.DoesNotContain(parameters, n => n.Contains("account", StringComparison.Ordinal) || n.Contains("tenant", StringComparison.Ordinal));
        Assert.All(kernel.Plugins.SelectMany(p => p), f => Assert.False(string.IsNullOrWhiteSpace(f.Description)));
    }
}
