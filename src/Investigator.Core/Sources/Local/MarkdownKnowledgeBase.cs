using Investigator.Core.Learning;

namespace Investigator.Core.Sources.Local;

/// <summary>
/// A folder of Markdown articles with front matter, searched section by section (<see cref="KnowledgeSections"/>:
/// a long section in parts) with BM25, so that a hit points at the part of an article that answers the
/// question. <see cref="KnowledgeHit.Score"/> is the BM25 score of the section shown, which is what
/// <c>KnowledgePlugin.MinimumArticleScore</c> is set against.
/// </summary>
public sealed class MarkdownKnowledgeBase : IKnowledgeBase
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    /// <summary>The longest excerpt a hit carries, in characters.</summary>
    public const int MaxExcerptChars = 2400;

    private sealed record Indexed(KnowledgeSection Section, Dictionary<string, int> Terms, int Length);

    private readonly List<Indexed> _sections = [];
    private readonly Dictionary<string, int> _documentFrequency = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KnowledgeArticle> _articles = new(StringComparer.Ordinal);
    private readonly double _averageLength;

    /// <param name="articles">The articles; an id seen twice keeps its first article.</param>
    /// <param name="maxSectionWords">The word limit from which a section is split further (<see cref="KnowledgeSections.Parts"/>).</param>
    public MarkdownKnowledgeBase(IEnumerable<KnowledgeArticle> articles, int maxSectionWords = KnowledgeSections.DefaultMaxWords)
    {
        ArgumentNullException.ThrowIfNull(articles);
        Articles = articles.ToList();
        foreach (var article in Articles)
        {
            if (!_articles.TryAdd(article.Id, article))
            {
                continue;
            }

            foreach (var section in KnowledgeSections.Of(article, maxSectionWords))
            {
                // Title, tags and heading count towards every section: they say what the section is about.
                var words = TextTokens.Words($"{article.Title} {string.Join(' ', article.Tags)} {section.Heading} {section.Heading} {section.Heading} {section.Text}");
                var terms = words.GroupBy(w => w, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
                _sections.Add(new Indexed(section, terms, words.Count));
                foreach (var term in terms.Keys)
                {
                    _documentFrequency[term] = _documentFrequency.GetValueOrDefault(term) + 1;
                }
            }
        }

        Sections = _sections.Select(s => s.Section).ToList();
        _averageLength = _sections.Count == 0 ? 1 : _sections.Average(s => s.Length);
    }

    public IReadOnlyList<KnowledgeArticle> Articles { get; }

    /// <summary>Every section searched, article by article: what a vector index of this knowledge base holds.</summary>
    public IReadOnlyList<KnowledgeSection> Sections { get; }

    public static MarkdownKnowledgeBase Load(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return new MarkdownKnowledgeBase([]);
        }

        var articles = Directory.EnumerateFiles(folder, "*.md")
            .Order(StringComparer.Ordinal)
            .Select(path => Parse(path, File.ReadAllText(path)))
            .ToList();
        return new MarkdownKnowledgeBase(articles);
    }

    /// <summary>The article a section belongs to; null for an id this knowledge base does not hold.</summary>
    public KnowledgeArticle? Article(string articleId) => _articles.GetValueOrDefault(articleId);

    public Task<IReadOnlyList<KnowledgeHit>> SearchAsync(string query, int top, CancellationToken cancellationToken)
    {
        IReadOnlyList<KnowledgeHit> hits = Rank(query)
            .DistinctBy(x => x.Section.ArticleId)
            .Take(top)
            .Select(x => Hit(x.Section, x.Score))
            .ToList();
        return Task.FromResult(hits);
    }

    /// <summary>Every section sharing a term with the query, by BM25 score, best first (ties in document order).</summary>
    public IReadOnlyList<(KnowledgeSection Section, double Score)> Rank(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var queryTerms = TextTokens.Words(query).Distinct(StringComparer.Ordinal).ToList();
        var n = _sections.Count;
        return _sections
            .Select(s => (s.Section, Score: queryTerms.Sum(t =>
            {
                if (!s.Terms.TryGetValue(t, out var tf)) return 0;
                var df = _documentFrequency[t];
                var idf = Math.Log(1 + ((n - df + 0.5) / (df + 0.5)));
                return idf * tf * (K1 + 1) / (tf + (K1 * (1 - B + (B * s.Length / _averageLength))));
            })))
            .Where(x => x.Score > 0)
            .OrderByDescending(x => x.Score)
            .ToList();
    }

    /// <summary>A hit for a section of this knowledge base: its article, heading, the section's text as its excerpt, and the score rounded to 3 decimals.</summary>
    public KnowledgeHit Hit(KnowledgeSection section, double score)
    {
        ArgumentNullException.ThrowIfNull(section);
        var article = Article(section.ArticleId) ?? throw new ArgumentException($"The knowledge base holds no article '{section.ArticleId}'.", nameof(section));
        return new KnowledgeHit(article, section.Heading, ExcerptOf(section.Text), Math.Round(score, 3));
    }

    /// <summary>Parses an article: front matter between "---" lines (id, title, tags, components), then Markdown.</summary>
    public static KnowledgeArticle Parse(string path, string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var body = text.Replace("\r\n", "\n");
        if (body.StartsWith("---\n", StringComparison.Ordinal))
        {
            var end = body.IndexOf("\n---", 4, StringComparison.Ordinal);
            if (end > 0)
            {
                foreach (var line in body[4..end].Split('\n'))
                {
                    var colon = line.IndexOf(':');
                    if (colon > 0)
                    {
                        fields[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                    }
                }

                body = body[(end + 4)..].TrimStart('\n');
            }
        }

        static List<string> List(string? value) =>
            value is null ? [] : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

        var id = fields.GetValueOrDefault("id") ?? Path.GetFileNameWithoutExtension(path);
        var title = fields.GetValueOrDefault("title") ?? body.Split('\n').FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..] ?? id;
        return new KnowledgeArticle(id, title, List(fields.GetValueOrDefault("tags")), List(fields.GetValueOrDefault("components")), body, path);
    }

    /// <summary>
    /// The section's text on one line, whole up to <see cref="MaxExcerptChars"/>: a section is already at
    /// most <see cref="KnowledgeSections.DefaultMaxWords"/> words, and an answer quoted from it must not
    /// stop before the step that answers the question. Cut with "..." only beyond that.
    /// </summary>
    public static string ExcerptOf(string text)
    {
        var flat = string.Join(' ', text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return flat.Length <= MaxExcerptChars ? flat : flat[..(MaxExcerptChars - 3)] + "...";
    }
}
