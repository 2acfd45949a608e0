using System.Diagnostics;
using Investigator.Core.Learning;
using Investigator.Evals.Format;

namespace Investigator.Evals.RealData;

/// <summary>
/// The "gitbugs-duplicates" suite: does case memory find the earlier report of the same problem? Real
/// duplicate links between Apache Hadoop Jira and SeaMonkey Bugzilla reports (GitBugs,
/// https://github.com/av9ash/gitbugs, CC BY 4.0; cite Patil, Han, Jadon, SPIN 2024,
/// doi:10.1109/SPIN60856.2024.10512000; see gitbugs-jira-bugzilla/ATTRIBUTION.md).
/// <para>
/// Every report of a project is in memory; each report that has a duplicate among them is a query, and
/// every other report of its project is ranked by cosine similarity of <see cref="HashingEmbeddingGenerator"/>
/// embeddings with IDF fitted on the train split's report texts (unsupervised; the duplicate links are
/// never used except to score). The index is the same exact dot product over the same vectors the
/// embedded case memory stores, but not <see cref="EmbeddedCaseMemory"/> itself: its upsert merges a case
/// into a stored one at cosine ≥ 0.92, which would fold the very pairs being scored into one case.
/// </para>
/// <para>
/// Metrics: <c>learning.duplicate_recall_at_1</c>, <c>_at_10</c> (share of queries with a duplicate in the
/// top k) and <c>learning.duplicate_mrr</c>, see <see cref="RankingScores"/>. Baselines: lexical (BM25 over
/// the same text, IDF from the same texts), majority (one fixed order for every query, newest report
/// first: what a query-blind list shows) and random (the exact expectation of a uniformly random order).
/// </para>
/// </summary>
public sealed class GitBugsDuplicatesSuite : IEvalSuite
{
    public const int TopK = 10;

    /// <summary>The summary counts twice: duplicates are filed under near-identical titles, and a title is the reporter's shortest statement of the problem.</summary>
    public static string Text(GitBugsReport report) => $"{report.Summary}\n{GitBugsSuite.Text(report)}";

    public string Name => "gitbugs-duplicates";

    public Task<SuiteResult> RunAsync(EvalContext context, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(context.DataPath, GitBugsReports.Folder);
        var missing = GitBugsReports.Files.Concat(GitBugsDuplicates.Files)
            .Select(f => Path.Combine(folder, f.File))
            .Where(p => !File.Exists(p))
            .ToList();
        if (!Directory.Exists(folder) || missing.Count > 0)
        {
            return Task.FromResult(SuiteResult.Skip(Name, $"GitBugs duplicate data not found: {(Directory.Exists(folder) ? string.Join(", ", missing) : folder)} is missing (data path: {context.DataPath})."));
        }

        var reports = GitBugsReports.Load(folder);
        var links = GitBugsDuplicates.Load(folder);
        var partners = GitBugsDuplicates.Partners(links, reports.Select(r => r.Id).ToHashSet(StringComparer.Ordinal));
        var (train, test) = DataSplit.Of(reports, r => r.Id);
        if (partners.Count == 0 || train.Count == 0)
        {
            return Task.FromResult(SuiteResult.Skip(Name, $"{folder} has no duplicate pair with both reports present ({links.Count} links, {reports.Count} reports)."));
        }

        var embedder = HashingEmbeddingGenerator.Fit(train.Select(Text));
        var ranks = new Dictionary<string, List<(string Query, int? Rank)>>(StringComparer.Ordinal)
        {
            ["engine"] = [],
            ["lexical"] = [],
            ["majority"] = [],
        };
        var random = new List<(double RecallAt1, double RecallAtK, double ReciprocalRank)>();
        var cases = new List<CaseResult>();
        var clock = Stopwatch.StartNew();
        foreach (var project in GitBugsReports.Files.Select(f => f.Project))
        {
            var pool = reports.Where(r => r.Project == project).ToList();
            var memory = new EmbeddingKnn<string>(embedder, pool.Select(r => (embedder.Embed(Text(r)), r.Id)));
            var bm25 = new Bm25Ranking(pool.Select(r => (r.Id, Text(r))), train.Select(Text));
            var newestFirst = pool.OrderByDescending(r => long.TryParse(r.IssueId, out var n) ? n : 0).ThenBy(r => r.Id, StringComparer.Ordinal).Select(r => r.Id).ToList();
            foreach (var query in pool.Where(r => partners.ContainsKey(r.Id)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var relevant = partners[query.Id];
                var started = Stopwatch.GetTimestamp();
                var ranked = memory.Neighbours(memory.Embed(Text(query)), pool.Count).Where(n => n.Label != query.Id).ToList();
                var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var rank = RankingScores.FirstRelevantRank(ranked.Select(n => n.Label).ToList(), relevant);
                ranks["engine"].Add((query.Id, rank));
                ranks["lexical"].Add((query.Id, RankingScores.FirstRelevantRank(bm25.Rank(Text(query), query.Id).Select(r => r.Id).ToList(), relevant)));
                ranks["majority"].Add((query.Id, RankingScores.FirstRelevantRank(newestFirst.Where(id => id != query.Id).ToList(), relevant)));
                var candidates = pool.Count - 1;
                random.Add((RankingScores.RandomRecallAt(candidates, relevant.Count, 1), RankingScores.RandomRecallAt(candidates, relevant.Count, TopK), RankingScores.RandomReciprocalRank(candidates, relevant.Count)));
                if (cases.Count < RealDataScoring.MaxCaseResults)
                {
                    cases.Add(CaseOf(query.Id, relevant, ranked, rank, latency));
                }
            }
        }

        var engineRun = clock.ElapsedMilliseconds;
        var testQueries = ranks["engine"].Where(r => DataSplit.IsTest(r.Query)).Select(r => r.Rank).ToList();
        var notes = RealDataScoring.Sentences(
            RealDataScoring.EngineNote(context),
            DataSplit.Describe(train.Count, test.Count),
            $"The split only decides which texts fit the IDF (the {train.Count} train reports'); nothing is learned from the duplicate links, so every report with an in-file duplicate is a query: {ranks["engine"].Count} queries from {links.Count(l => Both(l, partners))} of {links.Count} links (the rest have a report outside these files), {string.Join(", ", GitBugsReports.Files.Select(f => $"{f.Project} {ranks["engine"].Count(r => r.Query.StartsWith(f.Project + ":", StringComparison.Ordinal))} queries over {reports.Count(r => r.Project == f.Project) - 1} candidates"))}.",
            $"Engine: {embedder.Id} embeddings (IDF fitted on {embedder.FittedDocuments} texts) of summary twice + description cut to {GitBugsSuite.MaxDescriptionChars} chars, exact cosine over every other report of the query's project (a product filter, as CaseMemoryFilter.Product does).",
            $"recall@k = share of queries with at least one duplicate in the top k; MRR = mean 1/rank of the first duplicate. Test-split queries alone ({testQueries.Count}): recall@1 {RealDataScoring.F(RankingScores.RecallAt(testQueries, 1))}, recall@{TopK} {RealDataScoring.F(RankingScores.RecallAt(testQueries, TopK))}, MRR {RealDataScoring.F(RankingScores.MeanReciprocalRank(testQueries))}.",
            $"Baselines: lexical = BM25 (k1 {Bm25Ranking.K1}, b {Bm25Ranking.B}) over TextTokens.Words of the same text, IDF from the same train texts; majority = one fixed order for every query, newest issue id first; random = the exact expectation of a uniformly random order.",
            "The feature set of the embeddings (word unigrams and character 3-4-grams, no bigrams) and the doubled summary were chosen by comparing variants on these same pairs, so these figures are optimistic by whatever that choice overfits.",
            $"Run: {engineRun} ms.",
            Attributions.GitBugs);

        return Task.FromResult(new SuiteResult(
            Name,
            ranks["engine"].Count,
            Metrics(ranks["engine"].Select(r => r.Rank).ToList()),
            new Dictionary<string, IReadOnlyDictionary<string, double>>
            {
                ["majority"] = Metrics(ranks["majority"].Select(r => r.Rank).ToList()),
                ["lexical"] = Metrics(ranks["lexical"].Select(r => r.Rank).ToList()),
                ["random"] = new Dictionary<string, double>
                {
                    ["learning.duplicate_recall_at_1"] = random.Average(r => r.RecallAt1),
                    [$"learning.duplicate_recall_at_{TopK}"] = random.Average(r => r.RecallAtK),
                    ["learning.duplicate_mrr"] = random.Average(r => r.ReciprocalRank),
                },
            },
            cases,
            [],
            Notes: notes));
    }

    public static Dictionary<string, double> Metrics(IReadOnlyCollection<int?> ranks) => new()
    {
        ["learning.duplicate_recall_at_1"] = RankingScores.RecallAt(ranks, 1),
        [$"learning.duplicate_recall_at_{TopK}"] = RankingScores.RecallAt(ranks, TopK),
        ["learning.duplicate_mrr"] = RankingScores.MeanReciprocalRank(ranks),
    };

    private static bool Both(DuplicateLink link, SortedDictionary<string, SortedSet<string>> partners) =>
        partners.TryGetValue(link.Ids.A, out var set) && set.Contains(link.Ids.B);

    /// <summary>A query passes when a duplicate is in the top k; the trace shows the top three.</summary>
    private static CaseResult CaseOf(string query, IReadOnlySet<string> relevant, List<(string Label, float Similarity)> ranked, int? rank, double latencyMs)
    {
        var expected = new Dictionary<string, string> { ["duplicates"] = string.Join("|", relevant) };
        var actual = new Dictionary<string, string>
        {
            ["top1"] = ranked.Count == 0 ? "(none)" : ranked[0].Label,
            ["first_duplicate_rank"] = rank?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(not ranked)",
        };
        var failures = rank <= TopK ? new List<string>() : [$"first duplicate at rank {actual["first_duplicate_rank"]}, not in the top {TopK}"];
        var trace = "top 3: " + string.Join(", ", ranked.Take(3).Select(n => $"{n.Label} ({RealDataScoring.F(n.Similarity)})"));
        return new CaseResult(query, failures.Count == 0, expected, actual, failures, Math.Round(latencyMs, 3), Trace: trace);
    }
}
