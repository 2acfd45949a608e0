using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Investigator.Core.Decisioning;
using Investigator.Core.Diagnostics;
using Investigator.Core.Intake;
using Investigator.Core.Investigation;
using Investigator.Core.Investigation.Model;
using Investigator.Core.Investigation.Tools;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace Investigator.Core.Drafting.Model;

/// <summary>
/// The model path for drafting: the model writes the reply (structured output, prompts/draft.md) from
/// the evidence (ids and findings), a few facts and the decision, never from the raw ticket, in the
/// ticket's language. Everything shown to it passes <see cref="DraftChecker.Leaks"/> first: a leaking
/// evidence item is withheld, a leaking span of the facts removed, and both are noted. The model's draft
/// must be a kind the decision allows and must pass <see cref="DraftChecker.Check"/>; a draft that fails
/// the check is redrafted once with the failures named. A second failure, a kind the decision does not
/// allow, or a reply that cannot be used (HTTP error, timeout, not the JSON asked for) leaves the built-in
/// draft, with a note in its internal note. The notes are read back as trace steps by <see cref="TraceSteps"/>.
/// </summary>
public sealed partial class ModelDrafter(IReplyDrafter builtIn, IChatCompletionService chat, string systemPrompt, ILogger<ModelDrafter>? logger = null) : IReplyDrafter
{
    /// <summary>Evidence items beyond this many are not shown to the model, so it cannot cite them.</summary>
    public const int MaxEvidence = 60;

    /// <summary>The model's draft passed the checks and is the draft.</summary>
    public const string DraftedRule = "model-drafted";

    /// <summary>The model's first draft failed the checks; it was asked once to redraft.</summary>
    public const string RegeneratedRule = "model-regenerated";

    /// <summary>Something was kept from the model because showing it would leak.</summary>
    public const string WithheldRule = "model-withheld";

    /// <summary>The model's draft failed the checks twice, or is a kind the decision does not allow; the built-in draft is used.</summary>
    public const string RejectedRule = "model-rejected";

    /// <summary>The reply could not be used (HTTP error, timeout, not the JSON asked for); the built-in draft is used.</summary>
    public const string UnusableRule = "model-unusable";

    /// <summary>The heading of the notes section this drafter appends to a draft's internal note.</summary>
    public const string NotesHeading = "Model drafting:";

    private const string Removed = "[removed]";

    private static readonly string[] Rules = [DraftedRule, RegeneratedRule, WithheldRule, RejectedRule, UnusableRule];

    private static readonly OpenAI.Chat.ChatResponseFormat ResponseFormat = OpenAI.Chat.ChatResponseFormat.CreateJsonSchemaFormat(
        "support_reply", BinaryData.FromString(DraftProposal.Schema()), "A reply to the customer citing evidence ids, and an internal note for the agent.", jsonSchemaIsStrict: true);

    /// <summary>Names for the languages support writes in most; any other code is named by itself.</summary>
    private static readonly Dictionary<string, string> LanguageNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = "English", ["de"] = "German", ["fr"] = "French", ["es"] = "Spanish", ["it"] = "Italian", ["nl"] = "Dutch",
        ["pt"] = "Portuguese", ["pl"] = "Polish", ["sv"] = "Swedish", ["da"] = "Danish", ["no"] = "Norwegian", ["fi"] = "Finnish",
        ["cs"] = "Czech", ["ja"] = "Japanese", ["zh"] = "Chinese", ["ko"] = "Korean", ["tr"] = "Turkish", ["uk"] = "Ukrainian", ["ru"] = "Russian",
    };

    private readonly ILogger _logger = logger ?? NullLogger<ModelDrafter>.Instance;

    /// <summary>A model drafter that talks to an OpenAI-compatible endpoint (it must end in /v1) through SK's OpenAI connector.</summary>
    /// <param name="endpoint">The base address, ending in /v1.</param>
    /// <param name="apiKey">The endpoint's key.</param>
    /// <param name="model">The chat model's name.</param>
    /// <param name="builtIn">The drafter whose draft is the fallback (normally <see cref="TemplateDrafter"/>).</param>
    /// <param name="prompt">The system prompt (prompts/draft.md).</param>
    /// <param name="logger">Where a draft that is not used is reported.</param>
    /// <param name="timeout">How long one model call may take (default 60 s: a reply is longer than a proposal).</param>
    public static ModelDrafter OverOpenAI(
        Uri endpoint, string apiKey, string model, IReplyDrafter builtIn, string prompt, ILogger<ModelDrafter>? logger = null, TimeSpan? timeout = null)
    {
        return new ModelDrafter(builtIn, ModelChat.OverOpenAI(endpoint, apiKey, model, timeout ?? TimeSpan.FromSeconds(60)), prompt, logger);
    }

    /// <summary>The usage of the most recent draft on this instance, both calls when it was redrafted (evaluations read it after each case).</summary>
    public ModelUsage? LastUsage { get; private set; }

    public async Task<Draft> DraftAsync(CaseFacts facts, InvestigationResult investigation, Decision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(investigation);
        ArgumentNullException.ThrowIfNull(decision);
        var fallback = await builtIn.DraftAsync(facts, investigation, decision, cancellationToken);
        var notes = new List<(string Rule, string Text)>();
        var language = LanguageOf(facts);
        var allowed = AllowedKinds(decision);
        var history = new ChatHistory(systemPrompt);
        history.AddUserMessage(Briefing(facts, investigation, decision, language, allowed, notes, out var shown));
        var settings = new OpenAIPromptExecutionSettings { ResponseFormat = ResponseFormat, Temperature = 0 };
        LastUsage = new ModelUsage(0, 0, 0);

        for (var attempt = 1; ; attempt++)
        {
            var again = attempt == 1 ? "" : " when asked to redraft";
            ChatMessageContent answer;
            try
            {
                answer = await chat.GetChatMessageContentAsync(history, settings, cancellationToken: cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return Fallback(fallback, notes, UnusableRule, $"The model did not answer{again} ({ModelFailure.Describe(ex)}).");
            }

            LastUsage = Plus(LastUsage, UsageOf(answer));
            if (DraftProposal.Parse(answer.Content, out var problem) is not { } proposal)
            {
                return Fallback(fallback, notes, UnusableRule, $"The model's reply{again} could not be used ({problem}).");
            }

            if (DraftProposal.KindOf(proposal.Kind) is not { } kind || !allowed.Contains(kind))
            {
                return Fallback(fallback, notes, RejectedRule,
                    $"The model wrote a '{Short(proposal.Kind ?? "")}' message{again}; the decision {decision.Disposition}/{decision.Type} allows {string.Join(" or ", allowed)}.");
            }

            var check = DraftChecker.Check(proposal.Subject!, proposal.Body!, facts, shown, TemplateDrafter.DecisionText(decision));
            if (check.Passed)
            {
                notes.Add((DraftedRule, $"The model's {kind} draft passed the grounding and leak checks{(attempt == 1 ? "" : " on its second attempt")}" +
                    $" ({check.ClaimsChecked} sentences with specific claims). It is written in {NameOf(language)} ('{language}'), the ticket's language."));
                var citations = shown.Select(e => e.Id).Where(id => proposal.Body!.Contains($"[{id}]", StringComparison.Ordinal)).ToList();
                var note = proposal.InternalNote is { Length: > 0 } said ? $"The model's note: {said}" : "The model gave no note.";
                return new Draft(kind, proposal.Subject!, proposal.Body!, citations, note + Section(notes), check, language, "model");
            }

            if (attempt == 2)
            {
                return Fallback(fallback, notes, RejectedRule, $"The model's second draft failed the checks too: {Failures(check)}.");
            }

            notes.Add((RegeneratedRule, $"The model's first draft failed the checks ({Failures(check)}); it was asked once to redraft with the failures named."));

            // The model sees its own draft and what failed, both masked like everything else it is shown.
            history.AddAssistantMessage(Scrub(answer.Content!, facts, out _));
            history.AddUserMessage(Scrub(FailureMessage(check), facts, out _));
        }
    }

    /// <summary>
    /// The drafting notes of a draft as trace steps, for the case trace beside the decision's: a model draft
    /// used is an Ok step, a redraft, a withheld item or a rejected draft is Refused, an unusable reply Failed.
    /// A draft this drafter never touched has none.
    /// </summary>
    public static IEnumerable<TraceStep> TraceSteps(Draft draft, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var heading = draft.InternalNote.LastIndexOf("\n" + NotesHeading + "\n", StringComparison.Ordinal);
        if (heading < 0)
        {
            yield break;
        }

        foreach (var line in draft.InternalNote[(heading + NotesHeading.Length + 2)..].Split('\n'))
        {
            if (NoteLine().Match(line) is not { Success: true } m || !Rules.Contains(m.Groups["rule"].Value))
            {
                continue;
            }

            var rule = m.Groups["rule"].Value;
            var outcome = rule switch { DraftedRule => TraceOutcome.Ok, UnusableRule => TraceOutcome.Failed, _ => TraceOutcome.Refused };
            yield return new TraceStep("", TraceStepKind.Note, "drafting:" + rule, at, 0, outcome, m.Groups["text"].Value);
        }
    }

    /// <summary>The kinds of message the decision allows: the built-in drafter's kind and the ones that say the same thing differently.</summary>
    public static IReadOnlyList<MessageKind> AllowedKinds(Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        IReadOnlyList<MessageKind> kinds = TemplateDrafter.KindOf(decision) switch
        {
            // A case that needs the customer's answer gets questions; one escalated at once gets the escalation notice.
            MessageKind.RequestForInformation => [MessageKind.RequestForInformation],
            MessageKind.EscalationNotice when decision.Escalation is { Immediate: true } => [MessageKind.EscalationNotice],
            MessageKind.EscalationNotice => [MessageKind.EscalationNotice, MessageKind.ProgressUpdate, MessageKind.Workaround],
            MessageKind.IncidentUpdate => [MessageKind.IncidentUpdate, MessageKind.ProgressUpdate, MessageKind.Workaround],
            MessageKind.Resolution => [MessageKind.Resolution, MessageKind.Workaround],
            var kind => [kind],
        };
        return decision.Escalation is not null && !kinds.Contains(MessageKind.EscalationNotice) && kinds[0] != MessageKind.RequestForInformation
            ? [.. kinds, MessageKind.EscalationNotice]
            : kinds;
    }

    /// <summary>
    /// What the model is told: the evidence (ids and findings), the facts a reply needs and the decision;
    /// never the raw ticket. Each text passes the leak check first; what would leak is removed or withheld.
    /// </summary>
    private static string Briefing(
        CaseFacts facts, InvestigationResult investigation, Decision decision, string language, IReadOnlyList<MessageKind> allowed,
        List<(string Rule, string Text)> notes, out List<Evidence> shown)
    {
        shown = [];
        foreach (var e in investigation.Evidence.Take(MaxEvidence))
        {
            var leaks = DraftChecker.Leaks(e.Finding, facts).Select(i => i.Problem).Distinct().ToList();
            if (leaks.Count == 0)
            {
                shown.Add(e);
                continue;
            }

            notes.Add((WithheldRule, $"{e.Id} was not shown to the model: its finding would leak {string.Join(", ", leaks)}."));
        }

        if (investigation.Evidence.Count > MaxEvidence)
        {
            notes.Add((WithheldRule, $"{investigation.Evidence.Count - MaxEvidence} evidence items beyond the first {MaxEvidence} were not shown to the model."));
        }

        var brief = new
        {
            facts = new
            {
                problem = Shown(facts.ProblemStatement.Value, "the problem statement", facts, notes),
                category = facts.Category.Value.ToString(),
                product = facts.Product is { } product ? Shown(product.Value, "the product", facts, notes) : null,
                requesterFirstName = FirstName(facts),
                language,
                missing = facts.Missing.Select(m => new { field = m.Field, question = Shown(m.Question, "a missing field's question", facts, notes) }),
            },
            decision = new
            {
                disposition = decision.Disposition.ToString(),
                type = decision.Type.ToString(),
                priority = decision.Priority.ToString(),
                nextUpdateDue = When.Format(decision.Sla.NextUpdateDue ?? decision.Sla.ResolutionDue),
                escalated = decision.Escalation is not null,
                questionsToAsk = decision.QuestionsToAsk.Select(q => Shown($"{q.Question} {q.Why}", "a question to ask", facts, notes)),
                allowedKinds = allowed.Select(k => JsonNamingPolicy.CamelCase.ConvertName(k.ToString())),
            },
            evidence = shown.Select(e => new { id = e.Id, finding = e.Finding }),
        };

        var message = $"""
            Write the subject and the body in {NameOf(language)} (language code "{language}"), the language of the customer's ticket. Write the internal note in English.

            {JsonSerializer.Serialize(brief, ContractJson.Indented)}
            """;

        // The last guard: whatever the fields above missed (a combination, an escape) is masked before it travels.
        var guarded = Scrub(message, facts, out var missed);
        if (missed.Count > 0)
        {
            notes.Add((WithheldRule, $"Removed from the briefing before it was shown to the model: {string.Join(", ", missed)}."));
        }

        return guarded;
    }

    /// <summary>A text as the model may see it; what was removed is noted by kind, never by value.</summary>
    private static string Shown(string text, string what, CaseFacts facts, List<(string Rule, string Text)> notes)
    {
        var shown = Scrub(text, facts, out var problems);
        if (problems.Count > 0)
        {
            notes.Add((WithheldRule, $"Removed from {what} before it was shown to the model: {string.Join(", ", problems)}."));
        }

        return shown;
    }

    /// <summary>
    /// <paramref name="text"/> without what <see cref="DraftChecker.Leaks"/> finds: keys, internal hosts and
    /// IP addresses masked as the redactor masks them, other accounts' ids and other people's addresses removed,
    /// lines with stack frames or log lines dropped; if anything still leaks, the whole text is withheld.
    /// </summary>
    private static string Scrub(string text, CaseFacts facts, out List<string> problems)
    {
        problems = DraftChecker.Leaks(text, facts).Select(i => i.Problem).Distinct().ToList();
        if (problems.Count == 0)
        {
            return text;
        }

        var result = Redactor.Redact(text, keepEmails: true);
        foreach (var issue in DraftChecker.Leaks(result, facts).Where(i => AccountOrEmail().IsMatch(i.Sentence)).ToList())
        {
            result = result.Replace(issue.Sentence, Removed, StringComparison.OrdinalIgnoreCase);
        }

        if (DraftChecker.Leaks(result, facts).Any())
        {
            result = string.Join('\n', result.Split('\n').Select(line => DraftChecker.Leaks(line, facts).Any() ? Removed : line));
        }

        return DraftChecker.Leaks(result, facts).Any() ? "[withheld: it would leak internal information]" : result;
    }

    /// <summary>The follow-up that asks for a redraft, naming each failure (the leaked value itself is masked afterwards).</summary>
    private static string FailureMessage(DraftCheck check)
    {
        var message = new StringBuilder("Your draft failed the checks that run on every reply, so it cannot be sent:\n");
        foreach (var issue in check.Issues)
        {
            message.Append(issue.Kind switch
            {
                DraftIssueKind.UnsupportedClaim => $"- Unsupported claim in \"{issue.Sentence}\": {issue.Problem}.\n",
                DraftIssueKind.InvalidCitation => $"- Invalid citation in \"{issue.Sentence}\": {issue.Problem}.\n",
                _ => $"- Leak: the reply contains {issue.Problem}.\n",
            });
        }

        message.Append("Write the whole JSON object again. Remove every figure, code, time and identifier the evidence you were given does not state, ")
            .Append("cite only the evidence ids listed, and write nothing internal.");
        return message.ToString();
    }

    private static string Failures(DraftCheck check) =>
        Short(string.Join("; ", check.Issues.Select(i => $"{i.Kind}: {i.Problem}").Distinct()));

    private Draft Fallback(Draft builtInDraft, List<(string Rule, string Text)> notes, string rule, string reason)
    {
        _logger.LogWarning("Model draft not used ({Rule}: {Reason}); built-in draft used", rule, reason);
        notes.Add((rule, reason + " The built-in draft is used."));
        return builtInDraft with { InternalNote = builtInDraft.InternalNote + Section(notes) };
    }

    private static string Section(List<(string Rule, string Text)> notes) =>
        $"\n\n{NotesHeading}\n" + string.Join("\n", notes.Select(n => $"- {n.Rule}: {n.Text.ReplaceLineEndings(" ")}"));

    /// <summary>The ticket's language as a plain ISO 639 code; anything else is English.</summary>
    private static string LanguageOf(CaseFacts facts)
    {
        var code = facts.Language.Value.Trim().ToLowerInvariant();
        return code.Length is 2 or 3 && code.All(char.IsAsciiLetterLower) ? code : "en";
    }

    private static string NameOf(string language) => LanguageNames.TryGetValue(language, out var name) ? name : language;

    /// <summary>The requester's first name as a greeting can use it, or "there" (as the built-in drafter greets).</summary>
    private static string FirstName(CaseFacts facts)
    {
        var name = facts.RequesterName?.Value;
        var first = string.IsNullOrWhiteSpace(name) ? "" : name.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return first.Length > 1 && first.All(c => char.IsLetter(c) || c is '-' or '\'') ? first : "there";
    }

    private static string Short(string text) => text.Length <= 300 ? text : text[..297] + "...";

    private static ModelUsage Plus(ModelUsage? total, ModelUsage call) =>
        total is null ? call : new ModelUsage(total.RoundTrips + call.RoundTrips, total.InputTokens + call.InputTokens, total.OutputTokens + call.OutputTokens);

    private static ModelUsage UsageOf(ChatMessageContent answer) =>
        answer.Metadata?.TryGetValue("Usage", out var usage) == true && usage is OpenAI.Chat.ChatTokenUsage tokens
            ? new ModelUsage(1, tokens.InputTokenCount, tokens.OutputTokenCount)
            : new ModelUsage(1, 0, 0);

    [GeneratedRegex(@"^(?:acc_\d{4,8}|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})$", RegexOptions.IgnoreCase)]
    private static partial Regex AccountOrEmail();

    [GeneratedRegex(@"^- (?<rule>model-[a-z]+): (?<text>.*)$")]
    private static partial Regex NoteLine();
}
