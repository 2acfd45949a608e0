using System.Text.Json;
using System.Text.Json.Serialization;
using Refit;

namespace Investigator.Core.Learning.Qdrant;

/// <summary>
/// The part of Qdrant's REST API the case memory and the knowledge-section index use, checked against
/// Qdrant 1.19's OpenAPI document (the query endpoint needs 1.10 or later; collection metadata is a
/// recent addition). Writes carry <c>wait=true</c>: without it Qdrant acknowledges a write before it is
/// searchable.
/// </summary>
public interface IQdrantApi
{
    [Get("/collections/{collection}")]
    Task<QdrantResponse<QdrantCollectionInfo>> GetCollectionAsync(string collection, CancellationToken cancellationToken);

    [Put("/collections/{collection}")]
    Task<QdrantResponse<bool>> CreateCollectionAsync(string collection, [Body] QdrantCollectionSpec request, CancellationToken cancellationToken);

    [Put("/collections/{collection}/index?wait=true")]
    Task<QdrantResponse<QdrantUpdateResult>> CreatePayloadIndexAsync(string collection, [Body] QdrantPayloadIndex request, CancellationToken cancellationToken);

    [Put("/collections/{collection}/points?wait=true")]
    Task<QdrantResponse<QdrantUpdateResult>> UpsertPointsAsync(string collection, [Body] QdrantPointList request, CancellationToken cancellationToken);

    [Post("/collections/{collection}/points/query")]
    Task<QdrantResponse<QdrantQueryResult>> QueryPointsAsync(string collection, [Body] QdrantQuery request, CancellationToken cancellationToken);

    [Post("/collections/{collection}/points/delete?wait=true")]
    Task<QdrantResponse<QdrantUpdateResult>> DeletePointsAsync(string collection, [Body] QdrantPointIds request, CancellationToken cancellationToken);

    [Post("/collections/{collection}/points/count")]
    Task<QdrantResponse<QdrantCountResult>> CountPointsAsync(string collection, [Body] QdrantCount request, CancellationToken cancellationToken);

    /// <summary>Upserts knowledge-base sections (<see cref="Knowledge.QdrantKnowledgeSectionIndex"/>): the same operation, another payload.</summary>
    [Put("/collections/{collection}/points?wait=true")]
    Task<QdrantResponse<QdrantUpdateResult>> UpsertSectionPointsAsync(string collection, [Body] QdrantSectionPointList request, CancellationToken cancellationToken);

    /// <summary>Queries knowledge-base sections: the same operation as <see cref="QueryPointsAsync"/>, read as section payloads.</summary>
    [Post("/collections/{collection}/points/query")]
    Task<QdrantResponse<QdrantSectionQueryResult>> QuerySectionPointsAsync(string collection, [Body] QdrantQuery request, CancellationToken cancellationToken);

    /// <summary>Deletes every point the filter selects.</summary>
    [Post("/collections/{collection}/points/delete?wait=true")]
    Task<QdrantResponse<QdrantUpdateResult>> DeletePointsByFilterAsync(string collection, [Body] QdrantFilterSelector request, CancellationToken cancellationToken);
}

/// <summary>Qdrant's success envelope: <c>{"result": …, "status": "ok", "time": 0.001}</c>.</summary>
public sealed record QdrantResponse<T>(
    [property: JsonPropertyName("result")] T? Result,
    [property: JsonPropertyName("status")] JsonElement Status,
    [property: JsonPropertyName("time")] double? Time);
