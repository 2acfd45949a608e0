using Investigator.Core.Learning;
using Investigator.Core.Learning.Knowledge;
using Investigator.Core.Sources.Local;
using Microsoft.Extensions.AI;

namespace Investigator.Core.Tests.Learning.Knowledge;

/// <summary>What every <see cref="IKnowledgeSectionIndex"/> does, run against each implementation.</summary>
public abstract class KnowledgeSectionIndexBehaviour : IAsyncLifetime
{
    private static readonly IReadOnlyList<KnowledgeSection> Sections = KnowledgeSections.Of(KnowledgeSamples.Articles);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A new, empty index over <paramref name="generator"/>.</summary>
    protected abstract Task<IKnowledgeSectionIndex> OpenAsync(IEmbeddingGenerator<string, Embedding<float>> generator);

    [Fact]
    public async Task A_search_returns_the_most_similar_sections_first_with_their_cosine()
    {
        var index = await OpenAsync(new ConceptEmbeddingGenerator());
        await index.ReindexAsync(Sections, CancellationToken.None);

        var found = await index.SearchAsync("billed twice", 2, CancellationToken.None);

        Assert.Equal(2, found.Count);
        Assert.Equal("kb-007", found[0].Section.ArticleId);
        Assert.Equal("Why", found[0].Section.Heading);
        Assert.Contains("remaining days", found[0].Section.Text, StringComparison.Ordinal);
        Assert.True(found[0].Score > found[1].Score, $"{found[0].Score} then {found[1].Score}");
        Assert.InRange(found[0].Score, 0.5, 1.0);
        Assert.Equal(Math.Round(found[0].Score, 4), found[0].Score);
    }

    [Fact]
    public async Task An_index_holds_nothing_before_the_first_reindex_and_counts_what_it_holds_after()
    {
        var index = await OpenAsync(new ConceptEmbeddingGenerator());

        Assert.Empty(await index.SearchAsync("billed twice", 3, CancellationToken.None));
        Assert.Equal(0, await index.CountAsync(CancellationToken.None));

        var result = await index.ReindexAsync(Sections, CancellationToken.None);

        Assert.Equal(Sections.Count, await index.CountAsync(CancellationToken.None));
        Assert.Equal((Sections.Count, 0), (result.Indexed, result.Removed));
        Assert.Equal(new EmbeddingSignature("test:concepts", ConceptEmbeddingGenerator.Concepts.Count), result.Signature);
    }

    [Fact]
    public async Task A_reindex_removes_the_sections_that_no_longer_exist()
    {
        var index = await OpenAsync(new ConceptEmbeddingGenerator());
        await index.ReindexAsync(Sections, CancellationToken.None);
        var withoutBilling = Sections.Where(s => s.ArticleId != "kb-007").ToList();

        var result = await index.ReindexAsync(withoutBilling, CancellationToken.None);

        Assert.Equal((withoutBilling.Count, Sections.Count - withoutBilling.Count), (result.Indexed, result.Removed));
        Assert.Equal(withoutBilling.Count, await index.CountAsync(CancellationToken.None));
        var found = await index.SearchAsync("billed twice invoice", 10, CancellationToken.None);
        Assert.DoesNotContain(found, f => f.Section.ArticleId == "kb-007");
    }

    [Fact]
    public async Task A_reindex_replaces_a_section_whose_text_changed()
    {
        var index = await OpenAsync(new ConceptEmbeddingGenerator());
        await index.ReindexAsync(Sections, CancellationToken.None);
        var changed = Sections.Select(s => s.Key == "kb-009#0" ? s with { Text = "Every callback is sent once, with no retry." } : s).ToList();

        await index.ReindexAsync(changed, CancellationToken.None);

        var found = await index.SearchAsync("webhook", 1, CancellationToken.None);
        Assert.Equal("Every callback is sent once, with no retry.", Assert.Single(found).Section.Text);
        Assert.Equal(Sections.Count, await index.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Vectors_of_another_dimension_than_the_index_holds_are_refused()
    {
        var generator = new ResizableEmbeddingGenerator(8);
        var index = await OpenAsync(generator);
        await index.ReindexAsync(Sections, CancellationToken.None);
        generator.Dimensions = 16;

        var error = await Assert.ThrowsAsync<EmbeddingMismatchException>(() => index.SearchAsync("billed twice", 3, CancellationToken.None));

        Assert.Equal((8, 16), (error.Stored.Dimensions, error.Configured.Dimensions));
        Assert.Equal("test:resizable", error.Stored.GeneratorId);
    }
}

public sealed class EmbeddedKnowledgeSectionIndexTests : KnowledgeSectionIndexBehaviour
{
    protected override Task<IKnowledgeSectionIndex> OpenAsync(IEmbeddingGenerator<string, Embedding<float>> generator) =>
        Task.FromResult<IKnowledgeSectionIndex>(new EmbeddedKnowledgeSectionIndex(generator));

    [Fact]
    public async Task The_index_records_the_signature_of_the_vectors_it_holds()
    {
        var index = new EmbeddedKnowledgeSectionIndex(new HashingEmbeddingGenerator(256));
        Assert.Null(index.Signature);

        await index.ReindexAsync(KnowledgeSections.Of(KnowledgeSamples.Articles), CancellationToken.None);

        Assert.Equal(new EmbeddingSignature(new CaseEmbedder(new HashingEmbeddingGenerator(256)).GeneratorId, 256), index.Signature);
    }

    [Fact]
    public async Task Sections_are_embedded_in_batches_not_one_request_each()
    {
        var generator = new ConceptEmbeddingGenerator();
        var sections = Enumerable.Range(0, 130).Select(i => new KnowledgeSection("kb", "T", i, "H", $"invoice {i}")).ToList();

        await new EmbeddedKnowledgeSectionIndex(generator).ReindexAsync(sections, CancellationToken.None);

        Assert.Equal(3, generator.Calls);
    }
}

public sealed class QdrantKnowledgeSectionIndexBehaviourTests : KnowledgeSectionIndexBehaviour
{
    private readonly List<QdrantSectionTestIndex> _indexes = [];
    private Qdrant.FakeQdrant _fake = null!;

    public override async Task InitializeAsync() => _fake = await Qdrant.FakeQdrant.StartAsync();

    public override async Task DisposeAsync()
    {
        foreach (var index in _indexes) index.Dispose();
        await _fake.DisposeAsync();
    }

    protected override Task<IKnowledgeSectionIndex> OpenAsync(IEmbeddingGenerator<string, Embedding<float>> generator)
    {
        var index = new QdrantSectionTestIndex(_fake.Url, generator);
        _indexes.Add(index);
        return Task.FromResult<IKnowledgeSectionIndex>(index.Index);
    }
}
