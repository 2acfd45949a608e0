using System.Text.Json.Serialization;
using Investigator.Core.Learning.Qdrant;
using Investigator.Core.Sources.Local;

namespace Investigator.Core.Learning.Knowledge;

/// <summary>
/// A knowledge-base section as a Qdrant point's payload: the section in snake_case, and the generator and
/// dimension of its vector. The point's id is <see cref="PointIdOf"/> of the section's key.
/// </summary>
public sealed record KnowledgeSectionPayload(
    [property: JsonPropertyName("section_key")] string SectionKey,
    [property: JsonPropertyName("article_id")] string ArticleId,
    [property: JsonPropertyName("ordinal")] int Ordinal,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("heading")] string Heading,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("embedding_generator")] string EmbeddingGenerator,
    [property: JsonPropertyName("embedding_dimensions")] int EmbeddingDimensions)
{
    public const string ArticleIdField = "article_id";
    public const string GeneratorField = "embedding_generator";

    /// <summary>The namespace of section keys' point ids: a fixed random UUID, apart from case keys'.</summary>
    public static readonly Guid SectionKeyNamespace = new("9d8f3b52-6a0e-4c71-b7d4-2e5f18c0a963");

    /// <summary>The payload indexes the collection needs: every filtered field (Qdrant's strict mode refuses unindexed filters).</summary>
    public static IReadOnlyList<QdrantPayloadIndex> Indexes { get; } =
    [
        new(ArticleIdField, QdrantPayloadSchemaType.Keyword),
        new(GeneratorField, QdrantPayloadSchemaType.Keyword),
    ];

    /// <summary>The UUIDv5 of "article#ordinal": the same section always lands on the same point.</summary>
    public static Guid PointIdOf(string sectionKey) => CasePointId.NameBased(SectionKeyNamespace, sectionKey);

    public static KnowledgeSectionPayload From(KnowledgeSection section, EmbeddingSignature signature) => new(
        section.Key, section.ArticleId, section.Ordinal, section.Title, section.Heading, section.Text, signature.GeneratorId, signature.Dimensions);

    public KnowledgeSection ToSection() => ArticleId is null || Text is null
        ? throw new InvalidDataException("A Qdrant point has no article_id or text in its payload: the collection holds points the knowledge-section index did not write.")
        : new KnowledgeSection(ArticleId, Title ?? ArticleId, Ordinal, Heading ?? KnowledgeSections.LeadHeading, Text);
}
