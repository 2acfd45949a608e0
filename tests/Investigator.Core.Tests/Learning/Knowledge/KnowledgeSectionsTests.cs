using Investigator.Core.Sources.Local;

namespace Investigator.Core.Tests.Learning.Knowledge;

/// <summary>How articles become sections, which BM25 and the vector index both rank.</summary>
public sealed class KnowledgeSectionsTests
{
    [Fact]
    public void Sections_split_at_level_two_headings_with_the_lead_text_as_Overview_and_the_title_line_dropped()
    {
        var article = KnowledgeSamples.Article("kb-1", "Title", "# Title\n\nLead text.\n\n## First\n\nOne.\n\n## Empty\n\n## Second\r\n\r\nTwo.\n");

        var sections = KnowledgeSections.Of(article);

        Assert.Equal(
            [("kb-1#0", "Overview", "Lead text."), ("kb-1#1", "First", "One."), ("kb-1#2", "Second", "Two.")],
            sections.Select(s => (s.Key, s.Heading, s.Text)));
        Assert.All(sections, s => Assert.Equal("Title", s.Title));
    }

    [Fact]
    public void A_long_section_is_split_at_paragraph_boundaries_and_every_part_keeps_the_heading()
    {
        var paragraphs = Enumerable.Range(1, 6).Select(i => string.Join(' ', Enumerable.Repeat($"p{i}", 40))).ToList();
        var article = KnowledgeSamples.Article("kb-2", "Long", $"## Intro\n\nShort.\n\n## Details\n\n{string.Join("\n\n", paragraphs)}\n\n## Next\n\nAfter.");

        var sections = KnowledgeSections.Of(article, maxWords: 100);

        var details = sections.Where(s => s.Heading == "Details").ToList();
        Assert.Equal(3, details.Count);
        Assert.All(details, d => Assert.True(d.Text.Split(' ', '\n').Count(w => w.Length > 0) <= 100, d.Text));
        Assert.Equal(string.Join("\n\n", paragraphs), string.Join("\n\n", details.Select(d => d.Text)));
        Assert.Equal(Enumerable.Range(0, sections.Count), sections.Select(s => s.Ordinal));
        Assert.Equal(["Intro", "Details", "Details", "Details", "Next"], sections.Select(s => s.Heading));
    }

    [Fact]
    public void A_code_block_with_blank_lines_is_never_cut()
    {
        var code = "```\nline one\n\nline two\n\nline three\n```";
        var text = $"{string.Join(' ', Enumerable.Repeat("word", 8))}\n\n{code}\n\n{string.Join(' ', Enumerable.Repeat("tail", 8))}";

        var parts = KnowledgeSections.Parts(text, maxWords: 5);

        Assert.Equal(3, parts.Count);
        Assert.Equal(code, parts[1]);
    }

    [Fact]
    public void A_paragraph_longer_than_the_limit_is_split_at_line_boundaries()
    {
        var lines = Enumerable.Range(1, 10).Select(i => $"- item {i} with five words").ToList();

        var parts = KnowledgeSections.Parts(string.Join('\n', lines), maxWords: 12);

        Assert.Equal(5, parts.Count);
        Assert.Equal(string.Join('\n', lines), string.Join('\n', parts));
    }

    [Fact]
    public async Task The_lexical_knowledge_base_ranks_exactly_the_chunkers_sections_and_shows_the_part_it_found()
    {
        var filler = string.Join("\n\n", Enumerable.Range(1, 5).Select(i => string.Join(' ', Enumerable.Repeat($"filler{i}", 60))));
        var article = KnowledgeSamples.Article("kb-3", "Exports", $"## Limits\n\n{filler}\n\nExports stop at 50000 rows.");
        var kb = new MarkdownKnowledgeBase([article], maxSectionWords: 50);

        var hit = Assert.Single(await kb.SearchAsync("rows", 3, CancellationToken.None));

        Assert.Equal(KnowledgeSections.Of(article, 50), kb.Sections);
        Assert.Equal(6, kb.Sections.Count);
        Assert.Equal("Limits", hit.Section);
        Assert.Equal("Exports stop at 50000 rows.", hit.Excerpt);
    }
}
