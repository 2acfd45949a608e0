using System.Text.Json;
using System.Text.RegularExpressions;
using Investigator.Core.Learning;
using Investigator.Core.Sources;
using Investigator.Core.Sources.Local;

namespace Investigator.Evals.RealData;

/// <summary>One WSL FAQ pair (faq_qa.jsonl): the question and the official answer used as the gold reference.</summary>
public sealed record WslFaqPair(string Id, string Section, string Question, string ReferenceAnswer);

/// <summary>One "##" section of a docs article, as <see cref="MarkdownKnowledgeBase"/> splits them.</summary>
public sealed record DocSection(string ArticleId, string Heading, string Text)
{
    public string Citation => $"{ArticleId}#{Heading}";
}

/// <summary>
/// Reads the WSL documentation knowledge base (Microsoft Learn – Windows Subsystem for Linux
/// documentation, (c) Microsoft, CC BY 4.0 for the docs and MIT for code, from
/// https://github.com/MicrosoftDocs/WSL; see wsl-docs-kb/ATTRIBUTION.md): the Markdown articles under
/// docs/ (article id = path relative to docs/ without ".md", e.g. "tutorials/gui-apps") and the FAQ pairs.
/// </summary>
public static partial class WslDocs
{
    public const string Folder = "wsl-docs-kb";
    public const string DocsFolder = "docs";
    public const string FaqFile = "faq_qa.jsonl";

    public static List<WslFaqPair> ParseFaq(TextReader reader) =>
        JsonLines.Read(reader, root => new WslFaqPair(Str(root, "id"), Str(root, "section"), Str(root, "question"), Str(root, "reference_answer")));

    /// <summary>Every Markdown article under the folder (recursively), parsed by the knowledge base's own parser.</summary>
    public static List<KnowledgeArticle> LoadArticles(string docsFolder) =>
        Directory.EnumerateFiles(docsFolder, "*.md", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => MarkdownKnowledgeBase.Parse(path, File.ReadAllText(path)) with { Id = ArticleId(docsFolder, path) })
            .ToList();

    public static string ArticleId(string docsFolder, string path) =>
        Path.ChangeExtension(Path.GetRelativePath(docsFolder, path), null).Replace('\\', '/');

    /// <summary>
    /// The "##" sections of an article body, split the way <see cref="MarkdownKnowledgeBase"/> splits them
    /// (text before the first "##" is "Overview"; "# " title lines are dropped), so that a hit's section
    /// heading finds its full text here.
    /// </summary>
    public static IEnumerable<DocSection> Sections(KnowledgeArticle article)
    {
        var heading = "Overview";
        var lines = new List<string>();
        foreach (var line in article.Body.Replace("\r\n", "\n").Split('\n'))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                if (lines.Any(l => l.Trim().Length > 0)) yield return new DocSection(article.Id, heading, string.Join('\n', lines).Trim());
                heading = line[3..].Trim();
                lines.Clear();
            }
            else if (!line.StartsWith("# ", StringComparison.Ordinal))
            {
                lines.Add(line);
            }
        }

        if (lines.Any(l => l.Trim().Length > 0)) yield return new DocSection(article.Id, heading, string.Join('\n', lines).Trim());
    }

    /// <summary>Markdown to readable text: images dropped, links reduced to their text, bare URLs, HTML tags and emphasis marks removed.</summary>
    public static string PlainText(string markdown)
    {
        var text = Image().Replace(markdown, " ");
        text = Link().Replace(text, "$1");
        text = Url().Replace(text, " ");
        text = HtmlTag().Replace(text, " ");
        text = text.Replace("**", "", StringComparison.Ordinal).Replace("\\<", "<", StringComparison.Ordinal).Replace("\\>", ">", StringComparison.Ordinal);
        return text;
    }

    private static string Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";

    [GeneratedRegex(@"!\[[^\]]*\]\([^)]*\)")]
    private static partial Regex Image();

    [GeneratedRegex(@"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Url();

    [GeneratedRegex(@"</?[a-zA-Z][^>]*>")]
    private static partial Regex HtmlTag();
}

/// <summary>
/// Key facts of a reference answer, defined deterministically: the reference is reduced to plain text
/// (<see cref="WslDocs.PlainText"/>; a trailing "questions:" line, a YAML parsing artefact of the FAQ
/// file, is dropped), tokenised by <see cref="TextTokens.Words"/> (lower-cased, light stemming, the shared
/// stop words removed, terms of 2–39 letters or digits, so numbers, error codes and command words stay),
/// then general English function words in <see cref="ExtraStopWords"/> are removed and a final "e" is
/// dropped from words over four letters (see <see cref="Terms"/>). The distinct terms
/// left are the key facts; recall is the share of them that the answer's terms (same processing) contain.
/// </summary>
public static class KeyFacts
{
    public static readonly IReadOnlySet<string> ExtraStopWords = new HashSet<string>(StringComparer.Ordinal)
    {
        "also", "am", "another", "because", "before", "after", "being", "both", "each", "either", "etc", "eg", "ie", "even", "ever",
        "every", "few", "more", "most", "much", "many", "may", "might", "must", "neither", "nor", "now", "often", "only", "other", "others",
        "over", "own", "same", "shall", "since", "such", "very", "via", "while", "whether", "where", "why", "yet", "yes", "onto",
        "upon", "within", "without", "their", "his", "her", "him", "hers", "itself", "yourself", "let", "like", "way", "thing", "lot",
        "see", "get", "make", "made", "want", "need", "currently", "too", "don", "doesn", "isn", "aren", "won", "ll", "ve", "re",
    };

    public static List<string> Of(string reference)
    {
        var text = Regex.Replace(reference, @"\n\s*questions:\s*$", "", RegexOptions.None, TimeSpan.FromSeconds(1));
        return Terms(WslDocs.PlainText(text)).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The comparable terms of a text: <see cref="TextTokens.Words"/> minus <see cref="ExtraStopWords"/>, with a
    /// final "e" dropped from words over four letters so the shared stemmer's "enabled" → "enabl" meets
    /// "enable" (applied to reference and answer alike).
    /// </summary>
    public static IEnumerable<string> Terms(string text) =>
        TextTokens.Words(text)
            .Where(w => !ExtraStopWords.Contains(w))
            .Select(w => w.Length > 4 && w.EndsWith('e') ? w[..^1] : w);

    /// <summary>Share of the key facts found among the answer's terms; 0 for an empty fact list.</summary>
    public static double Recall(IReadOnlyCollection<string> facts, string answer)
    {
        if (facts.Count == 0)
        {
            return 0;
        }

        var terms = Terms(WslDocs.PlainText(answer)).ToHashSet(StringComparer.Ordinal);
        return (double)facts.Count(terms.Contains) / facts.Count;
    }

    /// <summary>F1 between the key facts and the answer's distinct terms (recall balanced by how focused the answer is).</summary>
    public static double F1(IReadOnlyCollection<string> facts, string answer)
    {
        var terms = Terms(WslDocs.PlainText(answer)).ToHashSet(StringComparer.Ordinal);
        var hits = facts.Count(terms.Contains);
        return Scoring.Classification.F1(hits, terms.Count - hits, facts.Count - hits);
    }
}
