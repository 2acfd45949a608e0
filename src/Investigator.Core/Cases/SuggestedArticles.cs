using System.Globalization;
using System.Text;
using Investigator.Core.Learning;

namespace Investigator.Core.Cases;

/// <summary>
/// A help article drafted when a confirmed resolution completed a cluster of similar cases no article
/// answers, with the id of the case whose resolution drafted it and whether that case was escalated.
/// </summary>
public sealed record SuggestedArticle(string CaseId, KnowledgeSuggestion Suggestion, bool Escalated)
{
    /// <summary>Whether the fix is one a reader would not guess from the problem (see <see cref="SuggestedArticles.IsNonObvious"/>).</summary>
    public bool NonObvious => SuggestedArticles.IsNonObvious(this);
}

/// <summary>One page of suggested articles, those that matter most first.</summary>
public sealed record SuggestedArticlePage(IReadOnlyList<SuggestedArticle> Items, int Page, int PageSize, int Total);

/// <summary>
/// The articles the knowledge base still lacks, as a writer should take them up: one per cluster of cases,
/// those that matter most first, each renderable as a Markdown draft.
/// </summary>
public static class SuggestedArticles
{
    /// <summary>
    /// The share of the smaller list of related cases two suggestions must have in common to describe the
    /// same cluster. A later suggestion's cluster holds most of an earlier one's cases (they are still the
    /// nearest neighbours), while two clusters rarely share more than a borderline case or two.
    /// </summary>
    public const double SameClusterShare = 0.5;

    /// <summary>
    /// Below this share of the resolution's words found in the problem and symptoms, the fix counts as
    /// non-obvious: nothing in the report points to it.
    /// </summary>
    public const double ObviousWordShare = 0.25;

    /// <summary>
    /// The suggested articles not yet turned into articles, those that matter most first: the latest
    /// suggestion of each cluster (<see cref="LatestPerCluster"/>), without those the knowledge base now
    /// answers (an article has been written for them: <see cref="KnowledgeGapFinder.IsAnsweredAsync"/>),
    /// in the order of <see cref="Rank"/>.
    /// </summary>
    public static async Task<IReadOnlyList<SuggestedArticle>> ListOpenAsync(ICaseStore store, KnowledgeGapFinder knowledgeGaps, CancellationToken cancellationToken)
    {
        var open = new List<SuggestedArticle>();
        // The whole cluster is dropped when its latest draft has been written up: an older draft of the same
        // cluster must not come back in its place.
        foreach (var article in LatestPerCluster(await store.ListSuggestedArticlesAsync(cancellationToken)))
        {
            if (!await knowledgeGaps.IsAnsweredAsync(article.Suggestion.Cause, article.Suggestion.Resolution, cancellationToken))
            {
                open.Add(article);
            }
        }

        return Rank(open);
    }

    /// <summary>
    /// One suggestion per cluster: each resolution that joins a cluster drafts its article again, with the
    /// cluster as it then is, so the latest draft (by <see cref="KnowledgeSuggestion.SuggestedAt"/>, then case
    /// id) wins. Two suggestions describe the same cluster when at least <see cref="SameClusterShare"/> of the
    /// smaller one's related cases are also the other's.
    /// </summary>
    public static IReadOnlyList<SuggestedArticle> LatestPerCluster(IEnumerable<SuggestedArticle> articles)
    {
        var kept = new List<(SuggestedArticle Article, HashSet<string> Cases)>();
        foreach (var article in articles.OrderByDescending(a => a.Suggestion.SuggestedAt).ThenByDescending(a => a.CaseId, StringComparer.Ordinal))
        {
            var cases = article.Suggestion.RelatedCases.ToHashSet(StringComparer.Ordinal);
            if (!kept.Any(k => SameCluster(k.Cases, cases)))
            {
                kept.Add((article, cases));
            }
        }

        return kept.Select(k => k.Article).ToList();
    }

    /// <summary>
    /// Those that matter most first: suggestions whose cases affected several customers (two accounts or
    /// more), then those with a non-obvious solution (<see cref="IsNonObvious"/>), then those seen more often,
    /// then the newest; the case id breaks ties.
    /// </summary>
    public static IReadOnlyList<SuggestedArticle> Rank(IEnumerable<SuggestedArticle> articles) =>
        articles
            .OrderByDescending(a => a.Suggestion.AccountsAffected >= 2)
            .ThenByDescending(a => a.NonObvious)
            .ThenByDescending(a => a.Suggestion.Occurrences)
            .ThenByDescending(a => a.Suggestion.SuggestedAt)
            .ThenByDescending(a => a.CaseId, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// A solution is non-obvious when the case that drafted the article needed escalation, or when fewer than
    /// <see cref="ObviousWordShare"/> of the resolution's distinct words (lower-cased, lightly stemmed, stop
    /// words removed: <see cref="TextTokens.Words"/>) appear in the problem or the symptoms: the customer's
    /// report says nothing of the fix, so nobody would find it by searching for the problem.
    /// </summary>
    public static bool IsNonObvious(SuggestedArticle article)
    {
        if (article.Escalated)
        {
            return true;
        }

        var fix = TextTokens.Words(article.Suggestion.Resolution).Distinct(StringComparer.Ordinal).ToList();
        if (fix.Count == 0)
        {
            return false;
        }

        var reported = TextTokens.Words($"{article.Suggestion.Problem} {string.Join(' ', article.Suggestion.Symptoms)}").ToHashSet(StringComparer.Ordinal);
        return (double)fix.Count(reported.Contains) / fix.Count < ObviousWordShare;
    }

    /// <summary>The draft as a Markdown article: the title, then Problem, Symptoms, Cause, Resolution, Steps and Related cases.</summary>
    public static string ToMarkdown(KnowledgeSuggestion suggestion)
    {
        var markdown = new StringBuilder();
        markdown.Append("# ").AppendLine(OneLine(suggestion.Title)).AppendLine();
        markdown.AppendLine(CultureInfo.InvariantCulture,
            $"_Drafted {suggestion.SuggestedAt.UtcDateTime:yyyy-MM-dd} from {Count(suggestion.Occurrences, "resolved case")}; {Count(suggestion.AccountsAffected, "customer")} affected._");
        Section("Problem").AppendLine(Paragraph(suggestion.Problem));
        Section("Symptoms");
        List(suggestion.Symptoms, _ => "- ");
        Section("Cause").AppendLine(Paragraph(suggestion.Cause));
        Section("Resolution").AppendLine(Paragraph(suggestion.Resolution));
        Section("Steps");
        List(suggestion.Steps, i => $"{(i + 1).ToString(CultureInfo.InvariantCulture)}. ");
        Section("Related cases");
        List(suggestion.RelatedCases, _ => "- ");
        return markdown.ToString();

        StringBuilder Section(string heading) => markdown.AppendLine().Append("## ").AppendLine(heading).AppendLine();

        void List(IReadOnlyList<string> items, Func<int, string> marker)
        {
            if (items.Count == 0)
            {
                markdown.AppendLine("None recorded.");
            }

            for (var i = 0; i < items.Count; i++)
            {
                markdown.Append(marker(i)).AppendLine(OneLine(items[i]));
            }
        }
    }

    private static string Count(int n, string noun) => $"{n.ToString(CultureInfo.InvariantCulture)} {noun}{(n == 1 ? "" : "s")}";

    private static bool SameCluster(HashSet<string> a, HashSet<string> b)
    {
        var smaller = Math.Min(a.Count, b.Count);
        var shared = a.Count(b.Contains);
        return shared > 0 && shared >= SameClusterShare * smaller;
    }

    // A list item or a heading must stay on one line, or the Markdown structure breaks.
    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string Paragraph(string text) => string.IsNullOrWhiteSpace(text) ? "Not recorded." : text.Trim().ReplaceLineEndings("\n");
}
