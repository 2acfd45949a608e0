using System.Text.Json;
using Investigator.Core.Diagnostics;
using Investigator.Core.Intake;
using Investigator.Core.Investigation;
using Investigator.Core.Investigation.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace Investigator.Core.Decisioning.Model;

/// <summary>
/// The model path for decisioning: the model proposes a disposition and a type with reasons (structured
/// output, prompts/decision.md); the policy decides everything else. The proposal is checked first:
/// unknown values and citations of evidence the investigation does not have are dropped and noted. It is
/// then overruled, and the built-in decision stands, when an immediate trigger applies, when it
/// contradicts a confirmed hypothesis, when no hypothesis is confirmed and it claims a mistake, a defect or
/// an incident (or anything but needsInformation where the policy found the ticket empty or its facts
/// incomplete), when its type does not fit its disposition, or when it differs from the built-in decision
/// without a reason that cites real evidence. An adopted proposal gets its priority, SLA, route and
/// escalation from <see cref="PolicyDecider.DecideAs"/>. A model that fails leaves the built-in decision,
/// with a note. Every note is a <see cref="DecisionReason"/> whose rule starts with "model-".
/// </summary>
public sealed class ModelDecider(PolicyDecider policy, IChatCompletionService chat, string systemPrompt, ILogger<ModelDecider>? logger = null) : ICaseDecider
{
    /// <summary>Evidence items beyond this many are not sent; the ids the model may cite are still all of them.</summary>
    public const int MaxEvidence = 60;

    /// <summary>The rule of each model reason the model gave that cites real evidence.</summary>
    public const string ProposalRule = "model-proposal";

    /// <summary>The model's proposal decided the disposition and type.</summary>
    public const string AdoptedRule = "model-adopted";

    /// <summary>The policy overruled the model's proposal; the built-in decision stands.</summary>
    public const string OverruledRule = "model-overruled";

    /// <summary>A value or citation of the model's reply was dropped.</summary>
    public const string DroppedRule = "model-dropped";

    /// <summary>The reply could not be used (HTTP error, timeout, not the JSON asked for).</summary>
    public const string UnusableRule = "model-unusable";

    private static readonly OpenAI.Chat.ChatResponseFormat ResponseFormat = OpenAI.Chat.ChatResponseFormat.CreateJsonSchemaFormat(
        "case_decision", BinaryData.FromString(DecisionProposal.Schema()), "A proposed disposition and type with the reasons and the evidence ids they rest on.", jsonSchemaIsStrict: true);

    /// <summary>Which types fit which disposition (the playbooks' outcomes use only these pairs).</summary>
    private static readonly Dictionary<Disposition, CaseType[]> Fits = new()
    {
        [Disposition.ExpectedBehaviour] = [CaseType.Question, CaseType.FeatureRequest, CaseType.UserError, CaseType.Configuration],
        [Disposition.UserOrConfigurationMistake] = [CaseType.Configuration, CaseType.UserError],
        [Disposition.ProductDefect] = [CaseType.Bug, CaseType.Degradation],
        [Disposition.Incident] = [CaseType.Outage, CaseType.Degradation],
        [Disposition.NeedsInformation] = [CaseType.Question, CaseType.FeatureRequest],
    };

    private readonly ILogger _logger = logger ?? NullLogger<ModelDecider>.Instance;

    /// <summary>A model decider that talks to an OpenAI-compatible endpoint (it must end in /v1) through SK's OpenAI connector.</summary>
    /// <param name="endpoint">The base address, ending in /v1.</param>
    /// <param name="apiKey">The endpoint's key.</param>
    /// <param name="model">The chat model's name.</param>
    /// <param name="policy">The built-in decider: the fallback, the judge of the proposal and the source of priority, SLA and route.</param>
    /// <param name="prompt">The system prompt (prompts/decision.md).</param>
    /// <param name="logger">Where an unusable reply is reported.</param>
    /// <param name="timeout">How long one model call may take (default 30 s).</param>
    public static ModelDecider OverOpenAI(
        Uri endpoint, string apiKey, string model, PolicyDecider policy, string prompt, ILogger<ModelDecider>? logger = null, TimeSpan? timeout = null)
    {
        return new ModelDecider(policy, ModelChat.OverOpenAI(endpoint, apiKey, model, timeout ?? TimeSpan.FromSeconds(30)), prompt, logger);
    }

    /// <summary>The usage of the most recent call on this instance (evaluations read it after each case); no round trip when the call failed.</summary>
    public ModelUsage? LastUsage { get; private set; }

    public async Task<Decision> DecideAsync(CaseFacts facts, InvestigationResult investigation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(investigation);
        var builtIn = await policy.DecideAsync(facts, investigation, cancellationToken);
        var history = new ChatHistory(systemPrompt);
        history.AddUserMessage(Briefing(facts, investigation));

        ChatMessageContent answer;
        try
        {
            var settings = new OpenAIPromptExecutionSettings { ResponseFormat = ResponseFormat, Temperature = 0 };
            answer = await chat.GetChatMessageContentAsync(history, settings, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LastUsage = new ModelUsage(0, 0, 0);
            return Unusable(builtIn, ModelFailure.Describe(ex));
        }

        LastUsage = UsageOf(answer);
        return DecisionProposal.Parse(answer.Content, out var problem) is { } proposal
            ? Judge(facts, investigation, builtIn, proposal)
            : Unusable(builtIn, problem);
    }

    /// <summary>
    /// The decision's model notes as trace steps, for the case trace beside the intake notes: an adopted
    /// proposal is an Ok step, a dropped value or an overruled proposal is Refused, an unusable reply Failed.
    /// </summary>
    public static IEnumerable<TraceStep> TraceSteps(Decision decision, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(decision);
        foreach (var reason in decision.Rationale.Where(r => r.Rule is AdoptedRule or OverruledRule or DroppedRule or UnusableRule))
        {
            var outcome = reason.Rule switch { AdoptedRule => TraceOutcome.Ok, UnusableRule => TraceOutcome.Failed, _ => TraceOutcome.Refused };
            yield return new TraceStep("", TraceStepKind.Note, "decisioning:" + reason.Rule, at, 0, outcome, reason.Explanation);
        }
    }

    /// <summary>What the model is told: the facts that bear on the kind of case (never the raw ticket), the hypotheses and the evidence.</summary>
    private static string Briefing(CaseFacts facts, InvestigationResult investigation)
    {
        var brief = new
        {
            problem = facts.ProblemStatement.Value,
            category = facts.Category.Value.ToString(),
            product = facts.Product?.Value,
            accountVerified = facts.Account is not null,
            plan = facts.Account?.Plan.Value.ToString(),
            frequency = facts.Frequency?.Value.ToString(),
            workaround = facts.Workaround?.Value.ToString(),
            usersAffected = facts.UsersAffected?.Value,
            risks = facts.Risks.Select(r => r.Value.ToString()),
            hypotheses = investigation.Hypotheses.Select(h => new { id = h.Id, key = h.Key, statement = h.Statement, status = h.Status.ToString(), evidence = h.EvidenceIds }),
            evidence = investigation.Evidence.Take(MaxEvidence).Select(e => new { id = e.Id, source = e.Source, finding = e.Finding, stance = e.Stance.ToString(), hypothesis = e.HypothesisId }),
        };
        return JsonSerializer.Serialize(brief, ContractJson.Indented);
    }

    private Decision Judge(CaseFacts facts, InvestigationResult investigation, Decision builtIn, DecisionProposal proposal)
    {
        var notes = new List<DecisionReason>();
        var disposition = Known<Disposition>(proposal.Disposition, "disposition", notes) ?? builtIn.Disposition;
        var type = Known<CaseType>(proposal.Type, "type", notes) ?? builtIn.Type;
        var grounded = Grounded(proposal, investigation, notes);
        var proposed = $"{disposition}/{type}";
        var same = disposition == builtIn.Disposition && type == builtIn.Type;
        var cited = grounded.SelectMany(r => r.EvidenceIds).Distinct().ToList();

        var overruled = OverruleReason(builtIn, disposition, type, same, grounded.Count > 0);
        if (overruled is not null)
        {
            notes.Add(new DecisionReason("disposition", OverruledRule,
                $"The model proposed {proposed}; overruled: {overruled}. The policy's decision {builtIn.Disposition}/{builtIn.Type} stands.", cited));
            return builtIn with { Rationale = [.. builtIn.Rationale, .. notes] };
        }

        if (same)
        {
            notes.Add(new DecisionReason("disposition", AdoptedRule, $"The model proposed {proposed}, which the evidence supports; the policy agrees.", cited));
            return builtIn with { Rationale = [.. builtIn.Rationale, .. grounded, .. notes] };
        }

        // The proposal differs and stands: the policy decides priority, SLA, route and escalation for it. The built-in
        // disposition reasons still hold when only the type changed (the confirmed hypothesis is the same).
        var kept = disposition == builtIn.Disposition ? builtIn.Rationale.Where(r => r.Aspect == "disposition") : [];
        var confidence = disposition == builtIn.Disposition ? builtIn.Confidence : Math.Min(0.8, 0.5 + (0.1 * cited.Count));
        var adopted = new DecisionReason("disposition", AdoptedRule,
            $"The model's proposal {proposed} is adopted: its reasons cite {string.Join(", ", cited)}. The built-in classification was {builtIn.Disposition}/{builtIn.Type}.", cited);
        var decision = policy.DecideAs(facts, investigation, disposition, type, confidence, [.. kept, .. grounded, adopted]);
        return decision with { Rationale = [.. decision.Rationale, .. notes] };
    }

    /// <summary>Why the policy overrules the proposal, or null when it stands.</summary>
    private static string? OverruleReason(Decision builtIn, Disposition disposition, CaseType type, bool same, bool grounded)
    {
        if (same)
        {
            return null;
        }

        if (builtIn.Escalation is { Immediate: true } escalation)
        {
            return $"the immediate trigger {escalation.Trigger} applies, so the built-in decision and its escalation to {escalation.Target} stand";
        }

        if (builtIn.Disposition != Disposition.NeedsInformation && disposition != builtIn.Disposition)
        {
            var rule = builtIn.Rationale.FirstOrDefault(r => r.Aspect == "disposition")?.Rule ?? "the confirmed hypothesis";
            return $"it contradicts the confirmed hypothesis ({rule}), which makes it {builtIn.Disposition}";
        }

        if (builtIn.Disposition == Disposition.NeedsInformation && disposition is Disposition.UserOrConfigurationMistake or Disposition.ProductDefect or Disposition.Incident)
        {
            return $"no hypothesis is confirmed, so the evidence cannot support {disposition}";
        }

        if (builtIn.Rationale.Any(r => r.Rule == "no-problem-stated") && disposition != Disposition.NeedsInformation)
        {
            return "the ticket states no problem, so nothing found can be tied to it";
        }

        if (builtIn.Rationale.FirstOrDefault(r => r.Rule.StartsWith("incomplete-facts:", StringComparison.Ordinal)) is { } incomplete && disposition != Disposition.NeedsInformation)
        {
            return $"the evidence only matches the topic and the facts are incomplete ({incomplete.Rule}), so the customer must answer first";
        }

        if (!Fits[disposition].Contains(type))
        {
            return $"type {type} does not fit disposition {disposition}";
        }

        return grounded ? null : "it differs from the built-in decision and none of its reasons cites evidence of this case";
    }

    /// <summary>The model's reasons that cite evidence the investigation has; invented ids and uncited reasons are dropped and noted.</summary>
    private static List<DecisionReason> Grounded(DecisionProposal proposal, InvestigationResult investigation, List<DecisionReason> notes)
    {
        var known = investigation.Evidence.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var grounded = new List<DecisionReason>();
        var invented = new List<string>();
        var uncited = 0;
        foreach (var reason in proposal.Reasons ?? [])
        {
            if (reason?.Explanation is not { Length: > 0 } explanation)
            {
                continue;
            }

            var ids = (reason.Evidence ?? []).OfType<string>().Select(id => id.Trim()).Where(id => id.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            invented.AddRange(ids.Where(id => !known.Contains(id)));
            var real = ids.Where(known.Contains).ToList();
            if (real.Count == 0)
            {
                // A reason whose ids were all invented is already in the note on invented ids.
                uncited += ids.Count == 0 ? 1 : 0;
                continue;
            }

            grounded.Add(new DecisionReason(reason.Aspect == "type" ? "type" : "disposition", ProposalRule, Short(explanation), real));
        }

        if (invented.Count > 0)
        {
            notes.Add(new DecisionReason("model", DroppedRule,
                $"The model cited evidence that does not exist ({string.Join(", ", invented.Distinct(StringComparer.Ordinal).Select(Short))}); those citations are dropped.", []));
        }

        if (uncited > 0)
        {
            notes.Add(new DecisionReason("model", DroppedRule, $"{uncited} of the model's reasons cite{(uncited == 1 ? "s" : "")} no evidence; not used.", []));
        }

        return grounded;
    }

    private static T? Known<T>(string? value, string field, List<DecisionReason> notes) where T : struct, Enum
    {
        if (value is null)
        {
            return null;
        }

        if (DecisionProposal.Known<T>(value) is { } known)
        {
            return known;
        }

        notes.Add(new DecisionReason("model", DroppedRule, $"The model's {field} '{Short(value)}' is not a known value; the built-in {field} is used.", []));
        return null;
    }

    private Decision Unusable(Decision builtIn, string reason)
    {
        _logger.LogWarning("Model decision reply unusable ({Problem}); built-in decision used", reason);
        return builtIn with
        {
            Rationale = [.. builtIn.Rationale, new DecisionReason("model", UnusableRule, $"The model's proposal could not be used ({reason}); the built-in decision stands.", [])],
        };
    }

    private static string Short(string text) => text.Length <= 300 ? text : text[..297] + "...";

    private static ModelUsage UsageOf(ChatMessageContent answer) =>
        answer.Metadata?.TryGetValue("Usage", out var usage) == true && usage is OpenAI.Chat.ChatTokenUsage tokens
            ? new ModelUsage(1, tokens.InputTokenCount, tokens.OutputTokenCount)
            : new ModelUsage(1, 0, 0);
}
