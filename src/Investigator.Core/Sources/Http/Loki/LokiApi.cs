using System.Text.Json;
using System.Text.Json.Serialization;
using Refit;

namespace Investigator.Core.Sources.Http.Loki;

/// <summary>The two read endpoints of Loki's HTTP API that investigation needs.</summary>
public interface ILokiApi
{
    /// <summary>Log lines of a LogQL log query; times are Unix nanoseconds.</summary>
    [Get("/loki/api/v1/query_range")]
    Task<LokiResponse> QueryRangeAsync(string query, long start, long end, int limit, string direction, CancellationToken cancellationToken);

    /// <summary>A LogQL metric query evaluated at one instant (Unix nanoseconds).</summary>
    [Get("/loki/api/v1/query")]
    Task<LokiResponse> QueryAsync(string query, long time, CancellationToken cancellationToken);
}

/// <summary><c>{"status":"success","data":{"resultType":…,"result":[…]}}</c>.</summary>
public sealed record LokiResponse(
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("data")] LokiData? Data);

/// <summary>The result is streams for log queries and a vector for instant metric queries.</summary>
public sealed record LokiData(
    [property: JsonPropertyName("resultType")] string? ResultType,
    [property: JsonPropertyName("result")] IReadOnlyList<LokiResult>? Result);

/// <summary>
/// One element of a result: a stream (<c>stream</c> labels and <c>values</c> of [ns, line, metadata?])
/// or a sample (<c>metric</c> labels and <c>value</c> of [seconds, "number"]).
/// </summary>
public sealed record LokiResult(
    [property: JsonPropertyName("stream")] IReadOnlyDictionary<string, string>? Stream,
    [property: JsonPropertyName("values")] IReadOnlyList<JsonElement[]>? Values,
    [property: JsonPropertyName("metric")] IReadOnlyDictionary<string, string>? Metric,
    [property: JsonPropertyName("value")] JsonElement[]? Value);
