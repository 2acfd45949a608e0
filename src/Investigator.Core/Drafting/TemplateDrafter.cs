using System.Text;
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
public sealed class TemplateDrafter(PlaybookCatalog playbooks, string signature = "The Support Team") : IReplyDrafter
{
    public Task<Draft> DraftAsync(CaseFacts facts, InvestigationResult investigation, Decision decision, CancellationToken cancellationToken)
    {
        var kind = KindOf(decision);
        var confirmed = investigation.Hypotheses.FirstOrDefault(h => h.Status == HypothesisStatus.Confirmed);
        var definition = confirmed is null ? null : playbooks.Playbooks.SelectMany(p => p.Hypotheses).FirstOrDefault(h => h.Key == confirmed.Key);
        var supporting = investigation.Evidence.Where(e => e.Stance == EvidenceStance.Supports && e.HypothesisId == confirmed?.Id).ToList();
        var knowledge = investigation.Evidence.FirstOrDefault(e => e.Signals.Contains("kb.match"));

        var body = new StringBuilder();
        body.Append("Hi ").Append(FirstName(facts)).Append(",\n\n");
        body.Append(Opening(kind, facts)).Append("\n\n");
        // The customer's own words, unless quoting them would repeat something that must not travel.
        if (kind is MessageKind.Acknowledgement or MessageKind.RequestForInformation && facts.ActualOutcome is { } said
            && !DraftChecker.Leaks(said.Value, facts).Any())
        {
            body.Append("You wrote: \"").Append(Quote(said.Value)).Append("\"\n\n");
        }

        if (kind == MessageKind.RequestForInformation)
        {
            AppendQuestions(body, facts, decision);
        }
        else
        {
            body.Append("What we found\n");
            foreach (var e in supporting.Take(4))
            {
                body.Append("- ").Append(e.Finding).Append(" [").Append(e.Id).Append("]\n");
            }

            if (definition is not null)
            {
                body.Append('\n').Append(definition.Cause);
                if (supporting.Count > 0)
                {
                    body.Append(' ').Append(string.Join("", supporting.Take(4).Select(e => $"[{e.Id}]")));
                }

                body.Append('\n');
            }

            if (definition is not null && definition.Steps.Count > 0)
            {
                body.Append(kind is MessageKind.IncidentUpdate or MessageKind.EscalationNotice ? "\nWhat happens now\n" : "\nWhat to do\n");
                for (var i = 0; i < definition.Steps.Count; i++)
                {
                    body.Append(i + 1).Append(". ").Append(definition.Steps[i]).Append('\n');
                }
            }

            if (knowledge is not null)
            {
                body.Append("\nMore detail: ").Append(knowledge.Finding).Append(" [").Append(knowledge.Id).Append("]\n");

                // A how-to is answered with the article's own words, quoted and cited.
                if (decision.Type == CaseType.Question && knowledge.Excerpt is { Length: > 0 } excerpt)
                {
                    body.Append("From the article: \"").Append(excerpt).Append("\" [").Append(knowledge.Id).Append("]\n");
                }
            }

            if (definition?.Expect is { } expect)
            {
                body.Append("\nWhat you should see\n").Append(expect).Append('\n');
            }
        }

        body.Append("\nWhat is still uncertain\n").Append(Uncertain(kind, investigation)).Append('\n');
        body.Append("\nNext update\n").Append(NextUpdate(kind, decision)).Append('\n');
        body.Append("\nBest regards,\n").Append(signature);

        var subject = SubjectOf(kind, facts);
        var text = body.ToString();
        var check = DraftChecker.Check(subject, text, facts, investigation.Evidence, DecisionText(decision));
        var citations = investigation.Evidence.Select(e => e.Id).Where(id => text.Contains($"[{id}]", StringComparison.Ordinal)).ToList();
        return Task.FromResult(new Draft(kind, subject, text, citations, InternalNote(facts, investigation, decision, kind), check, "en", "builtin"));
    }

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
        MessageKind.EscalationNotice => "Thank you for the detailed report. We have confirmed the problem on our side and escalated it to our engineering team.",
        MessageKind.Acknowledgement => "Thank you for the suggestion; requests like this help us decide what to build next.",
        _ => "Thank you for contacting us. We looked into this and found the cause.",
    };

    private static void AppendQuestions(StringBuilder body, CaseFacts facts, Decision decision)
    {
        var questions = decision.QuestionsToAsk.Count > 0 ? decision.QuestionsToAsk : facts.Missing;
        if (questions.Count == 0)
        {
            body.Append("Could you describe what you were trying to do, what you expected, and what happened instead?\n");
            return;
        }

        body.Append("Could you tell us:\n");
        for (var i = 0; i < Math.Min(4, questions.Count); i++)
        {
            body.Append(i + 1).Append(". ").Append(questions[i].Question).Append(' ').Append(questions[i].Why).Append('\n');
        }
    }

    private static string Uncertain(MessageKind kind, InvestigationResult investigation)
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
            MessageKind.EscalationNotice => "We do not yet know when the fix will be ready; engineering will confirm the cause and the timeline.",
            MessageKind.Acknowledgement => "We cannot promise whether or when this will be built.",
            _ => "Nothing else we checked points to a problem on our side. If the steps above do not solve it, please reply and we will look again.",
        };
    }

    private static string NextUpdate(MessageKind kind, Decision decision) => kind switch
    {
        MessageKind.Resolution or MessageKind.Acknowledgement => "You do not need to do anything else; reply to this message if you need more help.",
        MessageKind.RequestForInformation => "We will continue as soon as we hear from you.",
        _ => $"We will update you by {When.Format(decision.Sla.NextUpdateDue ?? decision.Sla.ResolutionDue)}, or sooner if anything changes.",
    };

    private static string SubjectOf(MessageKind kind, CaseFacts facts)
    {
        var about = facts.Product?.Value ?? "your request";
        return kind switch
        {
            MessageKind.RequestForInformation => $"We need a few details to look into {about}",
            MessageKind.IncidentUpdate => $"Incident update: {about}",
            MessageKind.EscalationNotice => $"Escalated: {about}",
            MessageKind.Acknowledgement => "Thank you for your suggestion",
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

    private static string InternalNote(CaseFacts facts, InvestigationResult investigation, Decision decision, MessageKind kind)
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

        note.Append($"\nDraft kind: {kind}. Written by the built-in engine.");
        return note.ToString();
    }
}
