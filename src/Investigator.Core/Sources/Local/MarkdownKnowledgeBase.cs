using Investigator.Core.Learning;

namespace Investigator.Core.Sources.Local;

/// <summary>
/// A folder of Markdown articles with front matter, searched section by section with BM25, so that a
/// hit points at the part of an article that answers the question.
/// </summary>
public sealed class MarkdownKnowledgeBase : IKnowledgeBase
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    private sealed record Section(KnowledgeArticle Article, string Heading, string Text, Dictionary<string, int> Terms, int Length);

    private readonly List<Section> _sections = [];
    private readonly Dictionary<string, int> _documentFrequency = new(StringComparer.Ordinal);
    private readonly double _averageLength;

    public MarkdownKnowledgeBase(IEnumerable<KnowledgeArticle> articles)
    {
        Articles = articles.ToList();
        foreach (var article in Articles)
        {
            foreach (var (heading, text) in SplitSections(article.Body))
            {
                // Title, tags and heading count towards every section: they say what the section is about.
                var words = TextTokens.Words($"{article.Title} {string.Join(' ', article.Tags)} {heading} {text}");
                var terms = words.GroupBy(w => w, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
                _sections.Add(new Section(article, heading, text, terms, words.Count));
                foreach (var term in terms.Keys)
                {
                    _documentFrequency[term] = _documentFrequency.GetValueOrDefault(term) + 1;
                }
            }
        }

        _averageLength = _sections.Count == 0 ? 1 : _sections.Average(s => s.Length);
    }

    public IReadOnlyList<KnowledgeArticle> Articles { get; }

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

    public Task<IReadOnlyList<KnowledgeHit>> SearchAsync(string query, int top, CancellationToken cancellationToken)
    {
        var queryTerms = TextTokens.Words(query).Distinct(StringComparer.Ordinal).ToList();
        var n = _sections.Count;
        IReadOnlyList<KnowledgeHit> hits = _sections
            .Select(s => (Section: s, Score: queryTerms.Sum(t =>
            {
                if (!s.Terms.TryGetValue(t, out var tf)) return 0;
                var df = _documentFrequency[t];
                var idf = Math.Log(1 + ((n - df + 0.5) / (df + 0.5)));
                return idf * tf * (K1 + 1) / (tf + (K1 * (1 - B + (B * s.Length / _averageLength))));
            })))
            .Where(x => x.Score > 0)
            .OrderByDescending(x => x.Score)
            .GroupBy(x => x.Section.Article.Id)
            .Select(g => g.First())
            .Take(top)
            .Select(x => new KnowledgeHit(x.Section.Article, x.Section.Heading, Excerpt(x.Section.Text), Math.Round(x.Score, 3)))
            .ToList();
        return Task.FromResult(hits);
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

    private static IEnumerable<(string Heading, string Text)> SplitSections(string body)
    {
        var heading = "Overview";
        var lines = new List<string>();
        foreach (var line in body.Split('\n'))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                if (lines.Any(l => l.Trim().Length > 0)) yield return (heading, string.Join('\n', lines).Trim());
                heading = line[3..].Trim();
                lines.Clear();
            }
            else if (!line.StartsWith("# ", StringComparison.Ordinal))
            {
                lines.Add(line);
            }
        }

        if (lines.Any(l => l.Trim().Length > 0)) yield return (heading, string.Join('\n', lines).Trim());
    }

    private static string Excerpt(string text)
    {
        var flat = string.Join(' ', text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return flat.Length <= 400 ? flat : flat[..397] + "...";
    }
}
