using Investigator.Core.Learning;
using Investigator.Core.Learning.Knowledge;
using Investigator.Core.Learning.Qdrant;
using Investigator.Core.Sources;
using Investigator.Core.Sources.Local;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Investigator.Core.Tests.Learning.Knowledge;

/// <summary>
/// A stand-in for a semantic embedding model: each dimension is a concept, and a text's vector counts the
/// words of each concept it contains, so "billed twice" and "two charges on the invoice" land close
/// although they share no word. Words outside every concept are ignored.
/// </summary>
public sealed class ConceptEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public static readonly IReadOnlyList<string[]> Concepts =
    [
        ["billed", "charged", "charge", "charges", "invoice", "invoices", "payment", "proration", "prorated"],
        ["twice", "double", "two", "duplicate"],
        ["signing", "signature", "certificate", "cert", "x509"],
        ["swap", "rotate", "rotating", "rotation", "replace", "renew"],
        ["webhook", "webhooks", "callback", "event", "events", "delivery", "deliveries"],
        ["teammate", "colleague", "user", "users", "seat", "seats", "invite", "invitation"],
    ];

    private readonly Dictionary<string, int> _concept = Concepts
        .SelectMany((words, i) => words.Select(w => (w, i)))
        .ToDictionary(x => x.w, x => x.i, StringComparer.Ordinal);

    public int Calls { get; private set; }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls++;
        var embeddings = values.Select(text =>
        {
            var vector = new float[Concepts.Count];
            foreach (var word in text.ToLowerInvariant().Split([' ', '\n', '.', ',', ';', ':', '?', '!', '(', ')', '"', '\''], StringSplitOptions.RemoveEmptyEntries))
            {
                if (_concept.TryGetValue(word, out var concept)) vector[concept]++;
            }

            return new Embedding<float>(vector);
        });
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(embeddings));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(EmbeddingGeneratorMetadata)
            ? new EmbeddingGeneratorMetadata("test", defaultModelId: "concepts", defaultModelDimensions: Concepts.Count)
            : null;

    public void Dispose()
    {
    }
}

/// <summary>A generator that declares no dimension and returns vectors of whatever length <see cref="Dimensions"/> says now.</summary>
public sealed class ResizableEmbeddingGenerator(int dimensions) : IEmbeddingGenerator<string, Embedding<float>>
{
    public int Dimensions { get; set; } = dimensions;

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(Enumerable.Range(0, Dimensions).Select(i => (float)((v.Length + i) % 7) + 1).ToArray()))));

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("test", defaultModelId: "resizable") : null;

    public void Dispose()
    {
    }
}

/// <summary>A small knowledge base whose articles a paraphrase can describe without sharing a word.</summary>
public static class KnowledgeSamples
{
    public static KnowledgeArticle Article(string id, string title, string body, params string[] tags) =>
        new(id, title, tags, [], body, $"/kb/{id}.md");

    public static IReadOnlyList<KnowledgeArticle> Articles { get; } =
    [
        Article("kb-007", "Proration after an upgrade",
            "# Proration after an upgrade\n\nUpgrading mid-cycle produces a prorated invoice.\n\n## Why\n\nThe proration covers the remaining days, so one month shows two charges; the next invoice is the full price of the new plan.",
            "proration"),
        Article("kb-013", "Rotating the SAML signing certificate",
            "# Rotating the SAML signing certificate\n\n## Steps\n\nUpload the new certificate next to the old one, then switch the identity provider over.",
            "sso", "saml", "certificate"),
        Article("kb-009", "Webhook delivery retries",
            "# Webhook delivery retries\n\n## Retries\n\nA failed delivery is retried with backoff for 24 hours, then the endpoint is disabled.",
            "webhooks"),
        Article("kb-023", "Seats and invitations",
            "# Seats and invitations\n\n## Inviting\n\nAn admin sends an invitation from Settings; the invitation link expires after 7 days.",
            "seats", "users"),
    ];

    /// <summary>The knowledge base above, each section's vector from <paramref name="generator"/> in process.</summary>
    public static async Task<HybridKnowledgeBase> HybridAsync(KnowledgeRanking ranking, IEmbeddingGenerator<string, Embedding<float>>? generator = null)
    {
        var kb = new HybridKnowledgeBase(new MarkdownKnowledgeBase(Articles), new EmbeddedKnowledgeSectionIndex(generator ?? new ConceptEmbeddingGenerator()), ranking);
        await kb.IndexAsync(CancellationToken.None);
        return kb;
    }
}

/// <summary>
/// A Qdrant section index built the way the service builds it (<see cref="QdrantServices.AddQdrantCaseMemory"/>
/// for the client, then <see cref="QdrantServices.AddQdrantKnowledgeSectionIndex"/>), in its own container.
/// </summary>
public sealed class QdrantSectionTestIndex : IDisposable
{
    private readonly ServiceProvider _services;

    public QdrantSectionTestIndex(Uri url, IEmbeddingGenerator<string, Embedding<float>> generator, string? collection = null)
    {
        CaseMemoryOptions = Qdrant.QdrantTestStore.Options(url);
        var knowledge = new KnowledgeBaseOptions { QdrantCollection = collection ?? $"investigator-kb-test-{Guid.NewGuid():N}" };
        Options = knowledge.QdrantFor(CaseMemoryOptions);
        var services = new ServiceCollection();
        services.AddSingleton(generator);
        services.AddQdrantCaseMemory(_ => CaseMemoryOptions);
        services.AddQdrantKnowledgeSectionIndex(_ => Options);
        _services = services.BuildServiceProvider();
        Index = _services.GetRequiredService<QdrantKnowledgeSectionIndex>();
    }

    /// <summary>The case memory's settings, whose client the index shares.</summary>
    public QdrantOptions CaseMemoryOptions { get; }

    /// <summary>The index's settings: the case memory's, with the sections' own collection.</summary>
    public QdrantOptions Options { get; }

    public QdrantKnowledgeSectionIndex Index { get; }

    public void Dispose() => _services.Dispose();
}
