using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Investigator.Core.Cases;
using Investigator.Core.Diagnostics;
using Investigator.Core.Intake;
using Investigator.Core.Learning;
using Investigator.Evals.Format;
using Investigator.Evals.Scoring;

namespace Investigator.Evals.Runner;

/// <summary>
/// "&lt;suite&gt;-lift" (demo-lift): what learning from confirmed cases changes. The recorded suite is replayed
/// in ticket time order twice through the built-in engine, both times on an empty case memory (no seed):
/// memory off learns nothing; memory on learns each case's labelled outcome through <see cref="CaseLearner"/>
/// right after it runs, as a lead's confirmation would, so only earlier, human-labelled cases can be found
/// for later tickets. Reported: the memory-on run's metrics, the memory-off run as the "memory_off"
/// baseline, and <c>learning.lift.&lt;metric&gt; = on − off</c> for every metric but timings.
/// </summary>
public sealed class LearningLiftSuite(string folder) : IEvalSuite
{
    public const string LiftPrefix = "learning.lift.";

    public const string ConfirmedBy = "lead (recorded label)";

    public string Name { get; } = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)) + "-lift";

    public async Task<SuiteResult> RunAsync(EvalContext context, CancellationToken cancellationToken)
    {
        var manifest = JsonSerializer.Deserialize<SuiteManifest>(await File.ReadAllTextAsync(Path.Combine(folder, "suite.json"), cancellationToken), ContractJson.Options)
                       ?? throw new InvalidDataException($"{folder}/suite.json: empty");
        var cases = RecordedSuite.LoadCases(folder)
            .Select(c => (Case: c, Ticket: RecordedSuite.TicketOf(c, context.RepoRoot)))
            .OrderBy(c => c.Ticket.CreatedAt ?? DateTimeOffset.MaxValue)
            .ThenBy(c => c.Case.Id, StringComparer.Ordinal)
            .ToList();
        if (cases.Count == 0)
        {
            return SuiteResult.Skip(Name, $"{folder} has no cases to replay.");
        }

        var off = await ReplayAsync(manifest, context, cases, learn: false, cancellationToken);
        var on = await ReplayAsync(manifest, context, cases, learn: true, cancellationToken);
        var scoredOff = RecordedScorer.Score(off.Results);
        var scoredOn = RecordedScorer.Score(on.Results);
        var offMetrics = WithMemoryHits(scoredOff.Metrics, off);
        var onMetrics = WithMemoryHits(scoredOn.Metrics, on);
        var metrics = new Dictionary<string, double>(onMetrics);
        foreach (var (name, value) in Lift(onMetrics, offMetrics))
        {
            metrics[name] = value;
        }

        var lifts = metrics.Where(m => m.Key.StartsWith(LiftPrefix, StringComparison.Ordinal) && Math.Abs(m.Value) > 1e-9)
            .OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => $"{m.Key[LiftPrefix.Length..]} {m.Value.ToString("+0.000;-0.000", CultureInfo.InvariantCulture)}")
            .ToList();
        var notes = string.Join(' ', new[]
        {
            context.Engine == "builtin" ? "" : $"Engine '{context.Engine}' was asked for; the lift is measured on the built-in engine, which needs no transcripts.",
            $"{cases.Count} recorded cases of {manifest.Name} replayed in ticket time order ({cases[0].Ticket.CreatedAt:yyyy-MM-dd HH:mm} to {cases[^1].Ticket.CreatedAt:yyyy-MM-dd HH:mm}) twice, 1 run each, on an empty case memory (the suite's seed of resolved cases is not loaded).",
            $"Memory on: after each case, its labelled disposition, type, category, product, account and expected evidence are learned through CaseLearner as a lead's confirmation (resolvedAt = the ticket's time, so the next ticket may find it): {on.Learned} learned, {on.Merged} of them merged into a near-duplicate, {cases.Count - on.Learned - on.Merged} without a labelled disposition and type not learned. Memory off: nothing is learned.",
            "learning.lift.<metric> = memory on − memory off, for every metric but timings; for a lower-is-better metric (rates of failure, counts) a negative lift is an improvement.",
            "learning.memory_disposition_hit_rate / memory_type_hit_rate: share of labelled cases whose most similar remembered case (the first case:<key> evidence) has the case's labelled disposition / type; 0 with nothing remembered.",
            lifts.Count == 0 ? "No metric moved." : $"Moved: {string.Join(", ", lifts)}.",
            "Where memory can act in the built-in engine: its findings are neutral evidence (they never confirm a hypothesis, so dispositions, priorities and replies do not follow them), and their vote (MemoryVote) is weighed at the policy's memoryVote weight only between outcomes the evidence confirmed: it moves the confidence, and may change the outcome (decisioning.memory_vote_changed_rate); it never chooses for a needs-information case.",
        }.Where(s => s.Length > 0));

        return new SuiteResult(
            Name,
            cases.Count,
            metrics,
            new Dictionary<string, IReadOnlyDictionary<string, double>> { ["memory_off"] = offMetrics },
            scoredOn.Cases,
            scoredOn.Confusions,
            Notes: notes);
    }

    /// <summary>on − off for every metric both runs have, timings excluded (they measure the machine, not the memory).</summary>
    public static Dictionary<string, double> Lift(IReadOnlyDictionary<string, double> on, IReadOnlyDictionary<string, double> off) =>
        on.Where(m => off.ContainsKey(m.Key) && !m.Key.Contains("_ms", StringComparison.Ordinal) && !m.Key.StartsWith(LiftPrefix, StringComparison.Ordinal))
            .OrderBy(m => m.Key, StringComparer.Ordinal)
            .ToDictionary(m => LiftPrefix + m.Key, m => Math.Round(m.Value - off[m.Key], 4), StringComparer.Ordinal);

    /// <summary>
    /// What a lead's confirmation of a recorded case would store: the labelled outcome (disposition and
    /// type are required: an unlabelled outcome is never learned), the labelled facts where present and the
    /// engine's problem statement, as <see cref="Caseworker"/> stores it, for the summary.
    /// </summary>
    public static ResolvedCase? ConfirmedResolution(EvalCase evalCase, Ticket ticket, CaseOutcome outcome)
    {
        var expected = evalCase.Expected;
        if (expected.Disposition is not { } disposition || expected.Type is not { } type)
        {
            return null;
        }

        var facts = expected.Facts;
        var evidence = expected.Evidence.Select(e => $"{e.Source} {e.Key.TrimEnd('*')}").ToList();
        return new ResolvedCase(
            evalCase.Id,
            facts?.Account is { } account && account != "none" ? account : null,
            facts?.Product ?? outcome.Facts.Product?.Value ?? "unknown",
            facts?.Category ?? outcome.Facts.Category.Value,
            disposition,
            type,
            outcome.Facts.ProblemStatement.Value,
            evidence.Count == 0 ? $"Confirmed as {disposition}/{type}." : $"Confirmed as {disposition}/{type} on: {string.Join("; ", evidence)}.",
            facts?.ActualOutcome is { } actual ? $"Customer saw: {actual}." : "",
            evidence,
            [(facts?.Category ?? outcome.Facts.Category.Value).ToString(), .. facts?.ErrorCodes ?? []],
            ticket.CreatedAt ?? outcome.Facts.ReportedAt.Value,
            ConfirmedBy);
    }

    private static async Task<Replay> ReplayAsync(SuiteManifest manifest, EvalContext context, List<(EvalCase Case, Ticket Ticket)> cases, bool learn, CancellationToken cancellationToken)
    {
        var memoryPath = Path.Combine(Path.GetTempPath(), "investigator-evals", $"{manifest.Name}-lift-{(learn ? "on" : "off")}-{Guid.NewGuid():N}.db");
        var engine = await BuiltInEngine.OpenAsync(
            new BuiltInEngineSettings(Path.Combine(context.RepoRoot, manifest.World), Path.Combine(context.RepoRoot, manifest.Policy), memoryPath),
            TimeProvider.System, cancellationToken);
        try
        {
            var learner = new CaseLearner(engine.Memory);
            var replay = new Replay();
            foreach (var (evalCase, ticket) in cases)
            {
                var started = Stopwatch.GetTimestamp();
                var outcome = await engine.Pipeline.RunAsync(ticket, cancellationToken);
                replay.Results.Add((evalCase, [Observed.From(outcome, Stopwatch.GetElapsedTime(started).TotalMilliseconds)]));
                if (learn && ConfirmedResolution(evalCase, ticket, outcome) is { } resolved)
                {
                    var learned = await learner.LearnAsync(resolved, cancellationToken);
                    replay.Remembered[resolved.CaseKey] = resolved;
                    if (learned == LearningOutcome.Stored) replay.Learned++;
                    else replay.Merged++;
                }
            }

            return replay;
        }
        finally
        {
            BuiltInCaseRunner.Release(engine, memoryPath);
        }
    }

    /// <summary>The run's metrics plus how often the most similar remembered case had the right disposition and type.</summary>
    private static Dictionary<string, double> WithMemoryHits(IReadOnlyDictionary<string, double> metrics, Replay replay)
    {
        var result = new Dictionary<string, double>(metrics);
        var dispositions = new List<bool>();
        var types = new List<bool>();
        foreach (var (evalCase, runs) in replay.Results)
        {
            // Similar cases come most similar first; the memory vote's own evidence ("vote:…") is not a case.
            var top = runs[0].Evidence.FirstOrDefault(e => e.Source == "case_memory" && e.Key.StartsWith("case:", StringComparison.Ordinal)).Key;
            var remembered = top is null ? null : replay.Remembered.GetValueOrDefault(top["case:".Length..]);
            if (evalCase.Expected.Disposition is { } disposition)
            {
                dispositions.Add(remembered?.Disposition == disposition);
            }

            if (evalCase.Expected.Type is { } type)
            {
                types.Add(remembered?.Type == type);
            }
        }

        result["learning.memory_disposition_hit_rate"] = Math.Round(Share(dispositions), 4);
        result["learning.memory_type_hit_rate"] = Math.Round(Share(types), 4);
        return result;

        static double Share(List<bool> hits) => hits.Count == 0 ? 0 : (double)hits.Count(h => h) / hits.Count;
    }

    /// <summary>One replay: each case's observation, and the confirmed cases it put in memory by key.</summary>
    private sealed class Replay
    {
        public List<(EvalCase Case, IReadOnlyList<Observed> Runs)> Results { get; } = [];

        public Dictionary<string, ResolvedCase> Remembered { get; } = new(StringComparer.Ordinal);

        public int Learned { get; set; }

        public int Merged { get; set; }
    }
}
