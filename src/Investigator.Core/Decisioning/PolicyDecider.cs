using Investigator.Core.Intake;
using Investigator.Core.Investigation;
using Investigator.Core.Investigation.Tools;
using Investigator.Core.Sources;

namespace Investigator.Core.Decisioning;

/// <summary>
/// The built-in decisioning: disposition and type from the confirmed hypothesis and its evidence,
/// priority from the policy's impact × urgency matrix and adjustments, the SLA clock, the route and
/// the escalation. Every part records the rule and the evidence behind it.
/// </summary>
public sealed class PolicyDecider(SupportPolicy policy, PlaybookCatalog playbooks) : ICaseDecider
{
    /// <summary>The rationale rule recorded when the memory vote moved the outcome to another confirmed hypothesis.</summary>
    public const string MemoryVoteChangedRule = "memory-vote-changed";

    public Task<Decision> DecideAsync(CaseFacts facts, InvestigationResult investigation, CancellationToken cancellationToken) =>
        Task.FromResult(Decide(facts, investigation, null));

    /// <summary>
    /// The policy's decision for a disposition and type chosen elsewhere (the model path): priority, SLA,
    /// route, escalation and questions follow from them exactly as from the built-in classification, and
    /// the immediate triggers still apply. <paramref name="reasons"/> replace the built-in disposition and
    /// type reasons. Whether the evidence supports the classification is the caller's check.
    /// </summary>
    public Decision DecideAs(CaseFacts facts, InvestigationResult investigation, Disposition disposition, CaseType type, double confidence, IReadOnlyList<DecisionReason> reasons) =>
        Decide(facts, investigation, (disposition, type, confidence, reasons));

    private Decision Decide(CaseFacts facts, InvestigationResult investigation, (Disposition Disposition, CaseType Type, double Confidence, IReadOnlyList<DecisionReason> Reasons)? given)
    {
        var reasons = new List<DecisionReason>();
        var (disposition, type, confidence, hypothesis) = Classify(facts, investigation, reasons);
        if (given is { } classified)
        {
            (disposition, type, confidence) = (classified.Disposition, classified.Type, classified.Confidence);
            reasons = [.. classified.Reasons];
        }

        var triggers = Triggers(facts, investigation, disposition, hypothesis, reasons);
        var priority = PriorityOf(facts, investigation, disposition, type, triggers, reasons);
        var sla = Clock(facts.ReportedAt.Value, priority, reasons);
        var route = RouteOf(facts, disposition, triggers, reasons);
        var escalation = EscalationOf(facts, investigation, disposition, triggers, route, sla, hypothesis, reasons);
        // Only a case that needs information asks; then what would help is asked too, after what is required.
        IReadOnlyList<MissingField> questions = disposition == Disposition.NeedsInformation
            ? [.. facts.Missing, .. MissingInformation.Helpful(facts.Category.Value, facts).Where(h => facts.Missing.All(m => m.Field != h.Field))]
            : [];
        return new Decision(disposition, confidence, type, priority, sla, route, escalation, reasons, questions);
    }

    /// <summary>A how-to question ("how do I replace the card?") is answered by the help center whatever identifiers it lacks.</summary>
    private static bool AsksHowTo(CaseFacts facts) =>
        facts.Intents.Any(i => i.Value == "question" && i.Source.Text is { } text && SymptomVocabulary.HowTo.Pattern.IsMatch(text));

    private static bool SaysNothing(CaseFacts facts) =>
        facts.Category.Value == ProblemCategory.Other
        && facts.ActualOutcome is null && facts.ActionAttempted is null
        && facts.ErrorCodes.Count == 0 && facts.ErrorMessages.Count == 0 && facts.Intents.Count == 0 && facts.Risks.Count == 0;

    private (Disposition, CaseType, double, PlaybookHypothesis?) Classify(CaseFacts facts, InvestigationResult investigation, List<DecisionReason> reasons)
    {
        // A ticket that states no problem at all (empty, or only a greeting) cannot confirm anything about the
        // account, however much the account's own logs and deploys say: evidence must be about what was reported.
        if (SaysNothing(facts))
        {
            reasons.Add(new DecisionReason("disposition", "no-problem-stated",
                "The ticket does not say what is wrong (no symptom, error or question), so nothing found in the account can be tied to it. Ask the customer first.", []));
            reasons.Add(new DecisionReason("type", "category-default", "Provisional type Question: nothing was reported yet.", []));
            return (Disposition.NeedsInformation, CaseType.Question, 0.5, null);
        }

        var candidates = new List<Candidate>();
        foreach (var found in investigation.Hypotheses.Where(h => h.Status == HypothesisStatus.Confirmed))
        {
            var definition = playbooks.Playbooks.SelectMany(p => p.Hypotheses).FirstOrDefault(h => h.Key == found.Key);
            if (definition is null)
            {
                continue;
            }

            var supporting = investigation.Evidence.Where(e => e.HypothesisId == found.Id && e.Stance == EvidenceStance.Supports).Select(e => e.Id).ToList();
            if (definition.Outcome.RequiresCompleteFacts && facts.Missing.Count > 0 && !AsksHowTo(facts))
            {
                reasons.Add(new DecisionReason("disposition", $"incomplete-facts:{definition.Key}",
                    $"{definition.Statement} Confirmed by {string.Join(", ", supporting)}, but the ticket lacks {string.Join(", ", facts.Missing.Select(m => m.Field))}, " +
                    "so it cannot be tied to what the customer reports; it decides nothing until the customer answers.", supporting));
                continue;
            }

            var type = definition.Outcome.TypeIfSignal?.FirstOrDefault(t => investigation.HasSignal(t.Key)) is { Key: not null } special
                ? special.Value
                : definition.Outcome.Type;
            candidates.Add(new Candidate(definition, type, Math.Min(0.95, 0.6 + (0.1 * supporting.Count)), supporting));
        }

        if (candidates.Count > 0)
        {
            var vote = MemoryVoteOf(investigation);
            var chosen = WeighVote(candidates, vote, reasons);
            var confidence = ConfidenceWithVote(chosen, vote, reasons);
            return (chosen.Definition.Outcome.Disposition, chosen.Type, confidence, chosen.Definition);
        }

        var refuted = investigation.Hypotheses.Where(h => h.Status == HypothesisStatus.Refuted).ToList();
        var why = facts.Account is null
            ? "The requester could not be verified as a member of any account, so no account data was examined."
            : "No hypothesis was confirmed by the evidence" + (refuted.Count == 0 ? "." : $"; ruled out: {string.Join("; ", refuted.Select(h => h.Statement))}");
        reasons.Add(new DecisionReason("disposition", "insufficient-evidence", why + " Ask the customer before deciding.", refuted.SelectMany(h => h.EvidenceIds).Distinct().ToList()));
        if (facts.UntrustedAccountClaims.Count > 0)
        {
            reasons.Add(new DecisionReason("disposition", "untrusted-account-claim",
                $"The ticket names {string.Join(", ", facts.UntrustedAccountClaims.Select(c => c.ClaimedAccountId))}; {facts.UntrustedAccountClaims[0].Reason}. That account was not examined.", []));
        }

        // Until the evidence says what it is, an unclear case is a question to the customer. Similar resolved
        // cases are shown to the lead, but they do not choose the type: that would be a guess the evidence
        // of this case does not support.
        if (MemoryVoteOf(investigation) is { } memory)
        {
            reasons.Add(new DecisionReason("type", "memory-vote-not-applied",
                $"{memory.Evidence.Finding} Not applied: nothing in this case confirms it, so it stays a question to the customer.", memory.Ids));
        }

        var provisional = facts.Category.Value == ProblemCategory.FeatureRequest ? CaseType.FeatureRequest : CaseType.Question;
        reasons.Add(new DecisionReason("type", "category-default", $"Provisional type {provisional}: nothing is confirmed yet (category {facts.Category.Value}).", []));
        return (Disposition.NeedsInformation, provisional, 0.5, null);
    }

    /// <summary>An outcome the evidence confirmed: its hypothesis, the type it implies, its confidence and supporting evidence.</summary>
    private sealed record Candidate(PlaybookHypothesis Definition, CaseType Type, double Confidence, IReadOnlyList<string> Supporting)
    {
        public Disposition Disposition => Definition.Outcome.Disposition;

        /// <summary>How far the vote backs this outcome: its share for the same disposition and type, half of it for the disposition alone.</summary>
        public double BackingFrom(SeenVote vote) =>
            vote.Disposition != Disposition ? 0 : vote.Type == Type ? vote.Share : vote.Share / 2;
    }

    /// <summary>The k-NN vote of similar resolved cases as the investigation recorded it, with the evidence ids of the vote and its neighbours.</summary>
    private sealed record SeenVote(Disposition Disposition, CaseType Type, double Share, Evidence Evidence, IReadOnlyList<string> Ids);

    private static SeenVote? MemoryVoteOf(InvestigationResult investigation)
    {
        foreach (var evidence in investigation.Evidence)
        {
            if (evidence.Signals.Select(MemoryVote.Parse).FirstOrDefault(v => v is not null) is { } label)
            {
                var neighbours = investigation.Evidence.Where(e => e.Signals.Contains("memory.similar")).Select(e => e.Id);
                return new SeenVote(label.Disposition, label.Type, label.Share, evidence, [evidence.Id, .. neighbours]);
            }
        }

        return null;
    }

    /// <summary>
    /// Chooses among the outcomes the evidence confirmed. The first in playbook order is the evidence's choice;
    /// the vote of similar resolved cases, at the policy's weight, moves the choice to another confirmed outcome
    /// only when its extra backing outweighs that outcome's evidence deficit. It never moves a case away from an
    /// immediate trigger, and never adds an outcome the evidence did not confirm.
    /// </summary>
    private Candidate WeighVote(List<Candidate> candidates, SeenVote? vote, List<DecisionReason> reasons)
    {
        var first = candidates[0];
        var weighting = policy.MemoryVoteOrDefault;
        if (vote is null || vote.Share < weighting.MinimumShare || weighting.Weight <= 0 || candidates.Count == 1
            || first.Definition.Outcome.Trigger is { } trigger && policy.ImmediateTriggers.Contains(trigger))
        {
            return first;
        }

        var challenger = candidates.Skip(1)
            .Where(c => weighting.Weight * (c.BackingFrom(vote) - first.BackingFrom(vote)) > Math.Max(0, first.Confidence - c.Confidence))
            .OrderByDescending(c => c.BackingFrom(vote))
            .FirstOrDefault();
        if (challenger is null)
        {
            return first;
        }

        reasons.Add(new DecisionReason("disposition", MemoryVoteChangedRule,
            $"The evidence confirms both \"{first.Definition.Statement}\" ({string.Join(", ", first.Supporting)}; {first.Disposition}/{first.Type}) and " +
            $"\"{challenger.Definition.Statement}\" ({string.Join(", ", challenger.Supporting)}; {challenger.Disposition}/{challenger.Type}). {vote.Evidence.Finding} " +
            $"At the policy's weight {weighting.Weight:0.00}, the vote's backing ({weighting.Weight * (challenger.BackingFrom(vote) - first.BackingFrom(vote)):0.00}) outweighs " +
            $"the evidence margin ({Math.Max(0, first.Confidence - challenger.Confidence):0.00}), so the outcome is {challenger.Disposition}/{challenger.Type} instead of {first.Disposition}/{first.Type}.",
            [.. first.Supporting, .. challenger.Supporting, .. vote.Ids]));
        return challenger;
    }

    /// <summary>Records the chosen outcome and moves its confidence toward the vote: up when similar cases agree, down when they differ.</summary>
    private double ConfidenceWithVote(Candidate chosen, SeenVote? vote, List<DecisionReason> reasons)
    {
        var statement = chosen.Definition.Statement;
        reasons.Add(new DecisionReason("disposition", $"hypothesis:{chosen.Definition.Key}", $"{statement} Confirmed by {string.Join(", ", chosen.Supporting)}.", chosen.Supporting));
        reasons.Add(new DecisionReason("type", $"hypothesis:{chosen.Definition.Key}", $"The confirmed hypothesis is a {chosen.Type} case.", chosen.Supporting));
        var weighting = policy.MemoryVoteOrDefault;
        if (vote is null)
        {
            return chosen.Confidence;
        }

        if (vote.Share < weighting.MinimumShare || weighting.Weight <= 0)
        {
            reasons.Add(new DecisionReason("disposition", "memory-vote-below-policy",
                $"{vote.Evidence.Finding} Not weighed: the policy counts a vote with a share of at least {weighting.MinimumShare:0.00} and a weight above 0 (weight {weighting.Weight:0.00}).", vote.Ids));
            return chosen.Confidence;
        }

        var backing = chosen.BackingFrom(vote);
        if (backing > 0)
        {
            var raised = Math.Round(Math.Min(0.97, chosen.Confidence + (weighting.Weight * backing * (1 - chosen.Confidence))), 3);
            reasons.Add(new DecisionReason("disposition", "memory-vote-agrees",
                $"{vote.Evidence.Finding} They agree with the evidence: confidence {chosen.Confidence:0.00} → {raised:0.00} (weight {weighting.Weight:0.00}).", vote.Ids));
            return raised;
        }

        // The evidence decides; a lead should still see that similar cases ended differently.
        var lowered = Math.Round(chosen.Confidence * (1 - (weighting.Weight * vote.Share)), 3);
        reasons.Add(new DecisionReason("disposition", "memory-vote-differs",
            $"{vote.Evidence.Finding} The evidence of this case says {chosen.Disposition}/{chosen.Type}, and decides; confidence {chosen.Confidence:0.00} → {lowered:0.00} (weight {weighting.Weight:0.00}).", vote.Ids));
        return lowered;
    }

    private List<EscalationTrigger> Triggers(CaseFacts facts, InvestigationResult investigation, Disposition disposition, PlaybookHypothesis? hypothesis, List<DecisionReason> reasons)
    {
        var triggers = new List<EscalationTrigger>();
        void Add(EscalationTrigger trigger, string rule, string explanation, IReadOnlyList<string> evidence)
        {
            if (policy.ImmediateTriggers.Contains(trigger) && !triggers.Contains(trigger))
            {
                triggers.Add(trigger);
                reasons.Add(new DecisionReason("escalation", rule, explanation, evidence));
            }
        }

        foreach (var risk in facts.Risks)
        {
            var quote = risk.Source.Text is null ? "" : $" (\"{risk.Source.Text}\")";
            switch (risk.Value)
            {
                case ImmediateRisk.SecurityBreach:
                    Add(EscalationTrigger.SecurityBreach, "immediate:security-reported", $"The customer reports a possible security breach{quote}; security reports escalate at once, before verification.", []);
                    break;
                case ImmediateRisk.DataLoss:
                    Add(EscalationTrigger.DataLoss, "immediate:data-loss-reported", $"The customer reports data loss{quote}; data loss escalates at once.", []);
                    break;
                case ImmediateRisk.Compliance:
                    Add(EscalationTrigger.Compliance, "immediate:compliance-reported", $"The customer raises a compliance matter{quote}.", []);
                    break;
                case ImmediateRisk.FullOutage:
                    var verified = investigation.WithSignal("incident.impact:critical").Concat(investigation.WithSignal("logs.multi_account_failure")).Select(e => e.Id).Distinct().ToList();
                    if (verified.Count > 0)
                    {
                        Add(EscalationTrigger.FullOutage, "immediate:full-outage-verified", $"The customer reports a full outage{quote} and the evidence confirms a wide failure.", verified);
                    }
                    else
                    {
                        reasons.Add(new DecisionReason("escalation", "full-outage-unverified", $"The customer reports a full outage{quote}, but no incident or multi-account failure confirms it; not escalated as an outage.", []));
                    }

                    break;
            }
        }

        if (hypothesis?.Outcome.Trigger is { } t && t != EscalationTrigger.ProductDefect)
        {
            var evidence = investigation.Evidence.Where(e => e.Stance == EvidenceStance.Supports).Select(e => e.Id).ToList();
            Add(t, $"immediate:hypothesis:{hypothesis.Key}", $"The confirmed hypothesis ({hypothesis.Statement}) is a {t} trigger.", evidence);
        }

        return triggers;
    }

    private Priority PriorityOf(CaseFacts facts, InvestigationResult investigation, Disposition disposition, CaseType type, List<EscalationTrigger> triggers, List<DecisionReason> reasons)
    {
        string impact, impactWhy;
        if (triggers.Count > 0) (impact, impactWhy) = ("critical", $"immediate trigger {string.Join(", ", triggers)}");
        else if (disposition == Disposition.Incident) (impact, impactWhy) = ("high", "a platform incident affects the customer");
        else if (disposition == Disposition.ProductDefect && (facts.Frequency?.Value == Frequency.Always || facts.Workaround?.Value == WorkaroundStatus.None || investigation.HasSignal("logs.exception")))
            (impact, impactWhy) = ("high", "a product defect that fails consistently");
        else if (facts.UsersAffected?.Value >= 10) (impact, impactWhy) = ("high", $"{facts.UsersAffected.Value} users affected");
        else if (disposition == Disposition.ExpectedBehaviour || (disposition != Disposition.NeedsInformation && type is CaseType.Question or CaseType.FeatureRequest))
            (impact, impactWhy) = ("low", "nothing is broken: a question, a request or expected behaviour");
        else if (facts.Account is null) (impact, impactWhy) = ("low", "the requester's account is not verified and nothing is known to be failing");
        else (impact, impactWhy) = ("medium", "one account's use of one feature is affected");

        string urgency, urgencyWhy;
        if (facts.Sentiment.Value == Sentiment.Angry) (urgency, urgencyWhy) = ("high", "the customer is angry");
        else if (facts.BusinessImpact is { } b) (urgency, urgencyWhy) = ("high", $"business impact stated: \"{Short(b.Value)}\"");
        else if (facts.Workaround?.Value == WorkaroundStatus.None) (urgency, urgencyWhy) = ("high", "no workaround");
        else if (investigation.HasSignal("incident.active")) (urgency, urgencyWhy) = ("high", "the incident is ongoing");
        else if (disposition != Disposition.NeedsInformation && type is CaseType.Question or CaseType.FeatureRequest && facts.Sentiment.Value is Sentiment.Neutral or Sentiment.Positive)
            (urgency, urgencyWhy) = ("low", "a calm question or request");
        else (urgency, urgencyWhy) = ("medium", "no urgency cues");

        var priority = policy.Priority.Matrix[impact][urgency];
        reasons.Add(new DecisionReason("priority", $"matrix:{impact}x{urgency}", $"Impact {impact} ({impactWhy}) × urgency {urgency} ({urgencyWhy}) gives {priority}.", []));

        var plan = facts.Account?.Plan.Value;
        if (plan is { } p && policy.Priority.RaiseForPlans.Contains(p.ToString()) && priority > policy.Priority.HighestFromAdjustment)
        {
            priority--;
            reasons.Add(new DecisionReason("priority", $"adjust:plan-{p}", $"{p} customers are raised one level (to {priority}).", []));
        }
        else if (facts.Account?.AtRisk.Value == true && policy.Priority.RaiseForAtRisk && priority > policy.Priority.HighestFromAdjustment)
        {
            priority--;
            reasons.Add(new DecisionReason("priority", "adjust:at-risk", $"The account is marked at risk: raised to {priority}.", []));
        }

        if (facts.Workaround?.Value == WorkaroundStatus.Available && policy.Priority.LowerWithWorkaround && priority is not Priority.P0 and not Priority.P3 && triggers.Count == 0)
        {
            priority++;
            reasons.Add(new DecisionReason("priority", "adjust:workaround", $"A workaround is in use: lowered to {priority}.", []));
        }

        return priority;
    }

    private SlaClock Clock(DateTimeOffset start, Priority priority, List<DecisionReason> reasons)
    {
        var target = policy.Sla[priority];
        var first = BusinessClock.Add(start, target.FirstResponse, policy.Calendar, target.BusinessHours);
        var resolution = BusinessClock.Add(start, target.Resolution, policy.Calendar, target.BusinessHours);
        DateTimeOffset? next = target.UpdateEvery is { } every ? first + every : null;
        reasons.Add(new DecisionReason("sla", $"sla:{priority}",
            $"{priority}: first response by {When.Format(first)}, resolution by {When.Format(resolution)}{(target.UpdateEvery is { } u ? $", updates every {u.TotalMinutes:0} min" : "")}{(target.BusinessHours ? " (business hours)" : "")}.", []));
        return new SlaClock(start, first, next, resolution, target.UpdateEvery, target.BusinessHours);
    }

    private Route RouteOf(CaseFacts facts, Disposition disposition, List<EscalationTrigger> triggers, List<DecisionReason> reasons)
    {
        var rule = policy.Routing.First(r =>
            (r.Dispositions is null || r.Dispositions.Contains(disposition))
            && (r.Categories is null || r.Categories.Contains(facts.Category.Value))
            && (r.Triggers is null || r.Triggers.Any(triggers.Contains)));
        reasons.Add(new DecisionReason("route", $"routing:{rule.Name}", $"Routed to {rule.Tier} / {rule.Queue} by rule '{rule.Name}'.", []));
        if (rule.Tier < SupportTier.Tier2 && disposition != Disposition.NeedsInformation && policy.ComplexityCategories.Contains(facts.Category.Value))
        {
            // Complexity escalation: integrations, custom set-ups and performance need tier 2 once the case is understood.
            reasons.Add(new DecisionReason("escalation", $"complexity:{facts.Category.Value}",
                $"A {facts.Category.Value} case is a complexity trigger: raised from {rule.Tier} to {SupportTier.Tier2} ({rule.Queue}).", []));
            return new Route(SupportTier.Tier2, rule.Queue);
        }

        return new Route(rule.Tier, rule.Queue);
    }

    private Escalation? EscalationOf(CaseFacts facts, InvestigationResult investigation, Disposition disposition, List<EscalationTrigger> triggers,
        Route route, SlaClock sla, PlaybookHypothesis? hypothesis, List<DecisionReason> reasons)
    {
        if (facts.Account is { } account && (account.Plan.Value == PlanTier.Enterprise || account.AtRisk.Value))
        {
            reasons.Add(new DecisionReason("escalation", "customer:priority-handling",
                $"{account.Name.Value} is {(account.AtRisk.Value ? "an at-risk account" : "an Enterprise customer")}: priority handling.", []));
        }

        EscalationTrigger trigger;
        bool immediate;
        SupportTier target;
        if (triggers.Count > 0)
        {
            (trigger, immediate, target) = (triggers[0], true, policy.ImmediateTarget);
        }
        else if (disposition == Disposition.ProductDefect)
        {
            (trigger, immediate, target) = (EscalationTrigger.ProductDefect, false, SupportTier.Tier3);
        }
        else
        {
            return null;
        }

        var supporting = investigation.Evidence.Where(e => e.Stance == EvidenceStance.Supports).Select(e => e.Id).ToList();
        // What was ruled out, then what was checked and found nothing either way, so nobody checks it again.
        var ruledOut = investigation.Hypotheses.Where(h => h.Status == HypothesisStatus.Refuted)
            .Select(h => $"Ruled out: {h.Statement} ({(h.EvidenceIds.Count == 0 ? "no evidence" : string.Join(", ", h.EvidenceIds))})")
            .Concat(investigation.Evidence.Where(e => e.Stance == EvidenceStance.Neutral && e.Source != "case_memory").Take(4).Select(e => $"Checked: [{e.Id}] {e.Finding}"))
            .ToList();
        var reproduction = new List<string>();
        if (facts.ActionAttempted is { } action) reproduction.Add($"Customer action: {action.Value}");
        if (facts.ActualOutcome is { } actual) reproduction.Add($"Observed: {actual.Value}");
        reproduction.AddRange(investigation.Evidence.Where(e => e.Stance == EvidenceStance.Supports).Take(4).Select(e => $"[{e.Id}] {e.Finding}"));
        var packet = new EscalationPacket(
            facts.ProblemStatement.Value,
            facts.BusinessImpact?.Value ?? (facts.UsersAffected is { } u ? $"{u.Value} users affected" : $"{facts.Account?.Plan.Value.ToString() ?? "Unverified"} customer; impact not stated"),
            reproduction,
            supporting,
            ruledOut,
            facts.Workaround?.Value switch { WorkaroundStatus.Available => "A workaround is in use.", WorkaroundStatus.None => "No workaround.", _ => hypothesis?.Workaround == true ? "A workaround exists (see the draft)." : "Unknown." },
            "Nothing has been sent yet; the draft reply of this case is the first response.",
            $"{route.Tier}/{route.Queue}; first response due {When.Format(sla.FirstResponseDue)}, resolution due {When.Format(sla.ResolutionDue)}.");
        var reason = immediate ? $"Immediate trigger {trigger}: straight to {target}." : $"Product defect: escalate to engineering ({target}) with the packet.";
        reasons.Add(new DecisionReason("escalation", immediate ? $"immediate:{trigger}" : "defect-to-engineering", reason, supporting));
        return new Escalation(trigger, target, immediate, reason, packet);
    }

    private static string Short(string text) => text.Length <= 120 ? text : text[..117] + "...";
}
