using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Refit;

namespace Investigator.Core.Sources.Http.Elasticsearch;

/// <summary>The search API of Elasticsearch and OpenSearch. A search is a POST that only reads.</summary>
public interface IElasticsearchApi
{
    [Post("/{index}/_search")]
    Task<SearchResponse> SearchAsync(string index, [Body] JsonObject request, CancellationToken cancellationToken);
}

/// <summary>The parts of a search response that are read.</summary>
public sealed record SearchResponse(
    [property: JsonPropertyName("timed_out")] bool TimedOut,
    [property: JsonPropertyName("hits")] SearchHits? Hits,
    [property: JsonPropertyName("aggregations")] IReadOnlyDictionary<string, JsonElement>? Aggregations);

/// <summary><c>total</c> is <c>{"value":n,"relation":"eq"}</c> (7.x and later, OpenSearch) or a number (6.x).</summary>
public sealed record SearchHits(
    [property: JsonPropertyName("total")] JsonElement Total,
    [property: JsonPropertyName("hits")] IReadOnlyList<SearchHit>? Hits);

public sealed record SearchHit(
    [property: JsonPropertyName("_id")] string? Id,
    [property: JsonPropertyName("_source")] JsonElement Source);
