using System.Diagnostics;
using Investigator.Core.Decisioning;
using Investigator.Core.Diagnostics;
using Investigator.Core.Decisioning.Model;
using Investigator.Core.Drafting;
using Investigator.Core.Drafting.Model;
using Investigator.Core.Intake;
using Investigator.Core.Investigation;

namespace Investigator.Core.Cases;

/// <summary>What the four synchronous layers produced for one ticket, with the full trace.</summary>
public sealed record CaseOutcome(CaseFacts Facts, InvestigationResult Investigation, Decision Decision, Draft Draft, IReadOnlyList<TraceStep> Trace);

/// <summary>
/// Runs intake → investigation → decisioning → drafting in order. Layers pass immutable records; each
/// layer's run is a step of the trace beside the investigation's own steps.
/// </summary>
public sealed class CasePipeline(ITicketIntake intake, IInvestigator investigator, ICaseDecider decider, IReplyDrafter drafter, TimeProvider time)
{
    public static readonly ActivitySource Activities = new("Investigator.Pipeline");

    public async Task<CaseOutcome> RunAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        var layers = new List<TraceStep>();

        var facts = await Layer("intake", layers, () => intake.NormalizeAsync(ticket, cancellationToken),
            f => $"{f.Category.Value}; account {f.Account?.Id.Value ?? "not verified"}; {f.Missing.Count} missing");
        foreach (var note in facts.Notes)
        {
            // What intake refused (a model's invented identifier, an unusable reply) is part of the trace a lead reads.
            layers.Add(new TraceStep("", TraceStepKind.Note, "intake:" + note.Field, layers[0].StartedAt, 0, TraceOutcome.Refused, $"{note.Value}: {note.Reason}"));
        }

        var investigation = await Layer("investigation", layers, () => investigator.InvestigateAsync(facts, cancellationToken),
            r => $"{r.Budget.ToolCalls} tool calls, {r.Evidence.Count} evidence, {r.Hypotheses.Count(h => h.Status == HypothesisStatus.Confirmed)} confirmed");
        var decision = await Layer("decisioning", layers, () => decider.DecideAsync(facts, investigation, cancellationToken),
            d => $"{d.Disposition}/{d.Type} {d.Priority} → {d.Route.Tier}/{d.Route.Queue}{(d.Escalation is null ? "" : $", escalated ({d.Escalation.Trigger})")}");
        layers.AddRange(DecisionNotes(decision, layers[^1].StartedAt));
        var draft = await Layer("drafting", layers, () => drafter.DraftAsync(facts, investigation, decision, cancellationToken),
            d => $"{d.Kind}, {d.Citations.Count} citations, check {(d.Check.Passed ? "passed" : $"failed ({d.Check.Issues.Count} issues)")}");
        layers.AddRange(ModelDrafter.TraceSteps(draft, layers[^1].StartedAt));

        decision = WithCustomerCommunication(decision, draft);

        // Layer steps get their own ids after the investigation's T1..Tn so that evidence keeps citing the same step ids.
        var trace = investigation.Trace.ToList();
        trace.AddRange(layers.Select((s, i) => s with { Id = $"L{i + 1}" }));
        return new CaseOutcome(facts, investigation, decision, draft, trace);
    }

    /// <summary>The escalation packet says what the customer has been told: the draft, which nobody sends before review.</summary>
    private static Decision WithCustomerCommunication(Decision decision, Draft draft) => decision.Escalation is { } escalation
        ? decision with
        {
            Escalation = escalation with
            {
                Packet = escalation.Packet with
                {
                    CustomerCommunication = $"Nothing sent yet. Drafted {draft.Kind} reply \"{draft.Subject}\"" +
                        (draft.Sendable ? ", passed the grounding and leak checks, awaiting review." : $", held: {draft.Check.Issues.Count} check issue(s) to fix before sending."),
                },
            },
        }
        : decision;

    /// <summary>What a lead must see in the trace about the decision: the model's proposal and its fate, and an outcome the memory vote changed.</summary>
    private static IEnumerable<TraceStep> DecisionNotes(Decision decision, DateTimeOffset at) =>
        ModelDecider.TraceSteps(decision, at).Concat(decision.Rationale
            .Where(r => r.Rule == PolicyDecider.MemoryVoteChangedRule)
            .Select(r => new TraceStep("", TraceStepKind.Note, "decisioning:" + r.Rule, at, 0, TraceOutcome.Ok, r.Explanation)));

    private async Task<T> Layer<T>(string name, List<TraceStep> steps, Func<Task<T>> run, Func<T, string> describe)
    {
        using var activity = Activities.StartActivity("layer " + name);
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        try
        {
            var result = await run();
            var took = time.GetElapsedTime(started);
            InvestigatorMetrics.Stage(name, took);
            steps.Add(new TraceStep("", TraceStepKind.Layer, name, startedAt, Math.Round(took.TotalMilliseconds, 3), TraceOutcome.Ok, describe(result)));
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw LayerFailedException.In(name, ex);
        }
    }
}

/// <summary>A layer failed; the case records which one and why.</summary>
public sealed class LayerFailedException : Exception
{
    public LayerFailedException() { }

    public LayerFailedException(string message) : base(message) { }

    public LayerFailedException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The layer that failed: intake, investigation, decisioning or drafting.</summary>
    public string Layer { get; init; } = "unknown";

    public static LayerFailedException In(string layer, Exception innerException) =>
        new($"The {layer} layer failed: {innerException.Message}", innerException) { Layer = layer };
}
