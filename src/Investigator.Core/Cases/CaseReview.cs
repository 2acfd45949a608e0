using System.Text.RegularExpressions;
using Investigator.Core.Decisioning;
using Investigator.Core.Drafting;
using Investigator.Core.Investigation.Tools;
using Investigator.Core.Learning;
using Microsoft.Extensions.Logging;

namespace Investigator.Core.Cases;

/// <summary>
/// What a support lead does to a case on the review page: approve the draft, edit it (the grounding and leak checks
/// run again on the edited text, and an edited draft needs its own approval), override the disposition, priority or
/// route of the decision (a new priority gets the policy's SLA targets), ask for a new investigation, and look up
/// similar resolved cases. Every change is a conditional write of the case with its timeline event (who, when, what):
/// a write that finds the case moved since it was read reads it again and decides again, a few times, so a lead's
/// change never silently overwrites a worker's, a webhook's or another lead's.
/// </summary>
public sealed partial class CaseReview(ICaseStore store, SupportPolicy policy, ICaseMemory memory, TimeProvider time, ILogger<CaseReview> logger)
{
    /// <summary>How often a change is tried against a case that keeps moving before it is refused as a conflict.</summary>
    public const int MaxWriteAttempts = 3;

    /// <summary>The longest draft body a lead may write, in characters.</summary>
    public const int MaxDraftLength = 20_000;

    /// <summary>The most similar cases one lookup returns.</summary>
    public const int MaxSimilar = 50;

    /// <summary>The rule name a lead's override carries in the decision's rationale.</summary>
    public const string OverrideRule = "override:lead";

    /// <summary>
    /// Approves the case's current draft for sending: a <see cref="CaseEventKind.DraftApproved"/> event. A draft already
    /// approved is returned unchanged.
    /// </summary>
    /// <exception cref="KeyNotFoundException">There is no such case.</exception>
    /// <exception cref="CaseStateConflictException">
    /// The case is queued or being investigated (its draft is about to be replaced), has no draft, or its draft failed
    /// the grounding or leak check.
    /// </exception>
    public Task<SupportCase> ApproveDraftAsync(string caseId, string approvedBy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(approvedBy);
        return ChangeAsync(caseId, "approve its draft", (supportCase, now) =>
        {
            var draft = DraftOf(supportCase, "approve its draft");
            if (!draft.Check.Passed)
            {
                throw new CaseStateConflictException("Draft not sendable",
                    $"The draft of case {caseId} failed the grounding and leak checks ({Issues(draft.Check)}); edit it until the checks pass, then approve it.");
            }

            if (IsDraftApproved(supportCase))
            {
                return null;
            }

            return (supportCase, new CaseEvent(CaseEventKind.DraftApproved, now, approvedBy.Trim(), $"Approved the {ContractNames.Of(draft.Kind)} draft \"{draft.Subject}\" for sending."));
        }, cancellationToken);
    }

    /// <summary>
    /// Replaces the body of the case's draft with a lead's text and checks it again (grounding against the case's
    /// evidence, ticket and decision; leaks), recording a <see cref="CaseEventKind.DraftEdited"/> event that says whether
    /// the check passed. The draft's citations are the evidence ids the new text cites. An edited draft is not approved
    /// until <see cref="ApproveDraftAsync"/> says so.
    /// </summary>
    /// <exception cref="KeyNotFoundException">There is no such case.</exception>
    /// <exception cref="CaseStateConflictException">The case is queued or being investigated, or has no draft.</exception>
    public Task<SupportCase> EditDraftAsync(string caseId, string body, string editedBy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(body);
        ArgumentException.ThrowIfNullOrWhiteSpace(editedBy);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(body.Length, MaxDraftLength);
        var text = body.Trim();
        return ChangeAsync(caseId, "edit its draft", (supportCase, now) =>
        {
            var draft = DraftOf(supportCase, "edit its draft");
            var evidence = supportCase.Investigation?.Evidence ?? [];
            var check = DraftChecker.Check(draft.Subject, text, supportCase.Facts!, evidence, TemplateDrafter.DecisionText(supportCase.Decision!));
            var edited = draft with
            {
                Body = text,
                Citations = evidence.Select(e => e.Id).Where(id => text.Contains($"[{id}]", StringComparison.Ordinal)).ToList(),
                Check = check,
            };
            var detail = check.Passed
                ? $"Edited the draft; it passed the grounding and leak checks ({check.ClaimsChecked} sentences with specific claims) and waits for approval."
                : $"Edited the draft; it failed the grounding and leak checks ({Issues(check)}) and cannot be approved until they pass.";
            return (supportCase with { Draft = edited }, new CaseEvent(CaseEventKind.DraftEdited, now, editedBy.Trim(), detail) { CheckPassed = check.Passed });
        }, cancellationToken);
    }

    /// <summary>
    /// Overrides one part of the case's decision, recording an <see cref="CaseEventKind.Overridden"/> event with the
    /// field, the value before and after, and the lead's reason (the decision's rationale says so too). A new priority
    /// gets the policy's SLA targets for it, counted from when the case's SLA clock started. The value the decision
    /// already has changes nothing and is returned unchanged.
    /// </summary>
    /// <exception cref="KeyNotFoundException">There is no such case.</exception>
    /// <exception cref="CaseStateConflictException">The case is queued or being investigated, or has no decision yet.</exception>
    public Task<SupportCase> OverrideAsync(string caseId, DecisionOverride change, string reason, string overriddenBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ArgumentException.ThrowIfNullOrWhiteSpace(overriddenBy);
        var (why, who) = (reason.Trim(), overriddenBy.Trim());
        return ChangeAsync(caseId, $"override its {ContractNames.Of(change.Field)}", (supportCase, now) =>
        {
            EnsureSettled(supportCase, $"override its {ContractNames.Of(change.Field)}");
            var decision = supportCase.Decision ?? throw new CaseStateConflictException("Case not decided yet",
                $"Case {caseId} is {ContractNames.Of(supportCase.Status)} without a decision; there is nothing to override.");
            var from = DecisionOverride.ValueOf(decision, change.Field);
            var to = change.Value;
            if (from == to)
            {
                return null;
            }

            var field = ContractNames.Of(change.Field);
            var reasons = decision.Rationale.Append(new DecisionReason(field, OverrideRule, $"Overridden by a lead from {from} to {to}: {why}", [])).ToList();
            var overridden = change.Field switch
            {
                OverrideField.Disposition => decision with { Disposition = change.Disposition!.Value, Rationale = reasons },
                OverrideField.Priority => WithPriority(decision, change.Priority!.Value, reasons),
                _ => decision with { Route = change.Route!, Rationale = reasons },
            };
            logger.LogInformation("Case {CaseId}: a lead overrode the {Field} from {From} to {To}", caseId, field, from, to);
            return (supportCase with { Decision = overridden },
                new CaseEvent(CaseEventKind.Overridden, now, who, $"{Capitalized(field)} overridden from {from} to {to}: {why}") { Field = change.Field, From = from, To = to });
        }, cancellationToken);
    }

    /// <summary>
    /// Puts a completed, failed or parked case back in the queue for a new investigation, with a fresh set of attempts,
    /// recording a <see cref="CaseEventKind.ReinvestigationRequested"/> event; the caller enqueues it. The new
    /// investigation replaces facts, evidence, decision and draft, overrides included.
    /// </summary>
    /// <exception cref="KeyNotFoundException">There is no such case.</exception>
    /// <exception cref="CaseStateConflictException">The case is queued or being investigated already, or resolved.</exception>
    public Task<SupportCase> RequestReinvestigationAsync(string caseId, string requestedBy, string? reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestedBy);
        var why = string.IsNullOrWhiteSpace(reason) ? "no reason given" : reason.Trim();
        return ChangeAsync(caseId, "investigate it again", (supportCase, now) =>
        {
            if (supportCase.Status is CaseStatus.Queued or CaseStatus.Investigating)
            {
                throw new CaseStateConflictException("Case already in the queue",
                    $"Case {caseId} is {ContractNames.Of(supportCase.Status)} already; its investigation is under way.");
            }

            if (supportCase.Status == CaseStatus.Resolved)
            {
                throw new CaseStateConflictException("Case resolved", $"Case {caseId} is resolved and learned; it is not investigated again.");
            }

            logger.LogInformation("Case {CaseId} goes back to the queue from {Status} at a lead's request", caseId, supportCase.Status);
            return (supportCase with { Status = CaseStatus.Queued, NextAttemptAt = null, Attempts = 0 },
                new CaseEvent(CaseEventKind.ReinvestigationRequested, now, requestedBy.Trim(), $"Re-investigation requested from {ContractNames.Of(supportCase.Status)}: {why}"));
        }, cancellationToken);
    }

    /// <summary>
    /// The resolved cases in case memory most similar to this case's facts (its problem statement and error codes),
    /// most similar first, without the case itself; from any account, but with no account's id or personal data in
    /// their texts (memory holds them scrubbed; they are scrubbed again, and account ids other than this case's own
    /// are masked). Empty when the case has no facts yet.
    /// </summary>
    /// <exception cref="KeyNotFoundException">There is no such case.</exception>
    public async Task<IReadOnlyList<SimilarResolvedCase>> FindSimilarAsync(string caseId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxSimilar);
        var supportCase = await store.GetAsync(caseId, cancellationToken) ?? throw new KeyNotFoundException($"Case {caseId} does not exist.");
        if (supportCase.Facts is not { } facts)
        {
            return [];
        }

        var query = string.Join(' ', [facts.ProblemStatement.Value, .. facts.ErrorCodes.Select(c => c.Value)]);
        // One more than asked: the case itself is in memory once it is resolved.
        var found = await memory.SearchAsync(query, limit + 1, new CaseMemoryFilter(), cancellationToken);
        var ownAccount = facts.Account?.Id.Value;
        return found
            .Where(s => !string.Equals(s.Case.CaseKey, caseId, StringComparison.Ordinal))
            .Take(limit)
            .Select(s => new SimilarResolvedCase(s.Case.CaseKey, s.Score, Clean(s.Case.Summary, ownAccount), s.Case.Disposition,
                Clean(s.Case.RootCause, ownAccount), Clean(s.Case.Resolution, ownAccount), s.Case.ResolvedAt))
            .ToList();
    }

    /// <summary>
    /// Whether the case's current draft is approved: a lead approved it after its last edit, and nothing since asked
    /// for a new investigation (which writes a new draft).
    /// </summary>
    public static bool IsDraftApproved(SupportCase supportCase)
    {
        ArgumentNullException.ThrowIfNull(supportCase);
        var last = supportCase.Timeline.LastOrDefault(e => e.Kind is CaseEventKind.DraftApproved or CaseEventKind.DraftEdited
            or CaseEventKind.ReinvestigationRequested or CaseEventKind.RetryRequested or CaseEventKind.CustomerCommented);
        return supportCase.Draft is not null && last?.Kind == CaseEventKind.DraftApproved;
    }

    /// <summary>
    /// Reads the case, decides the change against it as read, and writes it only over that version; a case that moved
    /// meanwhile is read again and decided again. A change of null leaves the case as it is.
    /// </summary>
    private async Task<SupportCase> ChangeAsync(string caseId, string action, Func<SupportCase, DateTimeOffset, (SupportCase Updated, CaseEvent Recorded)?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.GetAsync(caseId, cancellationToken) ?? throw new KeyNotFoundException($"Case {caseId} does not exist.");
            // Later than the version read, always: two writes in one clock tick must still tell their versions apart.
            var now = time.GetUtcNow();
            now = now > current.UpdatedAt ? now : current.UpdatedAt.AddTicks(1);
            if (change(current, now) is not { } decided)
            {
                return current;
            }

            if (await store.UpdateIfUnchangedAsync(current, decided.Updated with { UpdatedAt = now }, [decided.Recorded], cancellationToken) is { } stored)
            {
                return stored;
            }

            if (attempt == MaxWriteAttempts)
            {
                throw new CaseStateConflictException("Case changed meanwhile",
                    $"Case {caseId} changed {MaxWriteAttempts} times while a lead tried to {action}; read it again and retry.");
            }
        }
    }

    /// <summary>The case's draft, when the case is settled and has one.</summary>
    private static Draft DraftOf(SupportCase supportCase, string action)
    {
        EnsureSettled(supportCase, action);
        return supportCase is { Draft: { } draft, Facts: not null, Decision: not null }
            ? draft
            : throw new CaseStateConflictException("Case has no draft", $"Case {supportCase.Id} is {ContractNames.Of(supportCase.Status)} and has no draft; a lead can {action} once an investigation has written one.");
    }

    /// <summary>A queued or investigating case's decision and draft are about to be replaced: nothing of them may change.</summary>
    private static void EnsureSettled(SupportCase supportCase, string action)
    {
        if (supportCase.Status is CaseStatus.Queued or CaseStatus.Investigating)
        {
            throw new CaseStateConflictException("Case being investigated",
                $"Case {supportCase.Id} is {ContractNames.Of(supportCase.Status)}: its decision and draft are about to be replaced. {Capitalized(action)} once it is completed.");
        }
    }

    /// <summary>The decision at a new priority, with the policy's SLA targets for it from when the SLA clock started.</summary>
    private Decision WithPriority(Decision decision, Priority priority, List<DecisionReason> reasons)
    {
        var target = policy.Sla[priority];
        var start = decision.Sla.StartedAt;
        var first = BusinessClock.Add(start, target.FirstResponse, policy.Calendar, target.BusinessHours);
        var resolution = BusinessClock.Add(start, target.Resolution, policy.Calendar, target.BusinessHours);
        var sla = new SlaClock(start, first, target.UpdateEvery is { } every ? first + every : null, resolution, target.UpdateEvery, target.BusinessHours);
        reasons.Add(new DecisionReason("sla", $"sla:{ContractNames.Of(priority)}",
            $"{ContractNames.Of(priority)} (overridden): first response by {When.Format(first)}, resolution by {When.Format(resolution)}{(target.BusinessHours ? " (business hours)" : "")}.", []));
        return decision with { Priority = priority, Sla = sla, Rationale = reasons };
    }

    private static string Issues(DraftCheck check) =>
        $"{check.Issues.Count} issue{(check.Issues.Count == 1 ? "" : "s")}: {string.Join("; ", check.Issues.Take(3).Select(i => $"{i.Problem} in \"{i.Sentence}\""))}";

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>A memory text as a lead may see it: personal data scrubbed, other accounts' ids masked.</summary>
    private static string Clean(string text, string? ownAccount) =>
        AccountId().Replace(PersonalDataScrubber.Scrub(text), m => m.Value.Equals(ownAccount, StringComparison.OrdinalIgnoreCase) ? m.Value : "[account]");

    [GeneratedRegex(@"\bacc_\d{4,8}\b", RegexOptions.IgnoreCase)]
    private static partial Regex AccountId();
}

/// <summary>
/// A lead's new value for one part of a decision: a disposition, a priority, or a route (a tier and one of the
/// policy's queues). Only the part <see cref="Field"/> names is set.
/// </summary>
public sealed record DecisionOverride
{
    private DecisionOverride(OverrideField field) => Field = field;

    public OverrideField Field { get; }

    public Disposition? Disposition { get; private init; }

    public Priority? Priority { get; private init; }

    public Route? Route { get; private init; }

    /// <summary>The new value as the contract writes it: <c>productDefect</c>, <c>P1</c>, <c>tier2/billing</c>.</summary>
    public string Value => Field switch
    {
        OverrideField.Disposition => ContractNames.Of(Disposition!.Value),
        OverrideField.Priority => ContractNames.Of(Priority!.Value),
        _ => RouteText(Route!),
    };

    public static DecisionOverride To(Disposition disposition) => new(OverrideField.Disposition) { Disposition = disposition };

    public static DecisionOverride To(Priority priority) => new(OverrideField.Priority) { Priority = priority };

    public static DecisionOverride To(Route route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return new(OverrideField.Route) { Route = route };
    }

    /// <summary>A decision's current value of <paramref name="field"/>, written as <see cref="Value"/> is.</summary>
    public static string ValueOf(Decision decision, OverrideField field)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return field switch
        {
            OverrideField.Disposition => ContractNames.Of(decision.Disposition),
            OverrideField.Priority => ContractNames.Of(decision.Priority),
            _ => RouteText(decision.Route),
        };
    }

    /// <summary>A route as <c>tier/queue</c>.</summary>
    public static string RouteText(Route route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return $"{TierNames.Of(route.Tier)}/{route.Queue}";
    }

    /// <summary>
    /// Reads an override request: <paramref name="field"/> is <c>disposition</c>, <c>priority</c> or <c>route</c>, and
    /// <paramref name="value"/> a value the contract knows for it (names ignore case); a route is <c>tier/queue</c> with
    /// a queue the policy routes to. False, with a message under <c>field</c> or <c>value</c>, otherwise.
    /// </summary>
    public static bool TryParse(string? field, string? value, SupportPolicy policy, out DecisionOverride? change, out IReadOnlyDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(policy);
        change = null;
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        errors = problems;
        if (!ContractNames.TryParse<OverrideField>(field, out var which))
        {
            problems["field"] = [$"field must be one of {string.Join(", ", ContractNames.All<OverrideField>())}."];
            return false;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            problems["value"] = [$"The new {ContractNames.Of(which)} is required."];
            return false;
        }

        switch (which)
        {
            case OverrideField.Disposition when ContractNames.TryParse<Disposition>(value, out var disposition):
                change = To(disposition);
                break;
            case OverrideField.Priority when ContractNames.TryParse<Priority>(value, out var priority):
                change = To(priority);
                break;
            case OverrideField.Route when ParseRoute(value, policy) is { } route:
                change = To(route);
                break;
            case OverrideField.Route:
                problems["value"] = [$"A route is tier/queue: a tier of {string.Join(", ", ContractNames.All<SupportTier>())} and a queue of {string.Join(", ", Queues(policy))}."];
                return false;
            case OverrideField.Disposition:
                problems["value"] = [$"disposition must be one of {string.Join(", ", ContractNames.All<Disposition>())}."];
                return false;
            default:
                problems["value"] = [$"priority must be one of {string.Join(", ", ContractNames.All<Priority>())}."];
                return false;
        }

        return true;
    }

    /// <summary>The queues the policy routes to, in the order its rules name them.</summary>
    public static IReadOnlyList<string> Queues(SupportPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.Routing.Select(r => r.Queue).Distinct(StringComparer.Ordinal).ToList();
    }

    private static Route? ParseRoute(string value, SupportPolicy policy)
    {
        var parts = value.Trim().Split('/');
        if (parts.Length != 2 || !ContractNames.TryParse<SupportTier>(parts[0], out var tier))
        {
            return null;
        }

        var queue = Queues(policy).FirstOrDefault(q => q.Equals(parts[1].Trim(), StringComparison.OrdinalIgnoreCase));
        return queue is null ? null : new Route(tier, queue);
    }
}

/// <summary>A resolved case like the one under review, as a lead sees it: no account id, no personal data.</summary>
public sealed record SimilarResolvedCase(string CaseId, double Score, string Problem, Disposition Disposition, string RootCause, string Resolution, DateTimeOffset ResolvedAt);

/// <summary>A review action the case's state does not allow now (HTTP 409): <see cref="Title"/> says what, the message why and what to do.</summary>
public sealed class CaseStateConflictException : InvalidOperationException
{
    public CaseStateConflictException() { }

    public CaseStateConflictException(string message) : base(message) { }

    public CaseStateConflictException(string message, Exception innerException) : base(message, innerException) { }

    public CaseStateConflictException(string title, string message) : base(message) => Title = title;

    /// <summary>The problem's title: <c>Draft not sendable</c>, <c>Case being investigated</c>, …</summary>
    public string Title { get; } = "Case state conflict";
}
