using System.Text;
using System.Text.RegularExpressions;
using Investigator.Core.Decisioning;
using Investigator.Core.Intake;
using Investigator.Core.Investigation;
using Investigator.Core.Investigation.Tools;

namespace Investigator.Core.Drafting;

/// <summary>
/// The built-in drafter. It writes the reply a careful engineer would from the confirmed hypothesis
/// (its plain-language cause, steps and expected result) and the evidence statements, citing each
/// ([E2]); it says what is uncertain and when the next update comes; then the checks run on it.
/// </summary>
public sealed partial class TemplateDrafter(PlaybookCatalog playbooks, string signature = "The Support Team") : IReplyDrafter
{
    /// <summary>Evidence about the customer's own account and our platform, which a reply may state directly.</summary>
    private static readonly string[] OwnSources = ["incidents", "account", "logs", "deploys"];

    /// <summary>Identifiers from the ticket worth confirming back in an escalation: what the team will trace.</summary>
    private static readonly IdentifierKind[] TraceableKinds =
    [
        IdentifierKind.ApiKeyPrefix, IdentifierKind.RequestId, IdentifierKind.TraceId, IdentifierKind.ExportJobId, IdentifierKind.RunId,
        IdentifierKind.WorkflowId, IdentifierKind.InvoiceId, IdentifierKind.IpAddress,
    ];

    public Task<Draft> DraftAsync(CaseFacts facts, InvestigationResult investigation, Decision decision, CancellationToken cancellationToken)
    {
        var kind = KindOf(decision);
        var confirmed = investigation.Hypotheses.FirstOrDefault(h => h.Status == HypothesisStatus.Confirmed);
        var definition = confirmed is null ? null : playbooks.Playbooks.SelectMany(p => p.Hypotheses).FirstOrDefault(h => h.Key == confirmed.Key);
        var supporting = investigation.Evidence.Where(e => e.Stance == EvidenceStance.Supports && e.HypothesisId == confirmed?.Id).ToList();
        var knowledge = investigation.Evidence.FirstOrDefault(e => e.Signals.Contains("kb.match"));
        // A how-to question is answered with the article's own words; a question about the customer's own data
        // (two invoices this month) and everything else with what we found in their account.
        var answersQuestion = kind == MessageKind.Resolution && decision.Type == CaseType.Question && knowledge is not null
                              && supporting.All(e => e.Signals.Contains("kb.match"));
        var notes = new List<string>();

        var body = new StringBuilder();
        body.Append("Hi ").Append(FirstName(facts)).Append(",\n\n");
        body.Append(answersQuestion ? $"Thank you for your question. {knowledge!.Finding} [{knowledge.Id}]" : Opening(kind, facts)).Append("\n\n");

        if (kind == MessageKind.RequestForInformation)
        {
            AppendRequestForInformation(body, facts, investigation, decision, notes);
        }
        else if (answersQuestion)
        {
            AppendAnswer(body, facts, definition, knowledge!, investigation.Evidence, notes);
        }
        else
        {
            AppendCustomerWords(body, kind, decision, facts, investigation, confirmed, notes);
            AppendFindings(body, kind, decision, facts, investigation.Evidence, definition, supporting, knowledge);
        }

        body.Append("\nWhat is still uncertain\n").Append(Uncertain(kind, facts, investigation, answersQuestion)).Append('\n');
        body.Append("\nNext update\n").Append(NextUpdate(kind, decision)).Append('\n');
        body.Append("\nBest regards,\n").Append(signature);

        var subject = SubjectOf(kind, facts, answersQuestion);
        var text = body.ToString();
        var check = DraftChecker.Check(subject, text, facts, investigation.Evidence, DecisionText(decision));
        var citations = investigation.Evidence.Select(e => e.Id).Where(id => text.Contains($"[{id}]", StringComparison.Ordinal)).ToList();
        return Task.FromResult(new Draft(kind, subject, text, citations, InternalNote(facts, investigation, decision, kind, notes), check, "en", "builtin"));
    }

    /// <summary>
    /// Asks for what is missing: what to send and where to find it (the decision's questions, then one
    /// concrete example to trace), after saying what we already checked. A ticket about another account
    /// gets who can act for that account instead, and nothing about it.
    /// </summary>
    private static void AppendRequestForInformation(StringBuilder body, CaseFacts facts, InvestigationResult investigation, Decision decision, List<string> notes)
    {
        var otherAccount = facts.UntrustedAccountClaims.Count > 0;
        if (otherAccount)
        {
            body.Append("Requests about another account, such as its data, its users or access to it, have to come from that account's owner or one of its admins, ")
                .Append("writing from an address that belongs to that account, so that we can verify them. If you need access, please ask them to invite you.\n\n");
        }
        else if (facts.ActualOutcome is { } said && CustomerWords.Quotable(said.Value, facts, minWords: 3))
        {
            body.Append("You wrote: \"").Append(Quote(said.Value)).Append("\"\n\n");
        }

        if (facts.Account is not null && !otherAccount && CheckedSoFar(investigation) is { Count: > 0 } checkedSoFar)
        {
            body.Append("What we checked so far\n");
            foreach (var e in checkedSoFar)
            {
                body.Append("- ").Append(e.Finding).Append(" [").Append(e.Id).Append("]\n");
            }

            body.Append('\n');
        }

        var questions = (decision.QuestionsToAsk.Count > 0 ? decision.QuestionsToAsk : facts.Missing).Take(4).ToList();
        if (!otherAccount && ExampleRequest.For(facts, questions) is { } example)
        {
            questions.Add(example);
            notes.Add($"Also asked for one example to trace ({example.Field}).");
        }

        if (questions.Count == 0)
        {
            body.Append(otherAccount
                ? "If you also need help with your own account, please tell us what you tried, what you expected and what happened instead.\n"
                : "Could you describe what you were trying to do, what you expected, and what happened instead?\n");
            return;
        }

        body.Append(otherAccount ? "If you also need help with your own account, could you tell us:\n" : "Could you tell us:\n");
        for (var i = 0; i < questions.Count; i++)
        {
            body.Append(i + 1).Append(". ").Append(questions[i].Question).Append(' ').Append(questions[i].Why).Append('\n');
        }
    }

    /// <summary>
    /// What the checks so far showed about the customer's own account: what points somewhere and what was
    /// ruled out. A "no errors" line is left out when another search did find error codes, so the list
    /// never contradicts itself.
    /// </summary>
    private static List<Evidence> CheckedSoFar(InvestigationResult investigation)
    {
        var errorCodes = investigation.Evidence.Any(e => e.Signals.Any(s => s.StartsWith("logs.error_code", StringComparison.Ordinal)));
        return investigation.Evidence
            .Where(e => e.Source is "incidents" or "account" or "logs")
            .Where(e => e.Stance != EvidenceStance.Neutral || e.Signals.Any(s => s.StartsWith("logs.error_code", StringComparison.Ordinal)))
            .Where(e => !(errorCodes && e.Signals.Contains("logs.no_errors")))
            .DistinctBy(e => e.Finding)
            .OrderBy(e => e.Stance == EvidenceStance.Supports ? 0 : 1)
            .Take(4)
            .ToList();
    }

    /// <summary>
    /// Answers a how-to question from the help center: the article, its relevant passage as readable
    /// lines, each cited, and the account's own plan or region when the passage depends on them.
    /// </summary>
    private static void AppendAnswer(StringBuilder body, CaseFacts facts, PlaybookHypothesis? definition, Evidence knowledge, IReadOnlyList<Evidence> evidence, List<string> notes)
    {
        var passages = ArticleQuote.Passages(knowledge.Excerpt);
        var lines = passages.SelectMany(p => p.Lines).ToList();
        if (passages.Count > 0)
        {
            body.Append("What the article says\n");
            AppendPassages(body, passages, knowledge.Id);
        }

        // What the customer named is looked up, and its state answers the part the article cannot: "your key
        // expires on 20 November".
        var named = evidence.Where(e => e.Signals.Any(s => NamedThingSignals.Contains(s))).DistinctBy(e => e.Finding).ToList();
        if (named.Count > 0)
        {
            body.Append("\nWhat we checked on your account\n");
            foreach (var item in named)
            {
                body.Append(item.Finding).Append(" [").Append(item.Id).Append("]\n");
            }
        }

        if (AccountContext(facts, string.Join(' ', lines)) is { } context)
        {
            body.Append('\n').Append(context).Append('\n');
            notes.Add($"Stated from the account record (no evidence item): {context}");
        }

        AppendSteps(body, MessageKind.Resolution, decision: null, definition, facts.Product?.Value);
        if (definition?.Expect is { } expect)
        {
            body.Append("\nWhat you should see\n").Append(expect).Append('\n');
        }
    }

    /// <summary>An article's passages as cited lines; several questions, several sections: each under its heading, in the order asked.</summary>
    private static void AppendPassages(StringBuilder body, IReadOnlyList<ArticleQuote.Passage> passages, string citation)
    {
        foreach (var passage in passages)
        {
            if (passage.Heading is { } heading)
            {
                body.Append(passage == passages[0] ? "" : "\n").Append(heading.TrimEnd(':')).Append(" [").Append(citation).Append("]\n");
            }

            foreach (var line in passage.Lines)
            {
                body.Append(line).Append(" [").Append(citation).Append("]\n");
            }
        }
    }

    /// <summary>Findings about something the customer named in the ticket (an API key by its prefix).</summary>
    private static readonly HashSet<string> NamedThingSignals = new(StringComparer.Ordinal) { "api_key.named", "api_key.named_unknown" };

    /// <summary>The account's plan and region, when the quoted passage depends on them ("Require SSO (Enterprise)", "your account's region").</summary>
    private static string? AccountContext(CaseFacts facts, string quoted)
    {
        if (facts.Account is not { } account || quoted.Length == 0)
        {
            return null;
        }

        var plan = PlanWords().IsMatch(quoted);
        var region = RegionWord().IsMatch(quoted);
        return (plan, region) switch
        {
            (true, true) => $"Your account is on the {account.Plan.Value} plan, in the {account.Region.Value} region.",
            (true, false) => $"Your account is on the {account.Plan.Value} plan.",
            (false, true) => $"Your account is in the {account.Region.Value} region.",
            _ => null,
        };
    }

    /// <summary>
    /// The customer's own words, repeated so they see we understood them: for a feature request, what
    /// they asked for; for an escalation, the sentence of theirs that our evidence is about (the scope the
    /// team will work on); for an acknowledgement, what they said goes wrong.
    /// </summary>
    private static void AppendCustomerWords(StringBuilder body, MessageKind kind, Decision decision, CaseFacts facts, InvestigationResult investigation, Hypothesis? confirmed, List<string> notes)
    {
        if (kind == MessageKind.Acknowledgement && decision.Type == CaseType.FeatureRequest && CustomerWords.Request(facts) is { } request)
        {
            body.Append(request.IsHeadline ? "You asked for: \"" : "You wrote: \"").Append(request.Text).Append("\"\n\n");
            return;
        }

        if (kind == MessageKind.EscalationNotice && confirmed is not null)
        {
            var about = investigation.Evidence.Where(e => e.HypothesisId == confirmed.Id && OwnSources.Contains(e.Source));
            // The sentence our evidence is about; else what they said goes wrong.
            if ((CustomerWords.MostRelevant(facts, about)
                 ?? (facts.ActualOutcome?.Value is { } outcome && CustomerWords.Quotable(outcome, facts, minWords: 3) ? outcome : null)) is { } sentence)
            {
                body.Append("You told us: \"").Append(sentence).Append("\"\n\n");
                notes.Add($"Quoted the customer: \"{sentence}\" (the ticket sentence closest to the confirmed hypothesis's evidence, else the reported outcome).");
            }

            return;
        }

        if (kind == MessageKind.Acknowledgement && facts.ActualOutcome is { } said && CustomerWords.Quotable(said.Value, facts, minWords: 3))
        {
            body.Append("You wrote: \"").Append(Quote(said.Value)).Append("\"\n\n");
        }
    }

    /// <summary>What we found (the evidence and the plain-language cause), the steps, and what the customer should see.</summary>
    private static void AppendFindings(StringBuilder body, MessageKind kind, Decision decision, CaseFacts facts, IReadOnlyList<Evidence> evidence, PlaybookHypothesis? definition, List<Evidence> supporting, Evidence? knowledge)
    {
        // A feature request is not "covered" by the article that matched its topic; only the cause cites it.
        var featureRequest = kind == MessageKind.Acknowledgement && decision.Type == CaseType.FeatureRequest;
        var listed = supporting.Where(e => !featureRequest || !e.Signals.Contains("kb.match")).Take(4).ToList();
        body.Append("What we found\n");
        foreach (var e in listed)
        {
            body.Append("- ").Append(e.Finding).Append(" [").Append(e.Id).Append("]\n");
        }

        if (definition is not null)
        {
            body.Append(listed.Count > 0 ? "\n" : "").Append(definition.Cause);
            if (supporting.Count > 0)
            {
                body.Append(' ').Append(string.Join("", supporting.Take(4).Select(e => $"[{e.Id}]")));
            }

            body.Append('\n');
        }

        AppendSteps(body, kind, decision, definition, facts.Product?.Value);
        if (kind == MessageKind.EscalationNotice && TraceableIdentifiers(facts, evidence) is { Ids.Count: > 0 } traced)
        {
            body.Append("\nOur team has the details from your message (").Append(string.Join(", ", traced.Ids))
                .Append("), so you do not need to send them again.").Append(string.Concat(traced.Citations.Select(id => $" [{id}]"))).Append('\n');
        }

        if (knowledge is not null && !featureRequest)
        {
            body.Append("\nMore detail: ").Append(knowledge.Finding).Append(" [").Append(knowledge.Id).Append("]\n");

            // Sections picked for the customer's own questions ("will the missing events be delivered?") are
            // quoted, from this article or from the one the questions found on their own.
            foreach (var answering in evidence.Where(e => e.Signals.Contains("kb.match")).Take(2))
            {
                if (ArticleQuote.Passages(answering.Excerpt) is { Count: > 1 } passages)
                {
                    body.Append(answering == knowledge ? "" : $"\nYou asked about more than this. {answering.Finding} [{answering.Id}]\n");
                    AppendPassages(body, passages, answering.Id);
                }
            }

            // A limit is easier to act on next to the other plans' limits: the article's table, when it lists the customer's plan.
            var table = ArticleQuote.Table(knowledge.Excerpt);
            if (facts.Account is { } account && table.Any(row => row.StartsWith($"- {account.Plan.Value}:", StringComparison.OrdinalIgnoreCase)))
            {
                foreach (var row in table)
                {
                    body.Append(row).Append(" [").Append(knowledge.Id).Append("]\n");
                }
            }
        }

        if (definition?.Expect is { } expect)
        {
            body.Append("\nWhat you should see\n").Append(expect).Append('\n');
        }
    }

    private static void AppendSteps(StringBuilder body, MessageKind kind, Decision? decision, PlaybookHypothesis? definition, string? product)
    {
        var steps = definition?.StepsFor(product) ?? [];
        if (steps.Count == 0)
        {
            return;
        }

        body.Append(kind switch
        {
            MessageKind.IncidentUpdate or MessageKind.EscalationNotice => "\nWhat happens now\n",
            MessageKind.Acknowledgement when decision?.Type == CaseType.FeatureRequest => "\nWhat happens next\n",
            _ => "\nWhat to do\n",
        });
        for (var i = 0; i < steps.Count; i++)
        {
            body.Append(i + 1).Append(". ").Append(steps[i]).Append('\n');
        }
    }

    /// <summary>
    /// The identifiers the customer gave that the team will trace (never a whole key, another account, or a
    /// private address). One the ticket holds only inside a longer string (a key prefix read from a pasted
    /// key) is kept when evidence names it, and that evidence is cited.
    /// </summary>
    private static (List<string> Ids, List<string> Citations) TraceableIdentifiers(CaseFacts facts, IReadOnlyList<Evidence> evidence)
    {
        var ids = new List<string>();
        var citations = new List<string>();
        foreach (var id in facts.Identifiers.Select(i => i.Value).Where(i => TraceableKinds.Contains(i.Kind)).Select(i => i.Value).Distinct(StringComparer.Ordinal))
        {
            if (ids.Count == 8 || DraftChecker.Leaks(id, facts).Any())
            {
                continue;
            }

            if (WholeToken(facts.CleanText, id))
            {
                ids.Add(id);
            }
            else if (evidence.FirstOrDefault(e => WholeToken($"{e.Finding} {e.Excerpt}", id)) is { } naming)
            {
                ids.Add(id);
                if (!citations.Contains(naming.Id))
                {
                    citations.Add(naming.Id);
                }
            }
        }

        return (ids, citations);
    }

    private static bool WholeToken(string text, string token) =>
        Regex.IsMatch(text, $@"(?<!\w){Regex.Escape(token)}(?!\w)", RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));

    private static string Quote(string text) => text.Length <= 200 ? text : text[..197] + "...";

    /// <summary>The message kind the decision calls for.</summary>
    public static MessageKind KindOf(Decision decision) => decision switch
    {
        { Disposition: Disposition.NeedsInformation } => MessageKind.RequestForInformation,
        { Escalation.Immediate: true } => MessageKind.EscalationNotice,
        { Disposition: Disposition.Incident } => MessageKind.IncidentUpdate,
        { Disposition: Disposition.ProductDefect } => MessageKind.EscalationNotice,
        { Type: CaseType.FeatureRequest } => MessageKind.Acknowledgement,
        _ => MessageKind.Resolution,
    };

    private static string Opening(MessageKind kind, CaseFacts facts) => kind switch
    {
        MessageKind.RequestForInformation when facts.Account is null =>
            "Thank you for contacting us. We could not match your e-mail address to a Flowpoint account, so we cannot look at any account data yet.",
        MessageKind.RequestForInformation when facts.UntrustedAccountClaims.Count > 0 =>
            "Thank you for your message. For privacy reasons we can only share information about the account your address belongs to; we cannot look into or share data of any other account.",
        MessageKind.RequestForInformation => "Thank you for contacting us. We have started looking into this, and a few details from you will let us find the cause quickly.",
        MessageKind.IncidentUpdate => "Thank you for reporting this, and sorry for the disruption. What you are seeing is caused by an incident on our side, not by anything in your account.",
        MessageKind.EscalationNotice when facts.Has(ImmediateRisk.SecurityBreach) => "Thank you for telling us straight away. We are treating this as a security matter with the highest priority and have escalated it to our security team.",
        MessageKind.EscalationNotice when facts.Has(ImmediateRisk.DataLoss) => "We understand how serious missing data is, and we have escalated this to our engineering team with the highest priority.",
        MessageKind.EscalationNotice when facts.Has(ImmediateRisk.Compliance) => "Thank you for your request. Requests about personal data have a legal deadline, so we have escalated it to our privacy team with the highest priority.",
        MessageKind.EscalationNotice => "Thank you for the detailed report. We have confirmed the problem on our side and escalated it to our engineering team.",
        MessageKind.Acknowledgement => "Thank you for the suggestion; requests like this help us decide what to build next.",
        _ => "Thank you for contacting us. We looked into this and found the cause.",
    };

    private static string Uncertain(MessageKind kind, CaseFacts facts, InvestigationResult investigation, bool answersQuestion)
    {
        var failed = investigation.Trace.Where(t => t.Outcome == TraceOutcome.Failed).Select(t => t.Name).Distinct().ToList();
        if (failed.Count > 0)
        {
            return "Some of our systems did not answer while we checked, so part of the picture is still missing; we will complete the check and follow up.";
        }

        return kind switch
        {
            MessageKind.RequestForInformation => "We have not found the cause yet; the details above will let us check the right systems.",
            MessageKind.IncidentUpdate => "Our engineers are confirming that every affected request has recovered; if you still see failures, please reply with a recent request id.",
            MessageKind.EscalationNotice when facts.Has(ImmediateRisk.SecurityBreach) => "Our security team is still checking what was accessed and when; we will tell you what they find.",
            MessageKind.EscalationNotice when facts.Has(ImmediateRisk.DataLoss) => "We do not yet know what can be recovered; our engineers will confirm what is possible.",
            MessageKind.EscalationNotice when facts.Has(ImmediateRisk.Compliance) => "Support cannot confirm what has been done with personal data; only our privacy team can, and they will reply to you directly.",
            MessageKind.EscalationNotice => "We do not yet know when the fix will be ready; engineering will confirm the cause and the timeline.",
            MessageKind.Acknowledgement => "We cannot promise whether or when this will be built.",
            _ when answersQuestion => "If the article does not answer every question you asked, reply and tell us which one is still open, and we will answer it.",
            _ => "Nothing else we checked points to a problem on our side. If the steps above do not solve it, please reply and we will look again.",
        };
    }

    private static string NextUpdate(MessageKind kind, Decision decision) => kind switch
    {
        MessageKind.Resolution or MessageKind.Acknowledgement => "You do not need to do anything else; reply to this message if you need more help.",
        MessageKind.RequestForInformation => "We will continue as soon as we hear from you.",
        _ => $"We will update you by {When.Format(decision.Sla.NextUpdateDue ?? decision.Sla.ResolutionDue)}, or sooner if anything changes.",
    };

    private static string SubjectOf(MessageKind kind, CaseFacts facts, bool answersQuestion)
    {
        var about = facts.Product?.Value ?? "your request";
        return kind switch
        {
            MessageKind.RequestForInformation => $"We need a few details to look into {about}",
            MessageKind.IncidentUpdate => $"Incident update: {about}",
            MessageKind.EscalationNotice => $"Escalated: {about}",
            MessageKind.Acknowledgement => "Thank you for your suggestion",
            _ when answersQuestion => facts.Product is { } product ? $"Your question about {product.Value}" : "Your question",
            _ => $"What is happening with {about} and how to fix it",
        };
    }

    private static string FirstName(CaseFacts facts)
    {
        var name = facts.RequesterName?.Value;
        if (string.IsNullOrWhiteSpace(name))
        {
            return "there";
        }

        var first = name.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return first.Length > 1 && first.All(c => char.IsLetter(c) || c is '-' or '\'') ? first : "there";
    }

    /// <summary>The decision's own text (SLA times, priority, the questions it asks), which a draft may state without citing evidence.</summary>
    public static string DecisionText(Decision decision) =>
        $"{decision.Priority} {When.Format(decision.Sla.FirstResponseDue)} {When.Format(decision.Sla.ResolutionDue)} " +
        (decision.Sla.NextUpdateDue is { } n ? When.Format(n) : "") + " " +
        string.Join(" ", decision.QuestionsToAsk.Select(q => $"{q.Question} {q.Why}"));

    private static string InternalNote(CaseFacts facts, InvestigationResult investigation, Decision decision, MessageKind kind, List<string> notes)
    {
        var note = new StringBuilder();
        note.Append("Problem: ").Append(facts.ProblemStatement.Value).Append('\n');
        note.Append($"Decision: {decision.Disposition} / {decision.Type}, {decision.Priority}, {decision.Route.Tier}/{decision.Route.Queue}, confidence {decision.Confidence:0.00}");
        if (decision.Escalation is { } esc)
        {
            note.Append($"; escalated ({esc.Trigger}{(esc.Immediate ? ", immediate" : "")}) to {esc.Target}");
        }

        note.Append("\n\nHypotheses:\n");
        foreach (var h in investigation.Hypotheses)
        {
            note.Append($"- {h.Id} {h.Status}: {h.Statement}{(h.EvidenceIds.Count == 0 ? "" : $" ({string.Join(", ", h.EvidenceIds)})")}\n");
        }

        note.Append("\nChecked:\n");
        foreach (var step in investigation.Trace.Where(t => t.Kind == TraceStepKind.ToolCall))
        {
            note.Append($"- {step.Id} {step.Name} → {step.Outcome}: {step.Message}\n");
        }

        note.Append("\nEvidence:\n");
        foreach (var e in investigation.Evidence)
        {
            note.Append($"- [{e.Id}] {e.Stance} ({e.Source}, {e.Key}): {e.Finding}\n");
        }

        if (facts.UntrustedAccountClaims.Count > 0)
        {
            note.Append($"\nThe ticket names other accounts ({string.Join(", ", facts.UntrustedAccountClaims.Select(c => c.ClaimedAccountId))}); they were not examined and must not be discussed.\n");
        }

        if (facts.Language.Value != "en")
        {
            note.Append($"\nThe ticket appears to be in '{facts.Language.Value}'; the built-in engine replies in English.\n");
        }

        if (notes.Count > 0)
        {
            note.Append("\nHow the reply was written:\n");
            foreach (var line in notes)
            {
                note.Append("- ").Append(line).Append('\n');
            }
        }

        note.Append($"\nDraft kind: {kind}. Written by the built-in engine.");
        return note.ToString();
    }

    [GeneratedRegex(@"\b(?:Free|Professional|Enterprise)\b|\byour plan\b", RegexOptions.IgnoreCase)]
    private static partial Regex PlanWords();

    [GeneratedRegex(@"\byour (?:account['’]s )?region\b", RegexOptions.IgnoreCase)]
    private static partial Regex RegionWord();
}
