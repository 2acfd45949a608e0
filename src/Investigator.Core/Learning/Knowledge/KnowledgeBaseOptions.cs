using System.ComponentModel.DataAnnotations;
using Investigator.Core.Learning.Qdrant;

namespace Investigator.Core.Learning.Knowledge;

/// <summary>
/// How the knowledge base is ranked, and where its section vectors live when case memory is in Qdrant.
/// Section "KnowledgeBase".
/// </summary>
public sealed class KnowledgeBaseOptions : IValidatableObject
{
    public const string Section = "KnowledgeBase";

    /// <summary>The collection name used unless configured: apart from the case memory's.</summary>
    public const string DefaultQdrantCollection = "investigator_kb_sections";

    public KnowledgeRanking Ranking { get; set; } = KnowledgeRanking.VectorFallback;

    /// <summary>
    /// The Qdrant collection of section vectors, on the server of <c>Storage:Memory:Qdrant</c>; read only when
    /// case memory is in Qdrant (otherwise the vectors are held in process). Never the case collection.
    /// </summary>
    public string QdrantCollection { get; set; } = DefaultQdrantCollection;

    /// <summary>
    /// The case memory's Qdrant settings (server, key, shards, retries) with <see cref="QdrantCollection"/>
    /// as the collection; refused when that is the case memory's own collection.
    /// </summary>
    public QdrantOptions QdrantFor(QdrantOptions caseMemory)
    {
        ArgumentNullException.ThrowIfNull(caseMemory);
        if (string.Equals(caseMemory.Collection, QdrantCollection, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"{Section}:QdrantCollection '{QdrantCollection}' is the case memory's collection; the knowledge-base sections need a collection of their own.");
        }

        return new QdrantOptions
        {
            Url = caseMemory.Url,
            ApiKey = caseMemory.ApiKey,
            Collection = QdrantCollection,
            Shards = caseMemory.Shards,
            ReplicationFactor = caseMemory.ReplicationFactor,
            WriteConsistencyFactor = caseMemory.WriteConsistencyFactor,
            TimeoutSeconds = caseMemory.TimeoutSeconds,
            MaxRetries = caseMemory.MaxRetries,
            RetryDelay = caseMemory.RetryDelay,
        };
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Qdrant refuses these characters in collection names; whitespace at either end is a copy-paste slip.
        if (string.IsNullOrWhiteSpace(QdrantCollection) || QdrantCollection.Length > 255 || QdrantCollection.Trim() != QdrantCollection
            || QdrantCollection.IndexOfAny(['<', '>', ':', '"', '/', '\\', '|', '?', '*', '\0']) >= 0)
        {
            yield return new ValidationResult(
                $"{Section}:QdrantCollection '{QdrantCollection}' must be 1 to 255 characters without < > : \" / \\ | ? * or surrounding spaces.",
                [nameof(QdrantCollection)]);
        }

        if (!Enum.IsDefined(Ranking))
        {
            yield return new ValidationResult($"{Section}:Ranking must be Lexical, Fused or VectorFallback.", [nameof(Ranking)]);
        }
    }
}
