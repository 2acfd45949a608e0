using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Numerics.Tensors;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Investigator.Core.Tests.Learning.Qdrant;

/// <summary>One request as the fake Qdrant received it.</summary>
public sealed record QdrantRequest(
    string Method, string Path, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers, string Body, string? OperationId)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name.ToLowerInvariant());

    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();
}

/// <summary>What the fake holds for one collection, copied out for assertions.</summary>
public sealed record FakeCollectionState(
    int Size, string Distance, int ShardNumber, int ReplicationFactor, int WriteConsistencyFactor, JsonObject? Metadata,
    IReadOnlyDictionary<string, string> Indexes, IReadOnlyDictionary<string, JsonObject> Payloads);

/// <summary>
/// A FAKE Qdrant, not Qdrant: an in-process HTTP server on 127.0.0.1:0 that implements the subset of
/// Qdrant's REST API the case memory uses, with Qdrant's semantics as documented, so the case-memory
/// behaviour suite can run where no Qdrant server can.
/// <para>What it does: collections with one unnamed vector (create, get, exists, delete; 409 when one
/// exists, 404 with Qdrant's message when one is missing); payload indexes; upsert by uuid or integer id
/// (400 on a wrong vector size); exact search over every point (Cosine normalizes vectors as Qdrant
/// does; Dot, Euclid and Manhattan too) with <c>score_threshold</c> kept strictly, as Qdrant does;
/// filters with must / should / must_not, match value / any, datetime and number ranges, has_id and
/// nested filters; count; delete by ids or filter; <c>wait</c>: a write without <c>wait=true</c> is
/// acknowledged and applied only later, so it is not searchable at once; the <c>api-key</c> header
/// (401 in plain text); the success and error envelopes. Like a Qdrant Cloud collection in strict mode,
/// it refuses a filter on a field without a payload index of a fitting type.</para>
/// <para>It validates every request against Qdrant's OpenAPI document (<see cref="QdrantOpenApi.Published"/>:
/// query parameters, body schema, no explicit nulls) and answers 400 with the validation errors when it
/// does not fit; it checks its own answers against the document too (500 if one does not fit).</para>
/// <para>What it does not emulate: HNSW or any approximate search, quantization, named, sparse or
/// multi-vectors, batch upserts, query kinds other than nearest (recommend, discover, fusion, order_by,
/// prefetch), with_payload selectors, geo, full-text, is_empty / is_null, min_should, payload set/delete
/// operations, scroll, snapshots, aliases, sharding and replication (the numbers are stored and
/// reported, nothing is distributed), consistency and ordering parameters, rate limits, persistence
/// across restarts of the fake, and Qdrant's exact error wording beyond the messages quoted here.
/// <see cref="AnswerNext"/> scripts an answer (a 429 with Retry-After, a 503) for the next request.</para>
/// </summary>
public sealed class FakeQdrant : IAsyncDisposable
{
    private const string MissingApiKey = "Must provide an API key or an Authorization bearer token";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Collection> _collections = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<QdrantRequest> _requests = new();
    private readonly ConcurrentQueue<ScriptedAnswer> _scripted = new();
    private readonly List<Action> _pending = [];
    private WebApplication _app = null!;
    private long _operationId;

    private FakeQdrant(string? apiKey) => ApiKey = apiKey;

    public Uri Url { get; private set; } = null!;

    /// <summary>When set, every request needs it in the api-key header (or as a bearer token).</summary>
    public string? ApiKey { get; }

    /// <summary>How long a write sent without wait=true stays invisible.</summary>
    public TimeSpan UnwaitedWriteDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    public IReadOnlyList<QdrantRequest> Requests => [.. _requests];

    public static async Task<FakeQdrant> StartAsync(string? apiKey = null)
    {
        var fake = new FakeQdrant(apiKey);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        fake._app = builder.Build();
        fake._app.Run(fake.HandleAsync);
        await fake._app.StartAsync();
        fake.Url = new Uri(fake._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return fake;
    }

    /// <summary>The next valid request gets this answer instead of being carried out.</summary>
    public void AnswerNext(HttpStatusCode status, string? body = null, string contentType = "application/json", string? retryAfter = null) =>
        _scripted.Enqueue(new ScriptedAnswer(status, body ?? "", contentType, retryAfter));

    public FakeCollectionState? State(string collection)
    {
        lock (_lock)
        {
            return _collections.TryGetValue(collection, out var c)
                ? new FakeCollectionState(c.Size, c.Distance, c.ShardNumber, c.ReplicationFactor, c.WriteConsistencyFactor, c.Metadata?.DeepClone().AsObject(),
                    new Dictionary<string, string>(c.Indexes), c.Points.ToDictionary(p => p.Key, p => p.Value.Payload.DeepClone().AsObject()))
                : null;
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var path = context.Request.Path.Value ?? "";
        var operation = QdrantOpenApi.Published.Find(context.Request.Method, path);
        var query = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        _requests.Enqueue(new QdrantRequest(context.Request.Method, path, query,
            context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()), body, operation?.Id));

        if (ApiKey is not null && context.Request.Headers["api-key"] != ApiKey && context.Request.Headers.Authorization != $"Bearer {ApiKey}")
        {
            await PlainAsync(context, HttpStatusCode.Unauthorized, MissingApiKey);
            return;
        }

        if (operation is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var problems = QdrantOpenApi.Published.CheckRequest(operation, query, body);
        if (problems.Count > 0)
        {
            await JsonAsync(context, operation, HttpStatusCode.BadRequest, Error(
                $"Format error in JSON body: the request does not match Qdrant's OpenAPI schema for {operation.Id}: {string.Join(" | ", problems)}", started));
            return;
        }

        if (_scripted.TryDequeue(out var scripted))
        {
            if (scripted.RetryAfter is not null) context.Response.Headers.RetryAfter = scripted.RetryAfter;
            if (scripted.ContentType.StartsWith("text/", StringComparison.Ordinal)) await PlainAsync(context, scripted.Status, scripted.Body);
            else await JsonAsync(context, operation, scripted.Status, JsonNode.Parse(scripted.Body)!.AsObject(), validate: false);
            return;
        }

        JsonObject answer;
        var status = HttpStatusCode.OK;
        try
        {
            JsonNode result;
            lock (_lock)
            {
                result = Execute(operation, CollectionName(path), query, body.Length == 0 ? null : JsonNode.Parse(body)?.AsObject());
            }

            answer = new JsonObject { ["result"] = result, ["status"] = "ok", ["time"] = Elapsed(started) };
        }
        catch (QdrantError error)
        {
            (status, answer) = (error.Status, Error(error.Message, started));
        }

        await JsonAsync(context, operation, status, answer);
    }

    private JsonNode Execute(QdrantOperation operation, string name, IReadOnlyDictionary<string, string> query, JsonObject? body) => operation.Id switch
    {
        "create_collection" => CreateCollection(name, body!),
        "get_collection" => Info(Existing(name)),
        "collection_exists" => new JsonObject { ["exists"] = _collections.ContainsKey(name) },
        "delete_collection" => _collections.Remove(name),
        "create_field_index" => Write(query, CreateIndex(Existing(name), body!)),
        "upsert_points" => Write(query, Upsert(Existing(name), body!)),
        "delete_points" => Write(query, Delete(Existing(name), body!)),
        "query_points" => Query(Existing(name), body ?? []),
        "count_points" => new JsonObject { ["count"] = Select(Existing(name), body?["filter"]).Count() },
        _ => throw new QdrantError(HttpStatusCode.NotImplemented, $"The fake Qdrant does not emulate {operation.Id}."),
    };

    private JsonNode CreateCollection(string name, JsonObject body)
    {
        if (_collections.ContainsKey(name))
        {
            throw new QdrantError(HttpStatusCode.Conflict, $"Wrong input: Collection `{name}` already exists!");
        }

        if (body["vectors"] is not JsonObject vectors || vectors["size"] is null)
        {
            throw new QdrantError(HttpStatusCode.NotImplemented, "The fake Qdrant emulates one unnamed vector per collection only.");
        }

        _collections[name] = new Collection(
            vectors["size"]!.GetValue<int>(), vectors["distance"]!.GetValue<string>(),
            body["shard_number"]?.GetValue<int>() ?? 1, body["replication_factor"]?.GetValue<int>() ?? 1,
            body["write_consistency_factor"]?.GetValue<int>() ?? 1, body["metadata"]?.DeepClone().AsObject());
        return true;
    }

    private static Action CreateIndex(Collection collection, JsonObject body)
    {
        var field = body["field_name"]!.GetValue<string>();
        var type = body["field_schema"] switch
        {
            JsonValue name => name.GetValue<string>(),
            JsonObject parameters => parameters["type"]!.GetValue<string>(),
            _ => throw new QdrantError(HttpStatusCode.BadRequest, "Wrong input: field_schema is required by the fake Qdrant."),
        };
        return () => collection.Indexes[field] = type;
    }

    private static Action Upsert(Collection collection, JsonObject body)
    {
        if (body["points"] is not JsonArray points)
        {
            throw new QdrantError(HttpStatusCode.NotImplemented, "The fake Qdrant emulates the list form of an upsert ({\"points\": [...]}) only.");
        }

        var stored = new List<(string Id, Point Point)>();
        foreach (var point in points.Select(p => p!.AsObject()))
        {
            if (point["vector"] is not JsonArray vector || vector.Any(v => v is not JsonValue))
            {
                throw new QdrantError(HttpStatusCode.NotImplemented, "The fake Qdrant emulates one unnamed dense vector per point only.");
            }

            if (vector.Count != collection.Size)
            {
                throw new QdrantError(HttpStatusCode.BadRequest, $"Wrong input: Vector dimension error: expected dim: {collection.Size}, got {vector.Count}");
            }

            var values = vector.Select(v => v!.GetValue<float>()).ToArray();
            if (collection.Distance == "Cosine") Normalize(values);
            stored.Add((IdOf(point["id"]!), new Point(point["id"]!.DeepClone(), values, point["payload"]?.DeepClone().AsObject() ?? [])));
        }

        return () =>
        {
            foreach (var (id, point) in stored) collection.Points[id] = point with { Version = collection.NextVersion++ };
        };
    }

    private static Action Delete(Collection collection, JsonObject body)
    {
        var ids = body["points"] is JsonArray points
            ? points.Select(p => IdOf(p!)).ToList()
            : Select(collection, body["filter"]).Select(p => p.Key).ToList();
        return () =>
        {
            foreach (var id in ids) collection.Points.Remove(id);
        };
    }

    /// <summary>Qdrant's wait: with wait=true the write (after any still pending) is applied before the answer; without, later.</summary>
    private JsonObject Write(IReadOnlyDictionary<string, string> query, Action apply)
    {
        var operationId = ++_operationId;
        if (query.GetValueOrDefault("wait") == "true")
        {
            ApplyPending();
            apply();
            return new JsonObject { ["operation_id"] = operationId, ["status"] = "completed" };
        }

        _pending.Add(apply);
        _ = Task.Delay(UnwaitedWriteDelay).ContinueWith(_ =>
        {
            lock (_lock) ApplyPending();
        }, TaskScheduler.Default);
        return new JsonObject { ["operation_id"] = operationId, ["status"] = "acknowledged" };
    }

    private void ApplyPending()
    {
        foreach (var apply in _pending) apply();
        _pending.Clear();
    }

    private static JsonObject Query(Collection collection, JsonObject body)
    {
        foreach (var unsupported in new[] { "prefetch", "using", "lookup_from" })
        {
            if (body[unsupported] is not null) throw new QdrantError(HttpStatusCode.NotImplemented, $"The fake Qdrant does not emulate '{unsupported}' in a query.");
        }

        var vector = body["query"] switch
        {
            null => null,
            JsonArray values => values,
            JsonObject { } nearest when nearest["nearest"] is JsonArray values => values,
            _ => throw new QdrantError(HttpStatusCode.NotImplemented, "The fake Qdrant emulates nearest-neighbour queries with a dense vector only."),
        };
        var limit = body["limit"]?.GetValue<int>() ?? 10;
        var offset = body["offset"]?.GetValue<int>() ?? 0;
        var candidates = Select(collection, body["filter"]);
        IEnumerable<(string Id, Point Point, float Score)> scored;
        if (vector is null)
        {
            // Without a query, points come in id order.
            scored = candidates.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value, 0f));
        }
        else
        {
            if (vector.Count != collection.Size)
            {
                throw new QdrantError(HttpStatusCode.BadRequest, $"Wrong input: Vector dimension error: expected dim: {collection.Size}, got {vector.Count}");
            }

            var q = vector.Select(v => v!.GetValue<float>()).ToArray();
            if (collection.Distance == "Cosine") Normalize(q);
            var largerIsBetter = collection.Distance is "Cosine" or "Dot";
            var threshold = body["score_threshold"]?.GetValue<float>();
            scored = candidates
                .Select(p => (p.Key, p.Value, Score: Score(collection.Distance, q, p.Value.Vector)))
                .Where(s => threshold is not { } t || (largerIsBetter ? s.Score > t : s.Score < t))
                .OrderBy(s => largerIsBetter ? -s.Score : s.Score)
                .ThenBy(s => s.Key, StringComparer.Ordinal);
        }

        var withPayload = body["with_payload"] switch
        {
            null => false,
            JsonValue flag => flag.GetValue<bool>(),
            _ => throw new QdrantError(HttpStatusCode.NotImplemented, "The fake Qdrant emulates with_payload true or false only."),
        };
        var withVector = body["with_vector"] is JsonValue v && v.GetValue<bool>();
        var points = new JsonArray();
        foreach (var (_, point, score) in scored.Skip(offset).Take(limit))
        {
            var result = new JsonObject { ["id"] = point.Id.DeepClone(), ["version"] = point.Version, ["score"] = score };
            if (withPayload) result["payload"] = point.Payload.DeepClone();
            if (withVector) result["vector"] = new JsonArray([.. point.Vector.Select(x => JsonValue.Create(x))]);
            points.Add(result);
        }

        return new JsonObject { ["points"] = points };
    }

    private static float Score(string distance, float[] query, float[] stored) => distance switch
    {
        "Cosine" or "Dot" => TensorPrimitives.Dot(query, stored),
        "Euclid" => TensorPrimitives.Distance(query, stored),
        _ => query.Zip(stored, (a, b) => MathF.Abs(a - b)).Sum(),
    };

    private static void Normalize(float[] vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0) TensorPrimitives.Divide(vector, norm, vector);
    }

    /// <summary>The points a filter keeps, after refusing filters on unindexed fields as strict mode does.</summary>
    private static IEnumerable<KeyValuePair<string, Point>> Select(Collection collection, JsonNode? filter)
    {
        if (filter is null)
        {
            return collection.Points;
        }

        RequireIndexes(collection, filter.AsObject());
        return collection.Points.Where(p => Keeps(filter.AsObject(), p.Key, p.Value)).ToList();
    }

    private static IEnumerable<JsonObject> Conditions(JsonNode? clause) => clause switch
    {
        null => [],
        JsonArray all => all.Select(c => c!.AsObject()),
        JsonObject one => [one],
        _ => [],
    };

    private static bool Keeps(JsonObject filter, string id, Point point)
    {
        if (filter["min_should"] is not null)
        {
            throw new QdrantError(HttpStatusCode.NotImplemented, "The fake Qdrant does not emulate min_should.");
        }

        var should = Conditions(filter["should"]).ToList();
        return Conditions(filter["must"]).All(c => Holds(c, id, point))
               && (should.Count == 0 || should.Any(c => Holds(c, id, point)))
               && !Conditions(filter["must_not"]).Any(c => Holds(c, id, point));
    }

    private static bool Holds(JsonObject condition, string id, Point point)
    {
        if (condition["has_id"] is JsonArray ids)
        {
            return ids.Any(i => IdOf(i!) == id);
        }

        if (condition.ContainsKey("must") || condition.ContainsKey("should") || condition.ContainsKey("must_not"))
        {
            return Keeps(condition, id, point);
        }

        if (condition["key"] is not JsonValue key)
        {
            throw new QdrantError(HttpStatusCode.NotImplemented, $"The fake Qdrant does not emulate the condition {condition.ToJsonString()}.");
        }

        var values = ValuesAt(point.Payload, key.GetValue<string>()).ToList();
        return (condition["match"], condition["range"]) switch
        {
            (JsonObject match, null) when match["value"] is JsonValue wanted => values.Any(v => SameValue(v, wanted)),
            (JsonObject match, null) when match["any"] is JsonArray any => values.Any(v => any.Any(a => SameValue(v, a!))),
            (null, JsonObject range) => values.Any(v => InRange(v, range)),
            _ => throw new QdrantError(HttpStatusCode.NotImplemented, $"The fake Qdrant does not emulate the condition {condition.ToJsonString()}."),
        };
    }

    /// <summary>The values at a dotted key; an array holds each of its items (Qdrant matches any of them).</summary>
    private static IEnumerable<JsonNode> ValuesAt(JsonObject payload, string key)
    {
        JsonNode? node = payload;
        foreach (var part in key.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
        }

        return node switch
        {
            null => [],
            JsonArray items => items.OfType<JsonNode>(),
            _ => [node],
        };
    }

    private static bool SameValue(JsonNode stored, JsonNode wanted) =>
        (stored.GetValueKind(), wanted.GetValueKind()) switch
        {
            (JsonValueKind.String, JsonValueKind.String) => stored.GetValue<string>() == wanted.GetValue<string>(),
            (JsonValueKind.Number, JsonValueKind.Number) => stored.GetValue<double>() == wanted.GetValue<double>(),
            (JsonValueKind.True or JsonValueKind.False, JsonValueKind.True or JsonValueKind.False) => stored.GetValue<bool>() == wanted.GetValue<bool>(),
            _ => false,
        };

    private static bool InRange(JsonNode stored, JsonObject range)
    {
        var bounds = new[] { "gt", "gte", "lt", "lte" }.Where(b => range[b] is not null).Select(b => (b, range[b]!)).ToList();
        if (bounds.Any(b => b.Item2.GetValueKind() == JsonValueKind.String))
        {
            if (stored.GetValueKind() != JsonValueKind.String || !TryDate(stored.GetValue<string>(), out var at)) return false;
            return bounds.All(b => TryDate(b.Item2.GetValue<string>(), out var bound) && Compare(b.Item1, at.CompareTo(bound)));
        }

        if (stored.GetValueKind() != JsonValueKind.Number) return false;
        var value = stored.GetValue<double>();
        return bounds.All(b => Compare(b.Item1, value.CompareTo(b.Item2.GetValue<double>())));
    }

    private static bool Compare(string bound, int order) => bound switch
    {
        "gt" => order > 0,
        "gte" => order >= 0,
        "lt" => order < 0,
        _ => order <= 0,
    };

    private static bool TryDate(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);

    /// <summary>Qdrant Cloud's strict mode: every filtered field needs a payload index of a type that can answer the condition.</summary>
    private static void RequireIndexes(Collection collection, JsonObject filter)
    {
        foreach (var condition in new[] { "must", "should", "must_not" }.SelectMany(c => Conditions(filter[c])))
        {
            if (condition.ContainsKey("must") || condition.ContainsKey("should") || condition.ContainsKey("must_not"))
            {
                RequireIndexes(collection, condition);
                continue;
            }

            if (condition["key"] is not JsonValue key) continue;
            var field = key.GetValue<string>();
            string[] fitting = (condition["match"]?["value"] ?? condition["match"]?["any"]?.AsArray().FirstOrDefault(), condition["range"]) switch
            {
                (JsonNode value, _) when value.GetValueKind() == JsonValueKind.String => ["keyword"],
                (JsonNode value, _) when value.GetValueKind() == JsonValueKind.Number => ["integer"],
                (JsonNode, _) => ["bool"],
                (_, JsonObject range) when range.Any(b => b.Value?.GetValueKind() == JsonValueKind.String) => ["datetime"],
                _ => ["integer", "float"],
            };
            if (!collection.Indexes.TryGetValue(field, out var type) || !fitting.Contains(type))
            {
                throw new QdrantError(HttpStatusCode.BadRequest,
                    $"Bad request: Index required but not found for \"{field}\" of one of the following types: [{string.Join(", ", fitting)}]. Help: Create an index for this key or use a different filter.");
            }
        }
    }

    private static JsonObject Info(Collection c)
    {
        var schema = new JsonObject();
        foreach (var (field, type) in c.Indexes)
        {
            schema[field] = new JsonObject { ["data_type"] = type, ["points"] = c.Points.Count(p => ValuesAt(p.Value.Payload, field).Any()) };
        }

        var config = new JsonObject
        {
            ["params"] = new JsonObject
            {
                ["vectors"] = new JsonObject { ["size"] = c.Size, ["distance"] = c.Distance },
                ["shard_number"] = c.ShardNumber,
                ["replication_factor"] = c.ReplicationFactor,
                ["write_consistency_factor"] = c.WriteConsistencyFactor,
                ["on_disk_payload"] = true,
            },
            ["hnsw_config"] = new JsonObject { ["m"] = 16, ["ef_construct"] = 100, ["full_scan_threshold"] = 10000, ["max_indexing_threads"] = 0, ["on_disk"] = false },
            ["optimizer_config"] = new JsonObject
            {
                ["deleted_threshold"] = 0.2, ["vacuum_min_vector_number"] = 1000, ["default_segment_number"] = 0, ["max_segment_size"] = null,
                ["memmap_threshold"] = null, ["indexing_threshold"] = 10000, ["flush_interval_sec"] = 5, ["max_optimization_threads"] = null,
            },
            ["wal_config"] = new JsonObject { ["wal_capacity_mb"] = 32, ["wal_segments_ahead"] = 0 },
            ["quantization_config"] = null,
        };
        if (c.Metadata is not null) config["metadata"] = c.Metadata.DeepClone();
        return new JsonObject
        {
            ["status"] = "green",
            ["optimizer_status"] = "ok",
            ["indexed_vectors_count"] = 0,
            ["points_count"] = c.Points.Count,
            ["segments_count"] = 1,
            ["config"] = config,
            ["payload_schema"] = schema,
        };
    }

    private Collection Existing(string name) => _collections.TryGetValue(name, out var collection)
        ? collection
        : throw new QdrantError(HttpStatusCode.NotFound, $"Not found: Collection `{name}` doesn't exist!");

    /// <summary>Integer ids as their digits, UUIDs in their canonical lower-case form.</summary>
    private static string IdOf(JsonNode id) => id.GetValueKind() == JsonValueKind.Number
        ? id.GetValue<ulong>().ToString(CultureInfo.InvariantCulture)
        : Guid.TryParse(id.GetValue<string>(), out var uuid) ? uuid.ToString("D") : throw new QdrantError(HttpStatusCode.BadRequest, $"Wrong input: bad point id {id}");

    private static string CollectionName(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && parts[0] == "collections" ? parts[1] : "";
    }

    private static double Elapsed(long started) => Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 6);

    private static JsonObject Error(string message, long started) =>
        new() { ["status"] = new JsonObject { ["error"] = message }, ["time"] = Elapsed(started) };

    private static async Task JsonAsync(HttpContext context, QdrantOperation operation, HttpStatusCode status, JsonObject answer, bool validate = true)
    {
        var json = answer.ToJsonString();
        var problems = validate ? QdrantOpenApi.Published.CheckResponse(operation, (int)status, json) : [];
        if (problems.Count > 0)
        {
            (status, json) = (HttpStatusCode.InternalServerError,
                new JsonObject { ["status"] = new JsonObject { ["error"] = $"The fake Qdrant answered outside the document: {string.Join(" | ", problems)}" } }.ToJsonString());
        }

        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    }

    private static async Task PlainAsync(HttpContext context, HttpStatusCode status, string text)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(text);
    }

    private sealed record ScriptedAnswer(HttpStatusCode Status, string Body, string ContentType, string? RetryAfter);

    private sealed record Point(JsonNode Id, float[] Vector, JsonObject Payload, long Version = 0);

    private sealed class Collection(int size, string distance, int shardNumber, int replicationFactor, int writeConsistencyFactor, JsonObject? metadata)
    {
        public int Size { get; } = size;
        public string Distance { get; } = distance;
        public int ShardNumber { get; } = shardNumber;
        public int ReplicationFactor { get; } = replicationFactor;
        public int WriteConsistencyFactor { get; } = writeConsistencyFactor;
        public JsonObject? Metadata { get; } = metadata;
        public Dictionary<string, string> Indexes { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, Point> Points { get; } = new(StringComparer.Ordinal);
        public long NextVersion { get; set; }
    }

    private sealed class QdrantError(HttpStatusCode status, string message) : Exception(message)
    {
        public HttpStatusCode Status { get; } = status;
    }
}
