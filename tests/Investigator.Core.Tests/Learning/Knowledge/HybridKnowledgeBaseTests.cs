using Investigator.Core.Investigation.Tools;
using Investigator.Core.Learning;
using Investigator.Core.Learning.Knowledge;
using Investigator.Core.Learning.Qdrant;
using Investigator.Core.Sources.Local;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace Investigator.Core.Tests.Learning.Knowledge;

/// <summary>BM25 and the section vectors together: what each ranking finds, what the score means, and what happens when the index fails.</summary>
public sealed class HybridKnowledgeBaseTests
{
    // Shares no word with any article (after TextTokens' stemming): BM25 finds nothing.
    private const string Paraphrase = "billed twice";

    [Theory]
    [InlineData(KnowledgeRanking.Fused)]
    [InlineData(KnowledgeRanking.VectorFallback)]
    public async Task A_paraphrase_BM25_misses_is_found_by_the_vectors(KnowledgeRanking ranking)
    {
        var lexical = new MarkdownKnowledgeBase(KnowledgeSamples.Articles);
        using var hybrid = await KnowledgeSamples.HybridAsync(ranking);

        var bm25 = await lexical.SearchAsync(Paraphrase, 3, CancellationToken.None);
        var hits = await hybrid.SearchAsync(Paraphrase, 3, CancellationToken.None);

        Assert.Empty(bm25);
        Assert.Equal("kb-007", hits[0].Article.Id);
        Assert.Equal("Why", hits[0].Section);
        Assert.Equal(hits.Count, hits.Select(h => h.Article.Id).Distinct().Count());
    }

    [Fact]
    public async Task The_score_stays_BM25_so_a_section_only_the_vectors_found_is_shown_but_not_cited()
    {
        using var hybrid = await KnowledgeSamples.HybridAsync(KnowledgeRanking.Fused);
        var plugin = new KnowledgePlugin(hybrid, Substitute.For<ICaseMemory>(), new CaseScope(null, null, "lead@example.com", DateTimeOffset.UnixEpoch, null));

        var result = await plugin.SearchKnowledgeBaseAsync(Paraphrase, cancellationToken: CancellationToken.None);

        Assert.Equal("kb-007", result.Hits[0].ArticleId);
        Assert.Equal(0, result.Hits[0].Score);
        Assert.Equal("kb.no_match", Assert.Single(result.Findings).Signal);
    }

    [Fact]
    public async Task A_fused_hit_carries_the_BM25_score_of_the_section_shown()
    {
        var lexical = new MarkdownKnowledgeBase(KnowledgeSamples.Articles);
        using var hybrid = await KnowledgeSamples.HybridAsync(KnowledgeRanking.Fused);
        const string query = "invitation link expires";

        var bm25 = await lexical.SearchAsync(query, 3, CancellationToken.None);
        var hits = await hybrid.SearchAsync(query, 3, CancellationToken.None);

        var invitation = Assert.Single(hits, h => h.Article.Id == "kb-023");
        Assert.Equal(bm25.Single(h => h.Article.Id == "kb-023").Score, invitation.Score);
        Assert.True(invitation.Score > 0);
    }

    [Fact]
    public async Task While_BM25_finds_an_answer_the_fallback_ranking_is_BM25s_and_the_index_is_not_asked()
    {
        var lexical = new MarkdownKnowledgeBase(KnowledgeSamples.Articles);
        var index = Substitute.For<IKnowledgeSectionIndex>();
        using var hybrid = new HybridKnowledgeBase(lexical, index, KnowledgeRanking.VectorFallback);
        const string query = "SAML signing certificate rotation upload identity provider";

        var bm25 = await lexical.SearchAsync(query, 3, CancellationToken.None);
        var hits = await hybrid.SearchAsync(query, 3, CancellationToken.None);

        Assert.True(bm25[0].Score >= KnowledgePlugin.MinimumArticleScore, $"BM25 best {bm25[0].Score}");
        Assert.Equal(bm25, hits);
        await index.DidNotReceiveWithAnyArgs().SearchAsync(default!, default, default);
        await index.DidNotReceiveWithAnyArgs().ReindexAsync(default!, default);
    }

    [Fact]
    public async Task The_lexical_ranking_never_builds_the_index()
    {
        var index = Substitute.For<IKnowledgeSectionIndex>();
        using var hybrid = new HybridKnowledgeBase(new MarkdownKnowledgeBase(KnowledgeSamples.Articles), index, KnowledgeRanking.Lexical);

        Assert.False(await hybrid.IndexAsync(CancellationToken.None));
        Assert.Empty(await hybrid.SearchAsync(Paraphrase, 3, CancellationToken.None));
        await index.DidNotReceiveWithAnyArgs().ReindexAsync(default!, default);
    }

    [Fact]
    public async Task The_index_is_built_once_from_the_knowledge_bases_own_sections()
    {
        var lexical = new MarkdownKnowledgeBase(KnowledgeSamples.Articles);
        var index = Substitute.For<IKnowledgeSectionIndex>();
        index.ReindexAsync(default!, default).ReturnsForAnyArgs(new SectionReindexResult(lexical.Sections.Count, 0, new EmbeddingSignature("test:x", 4)));
        index.SearchAsync(default!, default, default).ReturnsForAnyArgs([]);
        using var hybrid = new HybridKnowledgeBase(lexical, index, KnowledgeRanking.Fused);

        await hybrid.SearchAsync("invoice", 3, CancellationToken.None);
        await hybrid.SearchAsync("webhook", 3, CancellationToken.None);

        await index.Received(1).ReindexAsync(lexical.Sections, Arg.Any<CancellationToken>());
        await index.Received(1).SearchAsync("webhook", HybridKnowledgeBase.VectorCandidates, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task An_index_that_cannot_be_built_leaves_BM25_answering_and_is_tried_again_after_a_minute()
    {
        var lexical = new MarkdownKnowledgeBase(KnowledgeSamples.Articles);
        var index = Substitute.For<IKnowledgeSectionIndex>();
        index.ReindexAsync(default!, default).ThrowsAsyncForAnyArgs(new QdrantException("Qdrant get collection failed: Connection refused"));
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var hybrid = new HybridKnowledgeBase(lexical, index, KnowledgeRanking.Fused, time: time);

        var hits = await hybrid.SearchAsync("invitation", 3, CancellationToken.None);
        await hybrid.SearchAsync("invitation", 3, CancellationToken.None);
        time.Advance(HybridKnowledgeBase.RetryIndexAfter);
        await hybrid.SearchAsync("invitation", 3, CancellationToken.None);

        Assert.Equal(await lexical.SearchAsync("invitation", 3, CancellationToken.None), hits);
        await index.ReceivedWithAnyArgs(2).ReindexAsync(default!, default);
        await index.DidNotReceiveWithAnyArgs().SearchAsync(default!, default, default);
    }

    [Fact]
    public async Task An_index_search_that_fails_leaves_BM25_answering()
    {
        var lexical = new MarkdownKnowledgeBase(KnowledgeSamples.Articles);
        var index = Substitute.For<IKnowledgeSectionIndex>();
        index.ReindexAsync(default!, default).ReturnsForAnyArgs(new SectionReindexResult(0, 0, new EmbeddingSignature("test:x", 4)));
        index.SearchAsync(default!, default, default).ThrowsAsyncForAnyArgs(new QdrantException("Qdrant query failed with HTTP 503"));
        using var hybrid = new HybridKnowledgeBase(lexical, index, KnowledgeRanking.Fused);

        var hits = await hybrid.SearchAsync("invitation", 3, CancellationToken.None);

        Assert.Equal(await lexical.SearchAsync("invitation", 3, CancellationToken.None), hits);
    }

    [Fact]
    public async Task An_embedding_mismatch_is_a_configuration_error_and_is_thrown()
    {
        var index = Substitute.For<IKnowledgeSectionIndex>();
        var mismatch = new EmbeddingMismatchException("The Qdrant collection 'kb'", new EmbeddingSignature("builtin:a", 512), new EmbeddingSignature("openai:b", 1536));
        index.ReindexAsync(default!, default).ThrowsAsyncForAnyArgs(mismatch);
        using var hybrid = new HybridKnowledgeBase(new MarkdownKnowledgeBase(KnowledgeSamples.Articles), index, KnowledgeRanking.Fused);

        var error = await Assert.ThrowsAsync<EmbeddingMismatchException>(() => hybrid.SearchAsync(Paraphrase, 3, CancellationToken.None));

        Assert.Same(mismatch, error);
    }

    [Fact]
    public async Task A_section_the_index_holds_but_the_knowledge_base_does_not_is_never_shown()
    {
        var lexical = new MarkdownKnowledgeBase(KnowledgeSamples.Articles);
        var index = Substitute.For<IKnowledgeSectionIndex>();
        index.ReindexAsync(default!, default).ReturnsForAnyArgs(new SectionReindexResult(0, 0, new EmbeddingSignature("test:x", 4)));
        index.SearchAsync(default!, default, default).ReturnsForAnyArgs(
            [new SectionMatch(new KnowledgeSection("kb-removed", "Gone", 0, "Overview", "billed twice"), 0.99), new SectionMatch(lexical.Sections[1], 0.5)]);
        using var hybrid = new HybridKnowledgeBase(lexical, index, KnowledgeRanking.Fused);

        var hits = await hybrid.SearchAsync(Paraphrase, 3, CancellationToken.None);

        Assert.Equal("kb-007", Assert.Single(hits).Article.Id);
    }
}
