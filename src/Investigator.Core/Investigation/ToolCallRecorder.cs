using System.Diagnostics;
using System.Text.Json;
using Investigator.Core.Diagnostics;
using Investigator.Core.Investigation.Tools;
using Microsoft.SemanticKernel;

namespace Investigator.Core.Investigation;

/// <summary>
/// The kernel filter that makes every tool call accountable, whichever engine made it: it refuses
/// identical repeats and calls over budget, turns failures into visible results, records each call in
/// the trace (arguments, result size, duration, outcome) and files the findings as evidence.
/// </summary>
public sealed class ToolCallRecorder(InvestigationLedger ledger) : IFunctionInvocationFilter
{
    public static readonly ActivitySource Activities = new("Investigator.Investigation");

    public async Task OnFunctionInvocationAsync(FunctionInvocationContext context, Func<FunctionInvocationContext, Task> next)
    {
        var tool = $"{context.Function.PluginName}.{context.Function.Name}";
        var arguments = context.Arguments
            .Where(a => a.Value is not null && a.Value is not CancellationToken)
            .OrderBy(a => a.Key, StringComparer.Ordinal)
            .ToDictionary(a => a.Key, a => (string?)Convert.ToString(a.Value, System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);
        var query = arguments.Count == 0 ? "" : string.Join(", ", arguments.Select(a => $"{a.Key}={a.Value}"));
        var stepId = ledger.NextStepId();
        var startedAt = ledger.Time.GetUtcNow();

        if (ledger.BudgetExhausted)
        {
            Refuse(context, stepId, tool, arguments, startedAt, $"Refused: the investigation budget ({ledger.Budget.MaxToolCalls} tool calls, {ledger.Budget.WallTime.TotalSeconds:0} s) is spent.");
            return;
        }

        if (!ledger.TryRegisterCall($"{tool}({query})"))
        {
            Refuse(context, stepId, tool, arguments, startedAt, $"Refused: {tool} was already called with the same arguments; use the earlier result.");
            return;
        }

        using var activity = Activities.StartActivity("tool " + tool);
        activity?.SetTag("investigator.tool", tool);
        activity?.SetTag("investigator.step", stepId);
        var started = ledger.Time.GetTimestamp();
        IToolResult result;
        TraceOutcome outcome;
        string? message = null;
        try
        {
            await next(context);
            result = context.Result.GetValue<object>() as IToolResult
                     ?? throw new InvalidOperationException($"{tool} returned {context.Result.ValueType?.Name ?? "nothing"}, not a tool result.");
            outcome = result.Findings.Count == 0 ? TraceOutcome.Empty : TraceOutcome.Ok;
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            var source = SourceOf(context.Function.PluginName, context.Function.Name);
            var error = ex is Sources.SourceUnavailableException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
            result = new ToolFailure(source, error);
            context.Result = new FunctionResult(context.Function, result);
            outcome = TraceOutcome.Failed;
            message = result.Summary;
            activity?.SetStatus(ActivityStatusCode.Error, error);
        }

        var duration = ledger.Time.GetElapsedTime(started).TotalMilliseconds;
        var size = JsonSerializer.Serialize(result, result.GetType(), ContractJson.Options).Length;
        ledger.Add(new TraceStep(stepId, TraceStepKind.ToolCall, tool, startedAt, Math.Round(duration, 3), outcome,
            message ?? result.Summary, arguments, size, ledger.PendingToolCallId, ledger.CurrentHypothesisId));
        var added = ledger.AddFindings(result, SourceOf(context.Function.PluginName, context.Function.Name), tool, query, stepId);

        // What the caller (a model) sees: the result with the ids of the evidence it became, so the model can
        // cite them, cut fairly when it is too large for a model's context.
        context.Result = new FunctionResult(context.Function, new ToolReply(stepId, added.Select(e => new EvidenceRef(e.Id, e.Finding)).ToList(), ResultFitter.Fit(result)));
    }

    private void Refuse(FunctionInvocationContext context, string stepId, string tool, IReadOnlyDictionary<string, string?> arguments, DateTimeOffset at, string message)
    {
        context.Result = new FunctionResult(context.Function, message);
        ledger.Add(new TraceStep(stepId, TraceStepKind.ToolCall, tool, at, 0, TraceOutcome.Refused, message, arguments, message.Length, HypothesisId: ledger.CurrentHypothesisId));
    }

    private static string SourceOf(string? plugin, string function) => plugin switch
    {
        "logs" => "logs",
        "status" => function.Contains("deploy", StringComparison.Ordinal) ? "deploys" : "incidents",
        "knowledge" => function.Contains("case", StringComparison.Ordinal) ? "case_memory" : "knowledge_base",
        "account" => "account",
        _ => plugin ?? "unknown",
    };
}
