using System.Globalization;
using System.Numerics.Tensors;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Investigator.Core.Decisioning;
using Investigator.Core.Learning;
using Microsoft.Extensions.AI;

namespace Investigator.Core.Cases;

/// <summary>
/// What the insights count of one case, as the store reads it without the rest of the document: its status and
/// classification, its SLA targets, its timeline, when its first evidence was in (the end of the earliest-ending tool
/// step that an evidence item cites; null without evidence), and its problem statement and error codes.
/// </summary>
public sealed record CaseMeasures(
    string Id,
    CaseStatus Status,
    DateTimeOffset ReceivedAt,
    Disposition? Disposition,
    CaseType? Type,
    Priority? Priority,
    DateTimeOffset? FirstResponseDue,
    DateTimeOffset? ResolutionDue,
    bool EscalatedByDecision,
    IReadOnlyList<CaseEvent> Timeline,
    DateTimeOffset? FirstEvidenceAt,
    string? Problem,
    IReadOnlyList<string> ErrorCodes);

/// <summary>The cases an insights report counts: those received from <see cref="From"/> to <see cref="To"/>, both inclusive.</summary>
public sealed partial record InsightsPeriod(DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>The period when none is asked for: the 30 days up to now.</summary>
    public static readonly TimeSpan DefaultLength = TimeSpan.FromDays(30);

    /// <summary>
    /// Reads <c>from</c> and <c>to</c> as ISO 8601 dates (<c>2026-11-01</c>: <c>from</c> is the start of that day in UTC,
    /// <c>to</c> its end) or dates and times (<c>2026-11-01T09:00:00Z</c>; without an offset, UTC). A missing <c>to</c> is
    /// <paramref name="now"/>, a missing <c>from</c> 30 days before <c>to</c>. False, with a message under the parameter's
    /// name, for anything else or a <c>from</c> after <c>to</c>.
    /// </summary>
    public static bool TryParse(string? from, string? to, DateTimeOffset now, out InsightsPeriod period, out IReadOnlyDictionary<string, string[]> errors)
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        errors = problems;
        var end = string.IsNullOrWhiteSpace(to) ? now : Read("to", to, endOfDay: true, problems);
        var start = string.IsNullOrWhiteSpace(from) ? Before(end ?? now, DefaultLength) : Read("from", from, endOfDay: false, problems);
        period = new InsightsPeriod(start ?? now, end ?? now);
        if (problems.Count == 0 && start > end)
        {
            problems["from"] = [$"from ({start:O}) must not be after to ({end:O})."];
        }

        return problems.Count == 0;
    }

    private static DateTimeOffset? Read(string name, string text, bool endOfDay, Dictionary<string, string[]> problems)
    {
        var value = text.Trim();
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return !endOfDay ? start : day == DateOnly.MaxValue ? DateTimeOffset.MaxValue : start.AddDays(1).AddTicks(-1);
        }

        if (IsoDateTime().IsMatch(value)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at;
        }

        problems[name] = [$"{name} must be an ISO 8601 date (2026-11-01) or date and time (2026-11-01T09:00:00Z)."];
        return null;
    }

    private static DateTimeOffset Before(DateTimeOffset at, TimeSpan length) => at - DateTimeOffset.MinValue < length ? DateTimeOffset.MinValue : at - length;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})?$", RegexOptions.IgnoreCase)]
    private static partial Regex IsoDateTime();
}

/// <summary>How support did over a period (<c>GET /v1/insights</c>): volumes, SLA, escalations, overrides, time to evidence, recurring problems.</summary>
public sealed record CaseInsightsReport(
    DateTimeOffset From,
    DateTimeOffset To,
    int Cases,
    CaseVolumes Volumes,
    IReadOnlyList<PrioritySla> Sla,
    double EscalationRate,
    int Escalations,
    int MisroutesCorrected,
    OverrideCounts Overrides,
    EvidenceTiming TimeToFirstEvidence,
    IReadOnlyList<RecurringProblem> Recurring);

/// <summary>Decided cases by disposition, type and priority, each named as the contract writes it; every value is listed, zero included.</summary>
public sealed record CaseVolumes(IReadOnlyDictionary<string, int> ByDisposition, IReadOnlyDictionary<string, int> ByType, IReadOnlyDictionary<string, int> ByPriority);

/// <summary>
/// The SLA at one priority: its cases, those acknowledged by their first-response target, those resolved by their
/// resolution target, and the missed targets recorded on their timelines (a case can miss both).
/// </summary>
public sealed record PrioritySla(Priority Priority, int Cases, int FirstResponseMet, int ResolutionMet, int Breaches);

/// <summary>Leads' overrides of a decision, by the part overridden.</summary>
public sealed record OverrideCounts(int Disposition, int Priority, int Route);

/// <summary>
/// Seconds from receiving a case to its first evidence, over the cases that have evidence; the median and the 90th
/// percentile interpolate between the nearest ranks, and are null when no case has evidence.
/// </summary>
public sealed record EvidenceTiming(
    int Cases,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? MedianSeconds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? P90Seconds);

/// <summary>A problem several cases of the period share: a short label, the cases, and the help article drafted for them, if any.</summary>
public sealed record RecurringProblem(
    string Label,
    int Size,
    IReadOnlyList<string> CaseIds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] RecurringArticle? SuggestedArticle);

/// <summary>
/// A help article drafted from resolved cases (<see cref="SuggestedArticles"/>) that answers a recurring problem;
/// <see cref="CaseId"/> is the case whose resolution drafted it (its Markdown: <c>GET /v1/knowledge/suggestions/{caseId}</c>).
/// </summary>
public sealed record RecurringArticle(string Title, string CaseId, string Problem, string Cause, string Resolution, int Occurrences, int AccountsAffected, DateTimeOffset SuggestedAt);

/// <summary>
/// Computes the insights report of a period from the store, a page of cases at a time: counts and SLA figures as the
/// cases stream by, the time-to-evidence figures from one number per case. Recurring problems are clusters of the
/// period's completed and resolved cases (the latest <see cref="MaxClusteredCases"/> of them): each case's problem
/// statement and error codes are embedded with the case memory's embedding generator, and a case joins the cluster
/// whose centroid is most similar to it, at cosine similarity <see cref="RecurringSimilarity"/> or more (the
/// knowledge-gap finder's threshold), else starts one; clusters of two cases or more are recurring. Each is matched to
/// the open help-article suggestion of case memory (<see cref="SuggestedArticles.LatestPerCluster"/>) that shares the
/// most cases with it.
/// </summary>
public sealed partial class CaseInsights(ICaseStore store, IEmbeddingGenerator<string, Embedding<float>> embeddings)
{
    /// <summary>The similarity from which a case joins a cluster, as <see cref="KnowledgeGapFinder"/>'s default.</summary>
    public const double RecurringSimilarity = 0.5;

    /// <summary>The most cases clustered for one report: the latest of the period, so the cost stays bounded.</summary>
    public const int MaxClusteredCases = 500;

    /// <summary>The most recurring problems a report lists, the largest first.</summary>
    public const int MaxRecurring = 10;

    /// <summary>The longest label of a recurring problem, in characters.</summary>
    public const int MaxLabelLength = 80;

    private const int EmbeddingBatch = 64;

    /// <summary>The report of the cases received in <paramref name="period"/>.</summary>
    public async Task<CaseInsightsReport> ComputeAsync(InsightsPeriod period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        var tally = new Tally();
        var clustered = new Queue<CaseMeasures>();
        await foreach (var measures in store.ReadMeasuresAsync(period.From, period.To, cancellationToken))
        {
            tally.Add(measures);
            if (measures is { Status: CaseStatus.Completed or CaseStatus.Resolved, Problem: { Length: > 0 } })
            {
                // Oldest first from the store: the queue keeps the latest.
                clustered.Enqueue(measures with { Timeline = [] });
                if (clustered.Count > MaxClusteredCases)
                {
                    clustered.Dequeue();
                }
            }
        }

        return tally.Report(period, await RecurringAsync([.. clustered], cancellationToken));
    }

    /// <summary>The value of <paramref name="sorted"/> (ascending) at <paramref name="share"/>, interpolated between the nearest ranks.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double share)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentOutOfRangeException.ThrowIfZero(sorted.Count);
        var rank = (sorted.Count - 1) * Math.Clamp(share, 0, 1);
        var below = (int)Math.Floor(rank);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + ((rank - below) * (sorted[above] - sorted[below]));
    }

    private async Task<IReadOnlyList<RecurringProblem>> RecurringAsync(IReadOnlyList<CaseMeasures> cases, CancellationToken cancellationToken)
    {
        if (cases.Count < 2)
        {
            return [];
        }

        var vectors = new List<float[]>(cases.Count);
        foreach (var batch in cases.Chunk(EmbeddingBatch))
        {
            var generated = await embeddings.GenerateAsync(batch.Select(TextOf), cancellationToken: cancellationToken);
            vectors.AddRange(generated.Select(e => Unit(e.Vector.ToArray())));
        }

        var clusters = new List<(float[] Sum, List<int> Members)>();
        for (var i = 0; i < cases.Count; i++)
        {
            var best = -1;
            var bestScore = RecurringSimilarity;
            for (var c = 0; c < clusters.Count; c++)
            {
                var score = Cosine(vectors[i], clusters[c].Sum);
                if (score >= bestScore)
                {
                    (best, bestScore) = (c, score);
                }
            }

            if (best < 0)
            {
                clusters.Add(((float[])vectors[i].Clone(), [i]));
            }
            else
            {
                TensorPrimitives.Add(clusters[best].Sum, vectors[i], clusters[best].Sum);
                clusters[best].Members.Add(i);
            }
        }

        var recurring = clusters.Where(c => c.Members.Count >= 2)
            .OrderByDescending(c => c.Members.Count).ThenByDescending(c => c.Members[^1])
            .Take(MaxRecurring)
            .ToList();
        if (recurring.Count == 0)
        {
            return [];
        }

        var articles = SuggestedArticles.LatestPerCluster(await store.ListSuggestedArticlesAsync(cancellationToken));
        return recurring.Select(cluster =>
        {
            var ids = cluster.Members.Select(m => cases[m].Id).ToList();
            // The label is the problem of the case nearest the cluster's centre: the most typical wording.
            var typical = cluster.Members.MaxBy(m => Cosine(vectors[m], cluster.Sum));
            return new RecurringProblem(Label(cases[typical].Problem!), ids.Count, ids, ArticleFor(ids, articles));
        }).ToList();
    }

    private static RecurringArticle? ArticleFor(IReadOnlyList<string> caseIds, IReadOnlyList<SuggestedArticle> articles)
    {
        var ids = caseIds.ToHashSet(StringComparer.Ordinal);
        var best = articles
            .Select(a => (Article: a, Shared: a.Suggestion.RelatedCases.Append(a.CaseId).Distinct(StringComparer.Ordinal).Count(ids.Contains)))
            .Where(a => a.Shared > 0)
            .OrderByDescending(a => a.Shared).ThenByDescending(a => a.Article.Suggestion.SuggestedAt)
            .Select(a => a.Article)
            .FirstOrDefault();
        return best is null
            ? null
            : new RecurringArticle(best.Suggestion.Title, best.CaseId, best.Suggestion.Problem, best.Suggestion.Cause, best.Suggestion.Resolution,
                best.Suggestion.Occurrences, best.Suggestion.AccountsAffected, best.Suggestion.SuggestedAt);
    }

    /// <summary>What a case is clustered by: the text the review's similar-case search uses.</summary>
    private static string TextOf(CaseMeasures c) => string.Join(' ', [c.Problem, .. c.ErrorCodes]);

    /// <summary>A problem statement as a short label: no personal data, no account ids, one line, at most <see cref="MaxLabelLength"/> characters.</summary>
    private static string Label(string problem)
    {
        var text = AccountId().Replace(PersonalDataScrubber.Scrub(problem), "[account]");
        text = string.Join(' ', text.Split((char[])['\r', '\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        if (text.Length <= MaxLabelLength)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', MaxLabelLength - 1);
        return text[..(cut > MaxLabelLength / 2 ? cut : MaxLabelLength - 1)].TrimEnd(',', ';', ':', '.') + "…";
    }

    private static float[] Unit(float[] vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }

        return vector;
    }

    /// <summary>Cosine similarity of a unit vector and any vector (a cluster's sum).</summary>
    private static double Cosine(float[] unit, float[] other)
    {
        var norm = TensorPrimitives.Norm(other);
        return norm > 0 ? TensorPrimitives.Dot(unit, other) / norm : 0;
    }

    [GeneratedRegex(@"\bacc_\d{4,8}\b", RegexOptions.IgnoreCase)]
    private static partial Regex AccountId();

    /// <summary>The running counts of a report, one case at a time.</summary>
    private sealed class Tally
    {
        private readonly Dictionary<string, int> _byDisposition = ContractNames.All<Disposition>().ToDictionary(n => n, _ => 0, StringComparer.Ordinal);
        private readonly Dictionary<string, int> _byType = ContractNames.All<CaseType>().ToDictionary(n => n, _ => 0, StringComparer.Ordinal);
        private readonly Dictionary<string, int> _byPriority = ContractNames.All<Priority>().ToDictionary(n => n, _ => 0, StringComparer.Ordinal);
        private readonly SortedDictionary<Priority, SlaTally> _sla = new(Enum.GetValues<Priority>().ToDictionary(p => p, _ => new SlaTally()));
        private readonly Dictionary<OverrideField, int> _overrides = Enum.GetValues<OverrideField>().ToDictionary(f => f, _ => 0);
        private readonly List<double> _secondsToEvidence = [];
        private int _cases;
        private int _escalations;
        private int _misroutes;

        public void Add(CaseMeasures c)
        {
            _cases++;
            if (c.Disposition is { } disposition) _byDisposition[ContractNames.Of(disposition)]++;
            if (c.Type is { } type) _byType[ContractNames.Of(type)]++;
            if (c.Priority is { } priority)
            {
                _byPriority[ContractNames.Of(priority)]++;
                _sla[priority].Add(c);
            }

            if (c.EscalatedByDecision || c.Timeline.Any(e => e.Kind == CaseEventKind.Escalated)) _escalations++;
            var overrides = c.Timeline.Where(e => e.Kind == CaseEventKind.Overridden).Select(e => e.Field).OfType<OverrideField>().ToList();
            overrides.ForEach(field => _overrides[field]++);
            if (overrides.Contains(OverrideField.Route)) _misroutes++;
            if (c.FirstEvidenceAt is { } evidence) _secondsToEvidence.Add(Math.Max(0, (evidence - c.ReceivedAt).TotalSeconds));
        }

        public CaseInsightsReport Report(InsightsPeriod period, IReadOnlyList<RecurringProblem> recurring)
        {
            _secondsToEvidence.Sort();
            var timing = _secondsToEvidence.Count == 0
                ? new EvidenceTiming(0, null, null)
                : new EvidenceTiming(_secondsToEvidence.Count, Math.Round(Percentile(_secondsToEvidence, 0.5), 3), Math.Round(Percentile(_secondsToEvidence, 0.9), 3));
            return new CaseInsightsReport(
                period.From,
                period.To,
                _cases,
                new CaseVolumes(_byDisposition, _byType, _byPriority),
                _sla.Select(p => new PrioritySla(p.Key, p.Value.Cases, p.Value.FirstResponseMet, p.Value.ResolutionMet, p.Value.Breaches)).ToList(),
                _cases == 0 ? 0 : Math.Round((double)_escalations / _cases, 4),
                _escalations,
                _misroutes,
                new OverrideCounts(_overrides[OverrideField.Disposition], _overrides[OverrideField.Priority], _overrides[OverrideField.Route]),
                timing,
                recurring);
        }
    }

    /// <summary>The SLA counts of one priority.</summary>
    private sealed class SlaTally
    {
        public int Cases { get; private set; }

        public int FirstResponseMet { get; private set; }

        public int ResolutionMet { get; private set; }

        public int Breaches { get; private set; }

        /// <summary>Met: acknowledged (resolved) at or before the target. A target whose moment has not come is neither met nor missed.</summary>
        public void Add(CaseMeasures c)
        {
            Cases++;
            if (c.Timeline.FirstOrDefault(e => e.Kind == CaseEventKind.Acknowledged) is { } acknowledged && acknowledged.At <= c.FirstResponseDue) FirstResponseMet++;
            if (c.Timeline.FirstOrDefault(e => e.Kind == CaseEventKind.Resolved) is { } resolved && resolved.At <= c.ResolutionDue) ResolutionMet++;
            Breaches += c.Timeline.Count(e => e.Kind == CaseEventKind.SlaBreached);
        }
    }
}
