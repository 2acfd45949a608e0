using System.Globalization;
using System.Text;

namespace Investigator.Core.Sources.Local;

/// <summary>
/// One retrievable part of a knowledge-base article: a "## " section, or one part of a long section (with
/// the section's heading). Lexical and vector search rank the same parts, so a hit of either names the
/// same text.
/// </summary>
/// <param name="ArticleId">The article's id (front matter, or the file name).</param>
/// <param name="Title">The article's title.</param>
/// <param name="Ordinal">The part's position in its article, from 0; stable while the article is unchanged.</param>
/// <param name="Heading">The "## " heading, "Overview" for the text before the first one; every part of a long section keeps it.</param>
/// <param name="Text">The Markdown of the part, without its heading.</param>
public sealed record KnowledgeSection(string ArticleId, string Title, int Ordinal, string Heading, string Text)
{
    /// <summary>"article#ordinal": unique in a knowledge base.</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{ArticleId}#{Ordinal}");

    /// <summary>What a section is embedded by: the title and heading say what the text is about.</summary>
    public string EmbeddingText => $"{Title}\n{Heading}\n{Text}";
}

/// <summary>
/// Splits articles into <see cref="KnowledgeSection"/>s: at every "## " line (text before the first is
/// "Overview", "# " title lines are dropped), then a section longer than the word limit at paragraph
/// boundaries (blank lines outside fenced code), and a paragraph still longer than the limit at line
/// boundaries. A code block or a single line is never cut, so a part may exceed the limit.
/// </summary>
public static class KnowledgeSections
{
    /// <summary>The heading of the text before an article's first "## " heading.</summary>
    public const string LeadHeading = "Overview";

    /// <summary>
    /// About 400 tokens: a long section's parts stay about one topic each, well under any embedding
    /// model's input limit; the demo world's longest section has under 200 words and is never split.
    /// </summary>
    public const int DefaultMaxWords = 300;

    /// <summary>The parts of every article, article by article.</summary>
    public static IReadOnlyList<KnowledgeSection> Of(IEnumerable<KnowledgeArticle> articles, int maxWords = DefaultMaxWords)
    {
        ArgumentNullException.ThrowIfNull(articles);
        return articles.SelectMany(a => Of(a, maxWords)).ToList();
    }

    /// <summary>The parts of one article, in document order, numbered from 0.</summary>
    public static IReadOnlyList<KnowledgeSection> Of(KnowledgeArticle article, int maxWords = DefaultMaxWords)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWords, 1);
        var parts = new List<KnowledgeSection>();
        foreach (var (heading, text) in Headed(article.Body))
        {
            foreach (var part in Parts(text, maxWords))
            {
                parts.Add(new KnowledgeSection(article.Id, article.Title, parts.Count, heading, part));
            }
        }

        return parts;
    }

    /// <summary>The "## " sections of a Markdown body, whole: heading and trimmed text; empty sections are skipped.</summary>
    public static IEnumerable<(string Heading, string Text)> Headed(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var heading = LeadHeading;
        var lines = new List<string>();
        foreach (var line in body.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
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

    /// <summary>A section's text as parts of at most <paramref name="maxWords"/> words where the boundaries allow.</summary>
    public static IReadOnlyList<string> Parts(string text, int maxWords)
    {
        if (Words(text) <= maxWords)
        {
            return [text];
        }

        // Each unit remembers what separated it from the one before: a blank line between paragraphs, a
        // line break between the lines of a paragraph that was too long on its own.
        var units = new List<(string Text, string Separator)>();
        foreach (var (paragraph, isCode) in Paragraphs(text))
        {
            string[] lines = isCode || Words(paragraph) <= maxWords ? [paragraph] : paragraph.Split('\n');
            units.AddRange(lines.Select((line, i) => (line, i == 0 ? "\n\n" : "\n")));
        }

        var parts = new List<string>();
        var current = new StringBuilder();
        var words = 0;
        foreach (var (unit, separator) in units)
        {
            var length = Words(unit);
            if (current.Length > 0 && words + length > maxWords)
            {
                parts.Add(current.ToString().Trim());
                current.Clear();
                words = 0;
            }

            current.Append(current.Length > 0 ? separator : "").Append(unit);
            words += length;
        }

        if (current.Length > 0) parts.Add(current.ToString().Trim());
        return parts;
    }

    /// <summary>Blank-line separated blocks; a fenced code block (with any blank lines in it) stays one block.</summary>
    private static List<(string Text, bool IsCode)> Paragraphs(string text)
    {
        var paragraphs = new List<(string, bool)>();
        var lines = new List<string>();
        var inCode = false;
        var hasCode = false;
        foreach (var line in text.Split('\n'))
        {
            var fence = line.TrimStart().StartsWith("```", StringComparison.Ordinal) || line.TrimStart().StartsWith("~~~", StringComparison.Ordinal);
            if (!inCode && line.Trim().Length == 0)
            {
                Flush();
                continue;
            }

            lines.Add(line);
            if (fence)
            {
                inCode = !inCode;
                hasCode = true;
            }
        }

        Flush();
        return paragraphs;

        void Flush()
        {
            if (lines.Count > 0) paragraphs.Add((string.Join('\n', lines), hasCode));
            lines.Clear();
            hasCode = false;
        }
    }

    private static int Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
}
