using System.Text.Json;
using System.Text.Json.Serialization;
using Investigator.Core.Learning.Knowledge;

namespace Investigator.Core.Learning.Qdrant;

/// <summary>Qdrant's distance names, which are case-sensitive on the wire.</summary>
public enum QdrantDistance
{
    [JsonStringEnumMemberName("Cosine")] Cosine,
    [JsonStringEnumMemberName("Euclid")] Euclid,
    [JsonStringEnumMemberName("Dot")] Dot,
    [JsonStringEnumMemberName("Manhattan")] Manhattan,
}

/// <summary>The payload index types the case memory creates (lower case on the wire).</summary>
public enum QdrantPayloadSchemaType
{
    [JsonStringEnumMemberName("keyword")] Keyword,
    [JsonStringEnumMemberName("datetime")] Datetime,
}

/// <summary>PUT /collections/{name} (Qdrant's CreateCollection): one unnamed vector, and how the collection is spread over the cluster.</summary>
public sealed record QdrantCollectionSpec(
    [property: JsonPropertyName("vectors")] QdrantVectorParams Vectors,
    [property: JsonPropertyName("shard_number")] int ShardNumber,
    [property: JsonPropertyName("replication_factor")] int ReplicationFactor,
    [property: JsonPropertyName("write_consistency_factor")] int WriteConsistencyFactor,
    [property: JsonPropertyName("metadata")] QdrantCollectionMetadata? Metadata);

public sealed record QdrantVectorParams(
    [property: JsonPropertyName("size")] int Size,
    [property: JsonPropertyName("distance")] QdrantDistance Distance);

/// <summary>What the case memory records about a collection it created: the generator its vectors come from.</summary>
public sealed record QdrantCollectionMetadata(
    [property: JsonPropertyName("embedding_generator")] string? EmbeddingGenerator,
    [property: JsonPropertyName("embedding_dimensions")] int? EmbeddingDimensions);

/// <summary>PUT /collections/{name}/index.</summary>
public sealed record QdrantPayloadIndex(
    [property: JsonPropertyName("field_name")] string FieldName,
    [property: JsonPropertyName("field_schema")] QdrantPayloadSchemaType FieldSchema);

/// <summary>PUT /collections/{name}/points, the list form.</summary>
public sealed record QdrantPointList(
    [property: JsonPropertyName("points")] IReadOnlyList<QdrantPoint> Points);

public sealed record QdrantPoint(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("vector")] float[] Vector,
    [property: JsonPropertyName("payload")] CasePayload Payload);

/// <summary>POST /collections/{name}/points/query: a dense vector is a nearest-neighbour query; without one, points come in id order.</summary>
public sealed record QdrantQuery(
    [property: JsonPropertyName("query")] float[]? Query,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("with_payload")] bool WithPayload,
    [property: JsonPropertyName("filter")] QdrantFilter? Filter = null,
    [property: JsonPropertyName("score_threshold")] float? ScoreThreshold = null,
    [property: JsonPropertyName("with_vector")] bool? WithVector = null);

/// <summary>POST /collections/{name}/points/delete, by point id.</summary>
public sealed record QdrantPointIds(
    [property: JsonPropertyName("points")] IReadOnlyList<Guid> Points);

/// <summary>POST /collections/{name}/points/count.</summary>
public sealed record QdrantCount(
    [property: JsonPropertyName("exact")] bool Exact,
    [property: JsonPropertyName("filter")] QdrantFilter? Filter = null);

/// <summary>A filter: every <see cref="Must"/> condition holds and no <see cref="MustNot"/> condition does.</summary>
public sealed record QdrantFilter(
    [property: JsonPropertyName("must")] IReadOnlyList<QdrantCondition>? Must = null,
    [property: JsonPropertyName("must_not")] IReadOnlyList<QdrantCondition>? MustNot = null);

/// <summary>A field condition (<see cref="Key"/> with a match or a range) or a point-id condition.</summary>
public sealed record QdrantCondition(
    [property: JsonPropertyName("key")] string? Key = null,
    [property: JsonPropertyName("match")] QdrantMatchValue? Match = null,
    [property: JsonPropertyName("range")] QdrantDatetimeRange? Range = null,
    [property: JsonPropertyName("has_id")] IReadOnlyList<Guid>? HasId = null)
{
    public static QdrantCondition Equal(string key, string value) => new(key, Match: new QdrantMatchValue(value));

    public static QdrantCondition Between(string key, DateTimeOffset? from, DateTimeOffset? before) =>
        new(key, Range: new QdrantDatetimeRange(from?.ToUniversalTime(), before?.ToUniversalTime()));

    public static QdrantCondition IsPoint(Guid id) => new(HasId: [id]);
}

public sealed record QdrantMatchValue(
    [property: JsonPropertyName("value")] string Value);

/// <summary>A datetime range: at or after <see cref="Gte"/>, before <see cref="Lt"/>.</summary>
public sealed record QdrantDatetimeRange(
    [property: JsonPropertyName("gte")] DateTimeOffset? Gte,
    [property: JsonPropertyName("lt")] DateTimeOffset? Lt);

/// <summary>The parts of GET /collections/{name} that are read.</summary>
public sealed record QdrantCollectionInfo(
    [property: JsonPropertyName("config")] QdrantCollectionConfig? Config,
    [property: JsonPropertyName("payload_schema")] IReadOnlyDictionary<string, QdrantPayloadIndexInfo>? PayloadSchema,
    [property: JsonPropertyName("points_count")] long? PointsCount);

public sealed record QdrantCollectionConfig(
    [property: JsonPropertyName("params")] QdrantCollectionParams? Params,
    [property: JsonPropertyName("metadata")] QdrantCollectionMetadata? Metadata);

/// <summary><see cref="Vectors"/> is one <c>{size, distance}</c>, or a map of named vectors.</summary>
public sealed record QdrantCollectionParams(
    [property: JsonPropertyName("vectors")] JsonElement Vectors);

public sealed record QdrantPayloadIndexInfo(
    [property: JsonPropertyName("data_type")] string? DataType);

/// <summary>The answer to a write: <c>completed</c> when it was waited for.</summary>
public sealed record QdrantUpdateResult(
    [property: JsonPropertyName("operation_id")] long? OperationId,
    [property: JsonPropertyName("status")] string? Status);

public sealed record QdrantQueryResult(
    [property: JsonPropertyName("points")] IReadOnlyList<QdrantScoredPoint> Points);

public sealed record QdrantScoredPoint(
    [property: JsonPropertyName("id")] JsonElement Id,
    [property: JsonPropertyName("score")] double Score,
    [property: JsonPropertyName("payload")] CasePayload? Payload,
    [property: JsonPropertyName("vector")] float[]? Vector);

public sealed record QdrantCountResult(
    [property: JsonPropertyName("count")] long Count);

/// <summary>PUT /collections/{name}/points, the list form, with knowledge-section payloads.</summary>
public sealed record QdrantSectionPointList(
    [property: JsonPropertyName("points")] IReadOnlyList<QdrantSectionPoint> Points);

public sealed record QdrantSectionPoint(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("vector")] float[] Vector,
    [property: JsonPropertyName("payload")] KnowledgeSectionPayload Payload);

public sealed record QdrantSectionQueryResult(
    [property: JsonPropertyName("points")] IReadOnlyList<QdrantScoredSectionPoint> Points);

public sealed record QdrantScoredSectionPoint(
    [property: JsonPropertyName("id")] JsonElement Id,
    [property: JsonPropertyName("score")] double Score,
    [property: JsonPropertyName("payload")] KnowledgeSectionPayload? Payload);

/// <summary>POST /collections/{name}/points/delete, by filter (Qdrant's FilterSelector).</summary>
public sealed record QdrantFilterSelector(
    [property: JsonPropertyName("filter")] QdrantFilter Filter);
