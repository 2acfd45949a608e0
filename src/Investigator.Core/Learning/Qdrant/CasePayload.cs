using System.Text.Json.Serialization;
using Investigator.Core.Decisioning;
using Investigator.Core.Intake;

namespace Investigator.Core.Learning.Qdrant;

/// <summary>
/// A resolved case as a Qdrant point's payload: the case's fields in snake_case, lower-cased copies of the
/// account and product for case-insensitive keyword filters, and the generator and dimension of the vector.
/// <c>verification</c> and <c>prevention</c> are optional: points written before them read as null.
/// </summary>
public sealed record CasePayload(
    [property: JsonPropertyName("case_key")] string CaseKey,
    [property: JsonPropertyName("account_id")] string? AccountId,
    [property: JsonPropertyName("account_key")] string? AccountKey,
    [property: JsonPropertyName("product")] string Product,
    [property: JsonPropertyName("product_key")] string ProductKey,
    [property: JsonPropertyName("category")] ProblemCategory Category,
    [property: JsonPropertyName("disposition")] Disposition Disposition,
    [property: JsonPropertyName("type")] CaseType Type,
    [property: JsonPropertyName("summary")] string Summary,
    [property: JsonPropertyName("root_cause")] string RootCause,
    [property: JsonPropertyName("resolution")] string Resolution,
    [property: JsonPropertyName("evidence_summary")] IReadOnlyList<string> EvidenceSummary,
    [property: JsonPropertyName("labels")] IReadOnlyList<string> Labels,
    [property: JsonPropertyName("resolved_at")] DateTimeOffset ResolvedAt,
    [property: JsonPropertyName("confirmed_by")] string ConfirmedBy,
    [property: JsonPropertyName("occurrences")] int Occurrences,
    [property: JsonPropertyName("embedding_generator")] string EmbeddingGenerator,
    [property: JsonPropertyName("embedding_dimensions")] int EmbeddingDimensions,
    [property: JsonPropertyName("verification")] string? Verification = null,
    [property: JsonPropertyName("prevention")] string? Prevention = null)
{
    public const string AccountKeyField = "account_key";
    public const string ProductKeyField = "product_key";
    public const string DispositionField = "disposition";
    public const string ResolvedAtField = "resolved_at";
    public const string GeneratorField = "embedding_generator";

    /// <summary>The payload indexes the collection needs: every filtered field (Qdrant's strict mode refuses unindexed filters).</summary>
    public static IReadOnlyList<QdrantPayloadIndex> Indexes { get; } =
    [
        new(AccountKeyField, QdrantPayloadSchemaType.Keyword),
        new(ProductKeyField, QdrantPayloadSchemaType.Keyword),
        new(DispositionField, QdrantPayloadSchemaType.Keyword),
        new(ResolvedAtField, QdrantPayloadSchemaType.Datetime),
        new(GeneratorField, QdrantPayloadSchemaType.Keyword),
    ];

    public static CasePayload From(ResolvedCase c, EmbeddingSignature signature) => new(
        c.CaseKey, c.AccountId, c.AccountId?.ToLowerInvariant(), c.Product, c.Product.ToLowerInvariant(), c.Category, c.Disposition, c.Type,
        c.Summary, c.RootCause, c.Resolution, c.EvidenceSummary, c.Labels, c.ResolvedAt.ToUniversalTime(), c.ConfirmedBy, c.Occurrences,
        signature.GeneratorId, signature.Dimensions, c.Verification, c.Prevention);

    public ResolvedCase ToCase() => CaseKey is null
        ? throw new InvalidDataException("A Qdrant point has no case_key in its payload: the collection holds points the case memory did not write.")
        : new ResolvedCase(CaseKey, AccountId, Product, Category, Disposition, Type, Summary, RootCause, Resolution,
            EvidenceSummary ?? [], Labels ?? [], ResolvedAt, ConfirmedBy, Occurrences)
        {
            Verification = Verification,
            Prevention = Prevention,
        };

    /// <summary>The Qdrant filter for a search filter; null when it filters nothing.</summary>
    public static QdrantFilter? FilterFor(CaseMemoryFilter filter)
    {
        var must = new List<QdrantCondition>();
        if (filter.AccountId is { } account) must.Add(QdrantCondition.Equal(AccountKeyField, account.ToLowerInvariant()));
        if (filter.Product is { } product) must.Add(QdrantCondition.Equal(ProductKeyField, product.ToLowerInvariant()));
        if (filter.Disposition is { } disposition) must.Add(QdrantCondition.Equal(DispositionField, disposition.ToString()));
        if (filter.ResolvedAfter is not null || filter.ResolvedBefore is not null)
        {
            must.Add(QdrantCondition.Between(ResolvedAtField, filter.ResolvedAfter, filter.ResolvedBefore));
        }

        return must.Count == 0 ? null : new QdrantFilter(Must: must);
    }
}
