using System.Text.RegularExpressions;
using Investigator.Core.Sources;
using Investigator.Core.Sources.Local;

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
    /// The sections of <paramref name="best"/>'s article that answer the questions, in the order asked; just
    /// <paramref name="best"/> when fewer than two questions are asked or no question picks a section of it.
    /// A section that points back at an earlier one brings that one along.
    /// </summary>
    public static async Task<IReadOnlyList<KnowledgeHit>> ForQuestionsAsync(IKnowledgeBase knowledgeBase, KnowledgeHit best, IReadOnlyList<string> questions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(knowledgeBase);
        ArgumentNullException.ThrowIfNull(best);
        var passages = new List<KnowledgeHit>();
        if (questions.Count >= 2)
        {
            foreach (var question in questions)
            {
                var hits = await knowledgeBase.SearchAsync(question, HitsPerQuestion, cancellationToken);
                if (hits.FirstOrDefault(h => h.Article.Id == best.Article.Id) is { } hit && passages.All(p => p.Section != hit.Section))
                {
                    passages.Add(hit);
                }
            }
        }

        if (passages.Count == 0)
        {
            passages.Add(best);
        }

        return WithSectionsReferredTo(passages.Take(MaxPassages).ToList());
    }

    /// <summary>
    /// A passage that points back ("start the rotation above") is not whole on its own: the section before
    /// it, which holds what it points at, comes first, unless it is already quoted.
    /// </summary>
    private static List<KnowledgeHit> WithSectionsReferredTo(List<KnowledgeHit> passages)
    {
        var result = new List<KnowledgeHit>();
        foreach (var passage in passages)
        {
            if (PointsBack(passage.Excerpt) && Previous(passage) is { } previous && !passages.Concat(result).Any(p => p.Section == previous.Section))
            {
                result.Add(previous);
            }

            result.Add(passage);
        }

        return result;
    }

    /// <summary>"the rotation above", where the passage has not named a rotation before: a reference to an earlier section.</summary>
    public static bool PointsBack(string excerpt) =>
        BackReference().Matches(excerpt).Any(m =>
        {
            var noun = m.Groups["noun"].Value;
            var stem = noun.Length > 5 ? noun[..5] : noun;
            return !excerpt[..m.Index].Contains(stem, StringComparison.OrdinalIgnoreCase);
        });

    /// <summary>The whole section before the passage's section in its article; null for the first.</summary>
    private static KnowledgeHit? Previous(KnowledgeHit passage)
    {
        var sections = KnowledgeSections.Of(passage.Article);
        var first = sections.ToList().FindIndex(s => s.Heading == passage.Section);
        if (first <= 0)
        {
            return null;
        }

        var heading = sections[first - 1].Heading;
        var text = string.Join("\n\n", sections.Where(s => s.Heading == heading).Select(s => s.Text));
        return new KnowledgeHit(passage.Article, heading, MarkdownKnowledgeBase.ExcerptOf(text), 0);
    }

    /// <summary>One section's excerpt as it is; several as headed passages separated by blank lines.</summary>
    public static string Excerpt(IReadOnlyList<KnowledgeHit> passages) =>
        passages.Count == 1
            ? passages[0].Excerpt
            : string.Join("\n\n", passages.Select(p => $"{HeadingMark}{p.Section}\n{p.Excerpt}"));

    [GeneratedRegex(@"\bthe\s+(?:\w+\s+){0,2}?(?<noun>\w+)\s+(?:above|listed above|shown above|described above)\b", RegexOptions.IgnoreCase)]
    private static partial Regex BackReference();

    [GeneratedRegex(@"[^.!?\n()]{8,300}\?")]
    private static partial Regex Question();
}
