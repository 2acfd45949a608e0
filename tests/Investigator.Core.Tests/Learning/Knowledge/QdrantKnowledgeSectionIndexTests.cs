using Investigator.Core.Learning;
using Investigator.Core.Learning.Knowledge;
using Investigator.Core.Learning.Qdrant;
using Investigator.Core.Sources.Local;
using Investigator.Core.Tests.Learning.Qdrant;
using Microsoft.Extensions.AI;

namespace Investigator.Core.Tests.Learning.Knowledge;

/// <summary>What the Qdrant section index does to its collection: creates it apart, keys its points, drops stale ones, refuses a foreign one.</summary>
public sealed class QdrantKnowledgeSectionIndexTests : IAsyncLifetime
{
    private static readonly IReadOnlyList<KnowledgeSection> Sections = KnowledgeSections.Of(KnowledgeSamples.Articles);
    private readonly List<QdrantSectionTestIndex> _indexes = [];
    private FakeQdrant _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeQdrant.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var index in _indexes) index.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task The_sections_get_a_collection_of_their_own_created_like_the_case_memorys()
    {
        var opened = Open(new HashingEmbeddingGenerator());

        await opened.Index.ReindexAsync(Sections, CancellationToken.None);

        var state = _fake.State(opened.Options.Collection)!;
        Assert.Equal((512, "Cosine"), (state.Size, state.Distance));
        Assert.Equal(new CaseEmbedder(new HashingEmbeddingGenerator()).GeneratorId, state.Metadata?["embedding_generator"]?.GetValue<string>());
        Assert.Equal(new Dictionary<string, string> { ["article_id"] = "keyword", ["embedding_generator"] = "keyword" }, state.Indexes);
        Assert.NotEqual(opened.CaseMemoryOptions.Collection, opened.Options.Collection);
        Assert.Null(_fake.State(opened.CaseMemoryOptions.Collection));
        Assert.All(_fake.Requests.Where(r => r.OperationId is "upsert_points" or "delete_points" or "create_field_index"), r => Assert.Equal("true", r.Query["wait"]));
    }

    [Fact]
    public async Task A_section_is_a_point_keyed_by_the_UUIDv5_of_article_and_ordinal_with_the_section_in_its_payload()
    {
        var opened = Open(new ConceptEmbeddingGenerator());

        await opened.Index.ReindexAsync(Sections, CancellationToken.None);

        var payloads = _fake.State(opened.Options.Collection)!.Payloads;
        Assert.Equal(Sections.Select(s => KnowledgeSectionPayload.PointIdOf(s.Key).ToString("D")).Order(), payloads.Keys.Order());
        var why = payloads[KnowledgeSectionPayload.PointIdOf("kb-007#1").ToString("D")];
        Assert.Equal(("kb-007#1", "kb-007", 1, "Proration after an upgrade", "Why", "test:concepts", 6),
            (why["section_key"]!.GetValue<string>(), why["article_id"]!.GetValue<string>(), why["ordinal"]!.GetValue<int>(), why["title"]!.GetValue<string>(),
             why["heading"]!.GetValue<string>(), why["embedding_generator"]!.GetValue<string>(), why["embedding_dimensions"]!.GetValue<int>()));
        Assert.StartsWith("The proration covers", why["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEqual(CasePointId.For("kb-007#1"), KnowledgeSectionPayload.PointIdOf("kb-007#1"));
    }

    [Fact]
    public async Task A_reindex_deletes_the_points_of_sections_that_no_longer_exist_in_one_filtered_delete()
    {
        var opened = Open(new ConceptEmbeddingGenerator());
        await opened.Index.ReindexAsync(Sections, CancellationToken.None);
        var kept = Sections.Where(s => s.ArticleId != "kb-007").ToList();

        var result = await opened.Index.ReindexAsync(kept, CancellationToken.None);

        Assert.Equal(2, result.Removed);
        Assert.Equal(kept.Select(s => KnowledgeSectionPayload.PointIdOf(s.Key).ToString("D")).Order(), _fake.State(opened.Options.Collection)!.Payloads.Keys.Order());
        var delete = Assert.Single(_fake.Requests, r => r.OperationId == "delete_points");
        Assert.Equal(kept.Count, delete.Json["filter"]!["must_not"]![0]!["has_id"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_reindex_with_nothing_stale_deletes_nothing()
    {
        var opened = Open(new ConceptEmbeddingGenerator());
        await opened.Index.ReindexAsync(Sections, CancellationToken.None);

        var result = await opened.Index.ReindexAsync(Sections, CancellationToken.None);

        Assert.Equal(0, result.Removed);
        Assert.DoesNotContain(_fake.Requests, r => r.OperationId == "delete_points");
    }

    [Fact]
    public async Task Another_instance_searches_the_sections_already_in_the_collection()
    {
        var first = Open(new ConceptEmbeddingGenerator());
        await first.Index.ReindexAsync(Sections, CancellationToken.None);

        var second = Open(new ConceptEmbeddingGenerator(), first.Options.Collection);
        var found = await second.Index.SearchAsync("rotate the signing cert", 1, CancellationToken.None);

        Assert.Equal("kb-013#0", Assert.Single(found).Section.Key);
        Assert.Equal(Sections.Count, await second.Index.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_collection_built_by_another_generator_is_refused_naming_both()
    {
        var first = Open(new HashingEmbeddingGenerator());
        await first.Index.ReindexAsync(Sections, CancellationToken.None);

        var other = Open(new RenamedEmbeddingGenerator("another-model"), first.Options.Collection);
        var error = await Assert.ThrowsAsync<EmbeddingMismatchException>(() => other.Index.ReindexAsync(Sections, CancellationToken.None));

        Assert.Equal(new CaseEmbedder(new HashingEmbeddingGenerator()).GeneratorId, error.Stored.GeneratorId);
        Assert.Equal("test:another-model", error.Configured.GeneratorId);
        Assert.Equal(Sections.Count, _fake.State(first.Options.Collection)!.Payloads.Count);
    }

    [Fact]
    public void The_sections_never_share_the_case_memorys_collection()
    {
        var caseMemory = QdrantTestStore.Options(_fake.Url, collection: "shared-name");

        var error = Assert.Throws<InvalidOperationException>(() => new KnowledgeBaseOptions { QdrantCollection = "shared-name" }.QdrantFor(caseMemory));

        Assert.Contains("KnowledgeBase:QdrantCollection 'shared-name'", error.Message, StringComparison.Ordinal);
        Assert.Equal(("kb", caseMemory.Url), (new KnowledgeBaseOptions { QdrantCollection = "kb" }.QdrantFor(caseMemory).Collection, caseMemory.Url));
    }

    private QdrantSectionTestIndex Open(IEmbeddingGenerator<string, Embedding<float>> generator, string? collection = null)
    {
        var index = new QdrantSectionTestIndex(_fake.Url, generator, collection);
        _indexes.Add(index);
        return index;
    }
}
