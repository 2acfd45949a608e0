using Investigator.Core.Investigation.Tools;
using Investigator.Core.Sources;

namespace Investigator.Core.Learning;

/// <summary>A help article the knowledge base lacks, drafted from the resolved cases that needed it.</summary>
public sealed record KnowledgeSuggestion(
    string Title,
    string Problem,
    IReadOnlyList<string> Symptoms,
    string Cause,
    string Resolution,
    IReadOnlyList<string> Steps,
    IReadOnlyList<string> RelatedCases,
    int Occurrences,
    int AccountsAffected,
    DateTimeOffset SuggestedAt);

/// <summary>
/// Finds gaps in the knowledge base: when a resolved case joins enough similar resolved cases (three by
/// default, counting merged duplicates) and no article answers them, it drafts the missing article from
/// those cases: problem, symptoms, cause, resolution, steps, related cases.
/// </summary>
public sealed class KnowledgeGapFinder(ICaseMemory memory, IKnowledgeBase knowledgeBase, int minimumCases = 3, double minimumSimilarity = 0.5)
{
    public async Task<KnowledgeSuggestion?> SuggestAsync(ResolvedCase resolved, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var similar = await memory.SearchAsync(EmbeddedCaseMemory.TextOf(resolved), 20, new CaseMemoryFilter(), cancellationToken);
        // The case was learned before this runs, so memory holds it: as itself, or merged into a near-duplicate.
        var cluster = similar.Where(s => s.Score >= minimumSimilarity).Select(s => s.Case).ToList();
        var occurrences = cluster.Sum(c => Math.Max(1, c.Occurrences));
        if (occurrences < minimumCases)
        {
            return null;
        }

        if (await IsAnsweredAsync(resolved.RootCause, resolved.Resolution, cancellationToken))
        {
            return null;
        }

        return new KnowledgeSuggestion(
            $"{resolved.Product}: {FirstSentence(resolved.RootCause)}",
            resolved.Summary,
            cluster.Select(c => c.Summary).Distinct(StringComparer.OrdinalIgnoreCase).Take(5).ToList(),
            resolved.RootCause,
            resolved.Resolution,
            // The lead's check closes the steps: the reader learns how to tell that the fix worked.
            resolved.Verification is { Length: > 0 } verification
                ? [.. Sentences(resolved.Resolution), $"Verify: {verification.Trim().TrimEnd('.')}."]
                : Sentences(resolved.Resolution),
            cluster.Select(c => c.CaseKey).ToList(),
            occurrences,
            cluster.Select(c => c.AccountId).OfType<string>().Distinct(StringComparer.Ordinal).Count(),
            now);
    }

    /// <summary>
    /// Whether the knowledge base has an article for this cause and fix: it matches them and names most of
    /// the cause's words (a long query always finds some article that shares a few common ones). An article
    /// written from a suggestion answers it.
    /// </summary>
    public async Task<bool> IsAnsweredAsync(string cause, string resolution, CancellationToken cancellationToken)
    {
        var articles = await knowledgeBase.SearchAsync($"{cause} {resolution}", 3, cancellationToken);
        return articles.Any(a => a.Score >= KnowledgePlugin.MinimumArticleScore && Coverage(cause, a.Article) >= MinimumCoverage);
    }

    /// <summary>Suggestions that matter most first: those that affected more customers, then those seen more often.</summary>
    public static IReadOnlyList<KnowledgeSuggestion> Rank(IEnumerable<KnowledgeSuggestion> suggestions) =>
        suggestions.OrderByDescending(s => s.AccountsAffected).ThenByDescending(s => s.Occurrences).ThenByDescending(s => s.SuggestedAt).ToList();

    /// <summary>The share of the root cause's words an article must contain to count as answering it.</summary>
    public const double MinimumCoverage = 0.5;

    private static double Coverage(string rootCause, KnowledgeArticle article)
    {
        var wanted = TextTokens.Words(rootCause).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return 1;
        }

        var present = TextTokens.Words($"{article.Title} {article.Body}").ToHashSet(StringComparer.Ordinal);
        return (double)wanted.Count(present.Contains) / wanted.Count;
    }

    private static string FirstSentence(string text)
    {
        var end = text.IndexOfAny(['.', '!', '?', '\n']);
        var first = (end < 0 ? text : text[..end]).Trim();
        return first.Length <= 90 ? first : first[..90].TrimEnd() + "…";
    }

    private static List<string> Sentences(string text) =>
        text.Split(['.', '\n', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(s => s.Length > 2).Select(s => s + ".").ToList();
}
