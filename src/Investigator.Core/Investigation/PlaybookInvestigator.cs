using System.Text.Json;
using System.Diagnostics;
using Investigator.Core.Intake;
using Investigator.Core.Investigation.Tools;
using Microsoft.SemanticKernel;

namespace Investigator.Core.Investigation;

/// <summary>
/// The built-in investigation engine. It takes the hypotheses of the playbooks for the case's category,
/// tests them most-likely-first with the cheapest checks first, stops as soon as one is confirmed or
/// the budget is spent, and always finishes with the knowledge base and similar cases. It calls the
/// same kernel functions a model would, so the trace and the evidence look the same either way.
/// </summary>
public sealed partial class PlaybookInvestigator(InvestigationSources sources, PlaybookCatalog playbooks, TimeProvider time, InvestigationBudget? budget = null) : IInvestigator
{
    private static readonly Dictionary<string, int> ToolCost = new(StringComparer.Ordinal)
    {
        ["status.list_incidents"] = 1,
        ["account.get_account_overview"] = 1,
        ["account.list_api_keys"] = 1,
        ["account.list_config_changes"] = 1,
        ["account.list_webhook_endpoints"] = 1,
        ["account.get_requester_access"] = 1,
        ["account.get_run_retention"] = 1,
        ["account.list_pending_invitations"] = 1,
        ["status.list_recent_deploys"] = 1,
        ["knowledge.search_knowledge_base"] = 2,
        ["knowledge.find_similar_cases"] = 2,
        ["logs.count_affected_accounts"] = 2,
        ["logs.search_logs"] = 3,
        ["logs.find_new_log_patterns"] = 3,
    };

    public async Task<InvestigationResult> InvestigateAsync(CaseFacts facts, CancellationToken cancellationToken)
    {
        var ledger = new InvestigationLedger(budget ?? new InvestigationBudget(), time);
        var scope = new CaseScope(facts.Account?.Id.Value, facts.Account?.Region.Value, facts.RequesterEmail.Value, facts.ReportedAt.Value, facts.StartedAt?.Value);
        var kernel = InvestigationKernel.Create(sources, scope, ledger);
        var applicable = playbooks.For(facts.Category.Value);
        var plan = Plan(playbooks, facts);
        var placeholders = Placeholders(facts);
        // What the customer wants and the risks intake found are signals a hypothesis may be confirmed by
        // ("intent:question+kb.match", "risk:compliance").
        var intents = facts.Intents.Select(i => "intent:" + i.Value)
            .Concat(facts.Risks.Select(r => "risk:" + JsonNamingPolicy.CamelCase.ConvertName(r.Value.ToString())))
            .ToHashSet(StringComparer.Ordinal);

        foreach (var (id, hypothesis) in plan)
        {
            ledger.Add(new TraceStep(ledger.NextStepId(), TraceStepKind.Hypothesis, hypothesis.Key, time.GetUtcNow(), 0, TraceOutcome.Ok, hypothesis.Statement, HypothesisId: id));
        }

        foreach (var (id, hypothesis) in plan)
        {
            if (Evaluate(plan, ledger, intents).Any(h => h.Status == HypothesisStatus.Confirmed) || ledger.BudgetExhausted)
            {
                break;
            }

            if (Status(hypothesis, Signals(ledger, intents)) != HypothesisStatus.Open)
            {
                continue;
            }

            ledger.CurrentHypothesisId = id;
            foreach (var check in hypothesis.Checks.OrderBy(c => ToolCost.GetValueOrDefault(c.Tool, 5)))
            {
                await CallAsync(kernel, ledger, check, placeholders, cancellationToken);
                if (Status(hypothesis, Signals(ledger, intents)) != HypothesisStatus.Open)
                {
                    break;
                }
            }
        }

        // Once a hypothesis is confirmed, no other is tested; its own remaining checks and corroborating
        // checks still run, so the case holds the customer's own failures and the change behind them.
        var confirmed = plan.FirstOrDefault(p => Status(p.Definition, Signals(ledger, intents)) == HypothesisStatus.Confirmed);
        var askedSeparately = false;
        if (confirmed.Definition is { } found)
        {
            ledger.CurrentHypothesisId = confirmed.Id;
            foreach (var check in found.Checks.Concat(found.Corroborate ?? []).OrderBy(c => ToolCost.GetValueOrDefault(c.Tool, 5)))
            {
                await CallAsync(kernel, ledger, check, placeholders, cancellationToken);
            }

            if (found.KnowledgeQuery is { } knowledgeQuery)
            {
                // A knowledge query may name facts ({product}, {errorCode}); one the ticket lacks is left out.
                placeholders["query"] = string.Join(' ', knowledgeQuery.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Select(word => Fill(word, placeholders) ?? "").Where(word => word.Length > 0));
                askedSeparately = QuestionSentence().Count(placeholders["questions"] ?? "") >= 2;
            }
        }

        ledger.CurrentHypothesisId = null;
        foreach (var check in applicable.SelectMany(p => p.Finally ?? []))
        {
            await CallAsync(kernel, ledger, check, placeholders, cancellationToken);
        }

        // The playbook's knowledge query finds the article about the cause; a customer who asks several things
        // ("will the missed events still be delivered? how do we get them?") may be answered by another one,
        // so the questions are searched on their own, as a follow-up that reports only what it finds.
        if (askedSeparately)
        {
            await CallAsync(kernel, ledger, QuestionsSearch, placeholders, cancellationToken);
        }

        var hypotheses = Evaluate(plan, ledger, intents);
        AssignStances(plan, ledger, intents);
        return new InvestigationResult(hypotheses, ledger.Evidence, ledger.Trace,
            new InvestigationBudgetUse(ledger.ToolCalls, ledger.Budget.MaxToolCalls, Math.Round(ledger.Elapsed.TotalMilliseconds, 3), ledger.BudgetExhausted));
    }

    /// <summary>The hypotheses worth testing for the facts' category, numbered H1, H2, … most likely first.</summary>
    internal static List<(string Id, PlaybookHypothesis Definition)> Plan(PlaybookCatalog catalog, CaseFacts facts) =>
        catalog.For(facts.Category.Value).SelectMany(p => p.Hypotheses).Where(h => h.AppliesTo(facts.Category.Value)).Select((h, i) => (Id: $"H{i + 1}", Definition: h)).ToList();

    /// <summary>Finds a confirmed hypothesis's playbook definition by its key.</summary>
    public PlaybookHypothesis? Definition(string key) =>
        playbooks.Playbooks.SelectMany(p => p.Hypotheses).FirstOrDefault(h => h.Key == key);

    private static async Task CallAsync(Kernel kernel, InvestigationLedger ledger, PlaybookCheck check, IReadOnlyDictionary<string, string?> placeholders, CancellationToken cancellationToken)
    {
        if (!check.AppliesTo(placeholders.GetValueOrDefault("product")))
        {
            return;
        }

        var dot = check.Tool.IndexOf('.');
        var (plugin, function) = (check.Tool[..dot], check.Tool[(dot + 1)..]);
        if (!kernel.Plugins.TryGetFunction(plugin, function, out var kernelFunction))
        {
            ledger.Add(new TraceStep(ledger.NextStepId(), TraceStepKind.ToolCall, check.Tool, ledger.Time.GetUtcNow(), 0, TraceOutcome.Skipped,
                "Skipped: no verified account, so account and log tools are not available for this case.", HypothesisId: ledger.CurrentHypothesisId));
            return;
        }

        var arguments = new KernelArguments();
        foreach (var (name, template) in check.Args ?? new Dictionary<string, string>())
        {
            var value = Fill(template, placeholders);
            if (value is null)
            {
                ledger.Add(new TraceStep(ledger.NextStepId(), TraceStepKind.ToolCall, check.Tool, ledger.Time.GetUtcNow(), 0, TraceOutcome.Skipped,
                    $"Skipped: the ticket gives no value for {template}.", HypothesisId: ledger.CurrentHypothesisId));
                return;
            }

            if (value.Length > 0)
            {
                arguments[name] = value;
            }
        }

        if (ledger.AlreadyCalled(check.Tool, arguments))
        {
            return;
        }

        await kernelFunction.InvokeAsync(kernel, arguments, cancellationToken);
    }

    private static string? Fill(string template, IReadOnlyDictionary<string, string?> placeholders)
    {
        if (!template.Contains('{', StringComparison.Ordinal))
        {
            return template;
        }

        var result = template;
        foreach (var (name, value) in placeholders)
        {
            var token = "{" + name + "}";
            if (result.Contains(token, StringComparison.Ordinal))
            {
                if (value is null)
                {
                    // {product}, {service} and {keyPrefix} may be empty (search everything); an error signature may not.
                    return name is "product" or "service" or "keyPrefix" ? "" : null;
                }

                result = result.Replace(token, value, StringComparison.Ordinal);
            }
        }

        return result;
    }

    /// <summary>A knowledge search for the customer's questions alone.</summary>
    private static readonly PlaybookCheck QuestionsSearch = new("knowledge.search_knowledge_base",
        new Dictionary<string, string> { ["query"] = "{questions}", ["followUp"] = "true" });

    /// <summary>How much of the ticket's text a tool that looks for named people or things receives.</summary>
    private const int MaxTextChars = 2000;

    /// <summary>The longest knowledge query: room for the headline and four questions.</summary>
    private const int MaxQueryChars = 600;

    private static Dictionary<string, string?> Placeholders(CaseFacts facts)
    {
        var productCode = facts.ErrorCodes.Select(c => c.Value).FirstOrDefault(c => c.Contains('_', StringComparison.Ordinal));
        // The customer's headline (the ticket's first line) carries the topic even when no sentence says what fails, as in a question.
        var headline = facts.CleanText.Split('\n', 2)[0];
        // A customer who asks says what they want to know in their questions; the category's name
        // ("Question") would only match articles that happen to use the word.
        var asking = facts.Category.Value is ProblemCategory.Question or ProblemCategory.FeatureRequest;
        // A billing or account ticket may ask too ("how do I replace the card?"): its questions find the
        // sections that answer them (KnowledgePlugin searches each one). Any ticket's questions are kept for a
        // follow-up search after a playbook's own knowledge query.
        var questioning = asking || facts.Intents.Any(i => i.Value == "question");
        var questions = string.Join(' ', QuestionSentence().Matches(facts.CleanText).Select(m => m.Value.Trim()).Take(4));
        var query = string.Join(' ', new[] { asking ? null : facts.Category.Value.ToString(), facts.Product?.Value, string.Join(' ', facts.ErrorCodes.Take(3).Select(c => c.Value)), headline, questioning ? questions : null, facts.ActionAttempted?.Value, facts.ActualOutcome?.Value }
            .Where(s => !string.IsNullOrWhiteSpace(s)));
        return new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["product"] = facts.Product?.Value,
            ["service"] = ServiceOf(facts.Product?.Value),
            ["errorCode"] = productCode,
            ["questions"] = string.IsNullOrEmpty(questions) ? null : AccountIdPattern().Replace(questions, ""),
            // The key the customer named (a prefix, never a whole key): its status is reported on its own.
            // The ticket's words, for a tool that looks for the people or things they name (never sent outside).
            ["text"] = facts.CleanText.Length > MaxTextChars ? facts.CleanText[..MaxTextChars] : facts.CleanText,
            ["keyPrefix"] = facts.Identifiers.Select(i => i.Value).FirstOrDefault(i => i.Kind == IdentifierKind.ApiKeyPrefix)?.Value,
            // Account ids are stripped: a search query must not carry another tenant's identifier anywhere.
            ["query"] = AccountIdPattern().Replace(query.Length > MaxQueryChars ? query[..MaxQueryChars] : query, ""),
        };
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"[^.!?\n]{8,200}\?")]
    private static partial System.Text.RegularExpressions.Regex QuestionSentence();

    [System.Text.RegularExpressions.GeneratedRegex(@"\bacc_\w+", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex AccountIdPattern();

    /// <summary>The service behind each status-page component.</summary>
    public static string? ServiceOf(string? component) => component switch
    {
        "API" => "api-gateway",
        "Webhooks" => "webhook-dispatcher",
        "SSO login" => "auth",
        "Data exports" => "exports",
        "Billing" => "billing",
        "Dashboard" => "dashboard",
        "Workflow runs" => "workflow-engine",
        _ => null,
    };

    private static HashSet<string> Signals(InvestigationLedger ledger, IReadOnlySet<string>? intents = null)
    {
        var signals = ledger.Evidence.SelectMany(e => e.Signals).ToHashSet(StringComparer.Ordinal);
        signals.UnionWith(intents ?? new HashSet<string>());
        return signals;
    }

    private static bool Holds(string combination, HashSet<string> signals) =>
        combination.Split('+').All(signals.Contains);

    internal static HypothesisStatus Status(PlaybookHypothesis hypothesis, HashSet<string> signals) =>
        hypothesis.ConfirmedBy.Any(c => Holds(c, signals)) ? HypothesisStatus.Confirmed
        : hypothesis.RefutedBy.Any(c => Holds(c, signals)) ? HypothesisStatus.Refuted
        : HypothesisStatus.Open;

    internal static List<Hypothesis> Evaluate(List<(string Id, PlaybookHypothesis Definition)> plan, InvestigationLedger ledger, IReadOnlySet<string> intents)
    {
        var signals = Signals(ledger, intents);
        return plan.Select(p =>
        {
            var mentioned = p.Definition.ConfirmedBy.Concat(p.Definition.RefutedBy).SelectMany(c => c.Split('+')).ToHashSet(StringComparer.Ordinal);
            var evidence = ledger.Evidence.Where(e => e.Signals.Any(mentioned.Contains)).Select(e => e.Id).ToList();
            return new Hypothesis(p.Id, p.Definition.Key, p.Definition.Statement, Status(p.Definition, signals), evidence);
        }).ToList();
    }

    internal static void AssignStances(List<(string Id, PlaybookHypothesis Definition)> plan, InvestigationLedger ledger, IReadOnlySet<string> intents)
    {
        // Evidence belongs first to the hypothesis it confirmed, then to the first one it bears on.
        var signals = Signals(ledger, intents);
        var ordered = plan.OrderBy(p => Status(p.Definition, signals) == HypothesisStatus.Confirmed ? 0 : 1).ToList();
        ledger.Restance(e =>
        {
            foreach (var (id, h) in ordered)
            {
                if (h.ConfirmedBy.SelectMany(c => c.Split('+')).Any(e.Signals.Contains))
                {
                    return e with { HypothesisId = id, Stance = EvidenceStance.Supports };
                }

                if (h.RefutedBy.SelectMany(c => c.Split('+')).Any(e.Signals.Contains))
                {
                    return e with { HypothesisId = id, Stance = EvidenceStance.Refutes };
                }
            }

            return e;
        });
        Debug.Assert(ledger.Evidence.All(e => e.Id.StartsWith('E')));
    }
}
