using System.Text.RegularExpressions;
using Investigator.Core.Sources;

namespace Investigator.Core.Investigation.Tools;

/// <summary>
/// The passages of one help article that answer a ticket's questions. A customer who asks three things
/// ("do you retry? how often? will the endpoint be switched off?") needs three sections of the same
/// article, and the section that best matches the whole ticket is often none of them. Each question is
/// searched on its own; the best section of the article for it is kept, once, in the order asked.
/// </summary>
/// <remarks>
/// A composed excerpt holds one passage per section, separated by a blank line, each starting with
/// <see cref="HeadingMark"/> and its heading on a line of its own: <c>Drafting.ArticleQuote</c> reads it back.
/// </remarks>
public static partial class ArticlePassages
{
    /// <summary>Starts a passage's heading line in a composed excerpt.</summary>
    public const string HeadingMark = "§ ";

    /// <summary>The most passages one article contributes.</summary>
    public const int MaxPassages = 4;

    /// <summary>How many hits per question are looked through for the article.</summary>
    private const int HitsPerQuestion = 5;

    /// <summary>The questions of a query: sentences ending with "?" of three words or more, in order, each once.</summary>
    public static IReadOnlyList<string> Questions(string query) =>
        Question().Matches(query ?? "")
            .Select(m => m.Value.Trim())
            .Where(q => q.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 3)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>
    /// The sections of <paramref name="best"/>'s article that answer the questions, starting with the best
    /// hit's own section when a question picks it; just <paramref name="best"/> when fewer than two questions
    /// are asked or no question picks another section.
    /// </summary>
    public static async Task<IReadOnlyList<KnowledgeHit>> ForQuestionsAsync(IKnowledgeBase knowledgeBase, KnowledgeHit best, IReadOnlyList<string> questions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(knowledgeBase);
        ArgumentNullException.ThrowIfNull(best);
        if (questions.Count < 2)
        {
            return [best];
        }

        var passages = new List<KnowledgeHit>();
        foreach (var question in questions)
        {
            var hits = await knowledgeBase.SearchAsync(question, HitsPerQuestion, cancellationToken);
            if (hits.FirstOrDefault(h => h.Article.Id == best.Article.Id) is { } hit && passages.All(p => p.Section != hit.Section))
            {
                passages.Add(hit);
            }
        }

        return passages.Count switch
        {
            0 => [best],
            _ => passages.Take(MaxPassages).ToList(),
        };
    }

    /// <summary>One section's excerpt as it is; several as headed passages separated by blank lines.</summary>
    public static string Excerpt(IReadOnlyList<KnowledgeHit> passages) =>
        passages.Count == 1
            ? passages[0].Excerpt
            : string.Join("\n\n", passages.Select(p => $"{HeadingMark}{p.Section}\n{p.Excerpt}"));

    [GeneratedRegex(@"[^.!?\n()]{8,300}\?")]
    private static partial Regex Question();
}
