namespace Investigator.Core.Sources;

/// <summary>A knowledge-base article: Markdown with a small front matter.</summary>
public sealed record KnowledgeArticle(
    string Id,
    string Title,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Components,
    string Body,
    string Path);

/// <summary>A knowledge-base hit: the article and the best matching section.</summary>
public sealed record KnowledgeHit(KnowledgeArticle Article, string Section, string Excerpt, double Score);
