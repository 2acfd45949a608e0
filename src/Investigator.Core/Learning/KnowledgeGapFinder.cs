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
        var cluster = similar.Where(s => s.Score >= minimumSimilarity).Select(s => s.Case).ToList();
        if (cluster.All(c => c.CaseKey != resolved.CaseKey))
        {
            cluster.Insert(0, resolved);
        }

        var occurrences = cluster.Sum(c => Math.Max(1, c.Occurrences));
        if (occurrences < minimumCases)
        {
            return null;
        }

        var articles = await knowledgeBase.SearchAsync($"{resolved.Summary} {resolved.RootCause}", 1, cancellationToken);
        if (articles.Count > 0 && articles[0].Score >= KnowledgePlugin.MinimumArticleScore)
        {
            return null;
        }

        return new KnowledgeSuggestion(
            $"{resolved.Product}: {FirstSentence(resolved.RootCause)}",
            resolved.Summary,
            cluster.Select(c => c.Summary).Distinct(StringComparer.OrdinalIgnoreCase).Take(5).ToList(),
            resolved.RootCause,
            resolved.Resolution,
            Sentences(resolved.Resolution),
            cluster.Select(c => c.CaseKey).ToList(),
            occurrences,
            cluster.Select(c => c.AccountId).OfType<string>().Distinct(StringComparer.Ordinal).Count(),
            now);
    }

    /// <summary>Suggestions that matter most first: those that affected more customers, then those seen more often.</summary>
    public static IReadOnlyList<KnowledgeSuggestion> Rank(IEnumerable<KnowledgeSuggestion> suggestions) =>
        suggestions.OrderByDescending(s => s.AccountsAffected).ThenByDescending(s => s.Occurrences).ThenByDescending(s => s.SuggestedAt).ToList();

    private static string FirstSentence(string text)
    {
        var end = text.IndexOfAny(['.', '!', '?', '\n']);
        var first = (end < 0 ? text : text[..end]).Trim();
        return first.Length <= 90 ? first : first[..90].TrimEnd() + "…";
    }

    private static List<string> Sentences(string text) =>
        text.Split(['.', '\n', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(s => s.Length > 2).Select(s => s + ".").ToList();
}
