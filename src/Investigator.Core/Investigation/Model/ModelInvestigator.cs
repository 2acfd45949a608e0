using System.Text.Json;
using Investigator.Core.Diagnostics;
using Investigator.Core.Intake;
using Investigator.Core.Investigation.Tools;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace Investigator.Core.Investigation.Model;

/// <summary>What the model cost for one investigation.</summary>
public sealed record ModelUsage(int RoundTrips, int InputTokens, int OutputTokens);

/// <summary>
/// The model engine for investigation: Semantic Kernel automatic function calling over the same plugins
/// and the same recorder as the built-in engine. The model chooses which tools to call; whether a
/// hypothesis is confirmed is still decided from the evidence the tools returned, and where the model's
/// own verdict differs the trace says so. On the last step the tools are withdrawn so the model must
/// conclude. A model that fails or answers garbage falls back to the built-in engine, visibly.
/// </summary>
public sealed class ModelInvestigator(
    InvestigationSources sources,
    PlaybookCatalog playbooks,
    IChatCompletionService chat,
    string systemPrompt,
    TimeProvider time,
    IInvestigator fallback,
    InvestigationBudget? budget = null,
    int maxSteps = 6) : IInvestigator
{
    /// <summary>A model investigator that talks to an OpenAI-compatible endpoint (it must end in /v1) through SK's OpenAI connector.</summary>
    public static ModelInvestigator OverOpenAI(
        Uri endpoint, string apiKey, string model, InvestigationSources sources, PlaybookCatalog playbooks, string systemPrompt,
        TimeProvider time, IInvestigator fallback, InvestigationBudget? budget = null, int maxSteps = 6)
    {
        var client = new OpenAI.OpenAIClient(new System.ClientModel.ApiKeyCredential(apiKey), new OpenAI.OpenAIClientOptions { Endpoint = endpoint, NetworkTimeout = TimeSpan.FromSeconds(60) });
        return new ModelInvestigator(sources, playbooks, new OpenAIChatCompletionService(model, client), systemPrompt, time, fallback, budget, maxSteps);
    }

    /// <summary>The usage of the most recent investigation on this instance (evaluations read it after each case).</summary>
    public ModelUsage? LastUsage { get; private set; }

    public async Task<InvestigationResult> InvestigateAsync(CaseFacts facts, CancellationToken cancellationToken)
    {
        var ledger = new InvestigationLedger(budget ?? new InvestigationBudget(), time);
        var scope = new CaseScope(facts.Account?.Id.Value, facts.Account?.Region.Value, facts.RequesterEmail.Value, facts.ReportedAt.Value, facts.StartedAt?.Value);
        var kernel = InvestigationKernel.Create(sources, scope, ledger);
        var steps = new ModelBudget(maxSteps, ledger);
        kernel.AutoFunctionInvocationFilters.Add(steps);
        var plan = PlaybookInvestigator.Plan(playbooks, facts);
        var intents = facts.Intents.Select(i => "intent:" + i.Value).ToHashSet(StringComparer.Ordinal);

        var history = new ChatHistory(systemPrompt);
        history.AddUserMessage(Briefing(facts, plan));
        var messagesBefore = history.Count;
        ChatMessageContent answer;
        try
        {
            answer = await chat.GetChatMessageContentAsync(history, new OpenAIPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(), Temperature = 0 }, kernel, cancellationToken);
            if (steps.Exhausted is not null || string.IsNullOrWhiteSpace(answer.Content))
            {
                // A budget is spent: the tools are withdrawn and the model must conclude.
                ledger.Add(new TraceStep(ledger.NextStepId(), TraceStepKind.Note, "model", time.GetUtcNow(), 0, TraceOutcome.Ok,
                    $"{steps.Exhausted ?? $"Step budget ({maxSteps})"} reached: tools withdrawn for the final answer."));
                history.Add(answer);
                answer = await chat.GetChatMessageContentAsync(history, new OpenAIPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.None(), Temperature = 0 }, kernel, cancellationToken);
            }

            history.Add(answer);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var result = await fallback.InvestigateAsync(facts, cancellationToken);
            LastUsage = Usage(history, messagesBefore);
            return result with
            {
                Trace = [new TraceStep("M1", TraceStepKind.Note, "model", time.GetUtcNow(), 0, TraceOutcome.Failed, $"The model failed ({ex.GetType().Name}: {ex.Message}); the built-in engine investigated instead."), .. result.Trace],
            };
        }

        LastUsage = Usage(history, messagesBefore);
        ledger.Add(new TraceStep(ledger.NextStepId(), TraceStepKind.Note, "model", time.GetUtcNow(), 0, TraceOutcome.Ok,
            $"Model answer after {LastUsage.RoundTrips} round trips, {LastUsage.InputTokens}+{LastUsage.OutputTokens} tokens.", Tokens: TokensOf(answer)));

        var hypotheses = PlaybookInvestigator.Evaluate(plan, ledger, intents);
        foreach (var note in Disagreements(answer.Content, hypotheses, ledger))
        {
            ledger.Add(new TraceStep(ledger.NextStepId(), TraceStepKind.Note, "model-vs-evidence", time.GetUtcNow(), 0, TraceOutcome.Ok, note));
        }

        PlaybookInvestigator.AssignStances(plan, ledger, intents);
        return new InvestigationResult(PlaybookInvestigator.Evaluate(plan, ledger, intents), ledger.Evidence, ledger.Trace,
            new InvestigationBudgetUse(ledger.ToolCalls, ledger.Budget.MaxToolCalls, Math.Round(ledger.Elapsed.TotalMilliseconds, 3), ledger.BudgetExhausted));
    }

    /// <summary>What the model is told: the facts (never the raw ticket) and the hypotheses it may report on.</summary>
    private static string Briefing(CaseFacts facts, List<(string Id, PlaybookHypothesis Definition)> plan)
    {
        var brief = new
        {
            problem = facts.ProblemStatement.Value,
            category = facts.Category.Value.ToString(),
            product = facts.Product?.Value,
            accountVerified = facts.Account is not null,
            plan = facts.Account?.Plan.Value.ToString(),
            region = facts.Account?.Region.Value,
            reportedAt = facts.ReportedAt.Value,
            startedAt = facts.StartedAt?.Value,
            errorCodes = facts.ErrorCodes.Select(c => c.Value),
            identifiers = facts.Identifiers.Where(i => i.Value.Kind is not IdentifierKind.AccountId).Select(i => $"{i.Value.Kind}: {i.Value.Value}"),
            hypotheses = plan.Select(p => new { key = p.Definition.Key, statement = p.Definition.Statement }),
        };
        return JsonSerializer.Serialize(brief, ContractJson.Indented);
    }

    /// <summary>The tokens the endpoint reported for one model message, if it reported any.</summary>
    private static ModelTokens? TokensOf(ChatMessageContent? message) =>
        message?.Metadata?.TryGetValue("Usage", out var usage) == true && usage is OpenAI.Chat.ChatTokenUsage tokens
            ? new ModelTokens(tokens.InputTokenCount, tokens.OutputTokenCount)
            : null;

    private static ModelUsage Usage(ChatHistory history, int from)
    {
        int roundTrips = 0, input = 0, output = 0;
        // Each assistant message is one model round trip (SK adds the tool-calling ones; the final answer is added above).
        foreach (var message in history.Skip(from).Where(m => m.Role == AuthorRole.Assistant).Distinct())
        {
            roundTrips++;
            if (message.Metadata?.TryGetValue("Usage", out var usage) == true && usage is OpenAI.Chat.ChatTokenUsage tokens)
            {
                input += tokens.InputTokenCount;
                output += tokens.OutputTokenCount;
            }
        }

        return new ModelUsage(roundTrips, input, output);
    }

    /// <summary>Where the model's verdict (JSON: hypotheses with key, status, evidence) differs from what the evidence shows.</summary>
    private static IEnumerable<string> Disagreements(string? content, IReadOnlyList<Hypothesis> hypotheses, InvestigationLedger ledger)
    {
        ModelVerdict? verdict;
        try
        {
            var json = content is null ? null : content[content.IndexOf('{', StringComparison.Ordinal)..(content.LastIndexOf('}') + 1)];
            verdict = json is null ? null : JsonSerializer.Deserialize<ModelVerdict>(json, ContractJson.Options);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentOutOfRangeException)
        {
            verdict = null;
        }

        if (verdict?.Hypotheses is null)
        {
            yield return "The model's final answer was not the structured verdict asked for; statuses come from the evidence alone.";
            yield break;
        }

        foreach (var claim in verdict.Hypotheses)
        {
            var actual = hypotheses.FirstOrDefault(h => h.Key == claim.Key);
            var unknown = claim.Evidence?.Where(id => !ledger.Evidence.Any(e => e.Id == id)).ToList() ?? [];
            if (actual is null)
            {
                yield return $"The model named an unknown hypothesis '{claim.Key}'; ignored.";
            }
            else if (!string.Equals(claim.Status, actual.Status.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                yield return $"The model says {claim.Key} is {claim.Status}; the evidence says {actual.Status}. The evidence decides.";
            }

            if (unknown.Count > 0)
            {
                yield return $"The model cited evidence that does not exist ({string.Join(", ", unknown)}) for {claim.Key}.";
            }
        }
    }

    private sealed record ModelVerdict(IReadOnlyList<ModelClaim>? Hypotheses);

    private sealed record ModelClaim(string Key, string Status, IReadOnlyList<string>? Evidence);

    /// <summary>
    /// Bounds the model's tool-calling loop. Each model round trip that asks for tools becomes a trace step
    /// with its tokens; each tool call carries the model's tool-call id to the recorder; once the step or
    /// token budget is spent, the loop ends after the round trip's last requested call.
    /// </summary>
    private sealed class ModelBudget(int maxSteps, InvestigationLedger ledger) : IAutoFunctionInvocationFilter
    {
        private int _request = -1;
        private int _tokens;

        /// <summary>Which budget ended the loop, or null while none has.</summary>
        public string? Exhausted { get; private set; }

        public async Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next)
        {
            var calls = context.ChatMessageContent.Items.OfType<Microsoft.SemanticKernel.FunctionCallContent>().Count();
            if (context.RequestSequenceIndex != _request)
            {
                _request = context.RequestSequenceIndex;
                var tokens = TokensOf(context.ChatMessageContent);
                _tokens += tokens is null ? 0 : tokens.Input + tokens.Output;
                ledger.Add(new TraceStep(ledger.NextStepId(), TraceStepKind.Note, "model", ledger.Time.GetUtcNow(), 0, TraceOutcome.Ok,
                    $"Model round trip {_request + 1} asked for {calls} tool call{(calls == 1 ? "" : "s")}.", Tokens: tokens));
            }

            ledger.PendingToolCallId = context.ToolCallId;
            try
            {
                await next(context);
            }
            finally
            {
                ledger.PendingToolCallId = null;
            }

            if (context.RequestSequenceIndex + 1 >= maxSteps - 1)
            {
                Exhausted ??= $"Step budget ({maxSteps})";
            }
            else if (_tokens >= ledger.Budget.MaxModelTokens)
            {
                Exhausted ??= $"Token budget ({ledger.Budget.MaxModelTokens}; {_tokens} used)";
            }

            if (Exhausted is not null && context.FunctionSequenceIndex >= calls - 1)
            {
                context.Terminate = true;
            }
        }
    }
}
