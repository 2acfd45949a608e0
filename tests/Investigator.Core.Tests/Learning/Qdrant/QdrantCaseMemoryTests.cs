using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Investigator.Core.Decisioning;
using Investigator.Core.Intake;
using Investigator.Core.Learning;
using Investigator.Core.Learning.Qdrant;

namespace Investigator.Core.Tests.Learning.Qdrant;

/// <summary>What the Qdrant store does to a collection: how it creates, indexes, keys and refuses one.</summary>
public sealed class QdrantCaseMemoryTests : IAsyncLifetime
{
    private readonly List<QdrantTestStore> _stores = [];
    private FakeQdrant _fake = null!;

    private HttpClient Http() => new() { BaseAddress = _fake.Url };

    public async Task InitializeAsync()
    {
        _fake = await FakeQdrant.StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _stores) store.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task A_missing_collection_is_created_with_cosine_vectors_and_the_configured_cluster_settings()
    {
        var options = QdrantTestStore.Options(_fake.Url);
        (options.Shards, options.ReplicationFactor, options.WriteConsistencyFactor) = (3, 2, 2);
        var memory = Open(options);

        await memory.CountAsync(CancellationToken.None);

        var state = _fake.State(options.Collection)!;
        Assert.Equal((512, "Cosine", 3, 2, 2), (state.Size, state.Distance, state.ShardNumber, state.ReplicationFactor, state.WriteConsistencyFactor));
        Assert.Equal(new CaseEmbedder(new HashingEmbeddingGenerator()).GeneratorId, state.Metadata?["embedding_generator"]?.GetValue<string>());
        Assert.Equal(512, state.Metadata?["embedding_dimensions"]?.GetValue<int>());
        var create = Assert.Single(_fake.Requests, r => r.OperationId == "create_collection");
        Assert.Equal("Cosine", create.Json["vectors"]!["distance"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_filtered_field_gets_a_payload_index_of_its_type_created_with_wait()
    {
        var options = QdrantTestStore.Options(_fake.Url);
        var memory = Open(options);

        await memory.CountAsync(CancellationToken.None);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["account_key"] = "keyword", ["product_key"] = "keyword", ["disposition"] = "keyword",
                ["resolved_at"] = "datetime", ["embedding_generator"] = "keyword",
            },
            _fake.State(options.Collection)!.Indexes);
        Assert.All(_fake.Requests.Where(r => r.OperationId == "create_field_index"), r => Assert.Equal("true", r.Query["wait"]));
    }

    [Fact]
    public async Task An_existing_collection_is_reused_and_its_indexes_are_not_created_again()
    {
        var options = QdrantTestStore.Options(_fake.Url);
        await Open(options).UpsertAsync(Case("revoked-key"), CancellationToken.None);

        var count = await Open(options).CountAsync(CancellationToken.None);

        Assert.Equal(1, count);
        Assert.Single(_fake.Requests, r => r.OperationId == "create_collection");
        Assert.Equal(5, _fake.Requests.Count(r => r.OperationId == "create_field_index"));
    }

    [Fact]
    public async Task A_case_is_a_point_keyed_by_the_UUIDv5_of_its_key_written_with_wait_and_carrying_its_generator()
    {
        var options = QdrantTestStore.Options(_fake.Url);
        var memory = Open(options);

        await memory.UpsertAsync(Case("revoked-key"), CancellationToken.None);

        var upsert = Assert.Single(_fake.Requests, r => r.OperationId == "upsert_points");
        Assert.Equal("true", upsert.Query["wait"]);
        var point = upsert.Json["points"]![0]!;
        Assert.Equal(CasePointId.For("revoked-key").ToString(), point["id"]!.GetValue<string>());
        var payload = _fake.State(options.Collection)!.Payloads[CasePointId.For("revoked-key").ToString()];
        Assert.Equal("revoked-key", payload["case_key"]!.GetValue<string>());
        Assert.Equal(new CaseEmbedder(new HashingEmbeddingGenerator()).GeneratorId, payload["embedding_generator"]!.GetValue<string>());
        Assert.Equal(512, payload["embedding_dimensions"]!.GetValue<int>());
        Assert.Equal("UserOrConfigurationMistake", payload["disposition"]!.GetValue<string>());
        Assert.Equal("acc_2001", payload["account_key"]!.GetValue<string>());
        Assert.Equal("ACC_2001", payload["account_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_merge_looks_for_the_nearest_point_of_the_same_disposition_above_the_threshold_and_rewrites_that_point()
    {
        var options = QdrantTestStore.Options(_fake.Url);
        var memory = Open(options);
        await memory.UpsertAsync(Case("revoked-key"), CancellationToken.None);

        await memory.UpsertAsync(Case("revoked-key-again"), CancellationToken.None);

        var nearest = _fake.Requests.Last(r => r.OperationId == "query_points").Json;
        Assert.Equal(1, nearest["limit"]!.GetValue<int>());
        Assert.True(nearest["with_vector"]!.GetValue<bool>());
        Assert.Equal("UserOrConfigurationMistake", nearest["filter"]!["must"]![0]!["match"]!["value"]!.GetValue<string>());
        Assert.Equal(MathF.BitDecrement((float)NearDuplicate.Threshold), nearest["score_threshold"]!.GetValue<float>());
        var rewritten = _fake.Requests.Last(r => r.OperationId == "upsert_points").Json["points"]![0]!;
        Assert.Equal(CasePointId.For("revoked-key").ToString(), rewritten["id"]!.GetValue<string>());
        Assert.Equal(2, rewritten["payload"]!["occurrences"]!.GetValue<int>());
    }

    [Fact]
    public void Point_ids_are_RFC_9562_version_5_UUIDs()
    {
        var dns = new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

        // The RFC's namespace for DNS names, and the value every UUIDv5 implementation gives for python.org.
        Assert.Equal(new Guid("886313e1-3b8a-5372-9b90-0c9aee199e5d"), CasePointId.NameBased(dns, "python.org"));
        Assert.Equal(CasePointId.For("revoked-key"), CasePointId.For("revoked-key"));
        Assert.NotEqual(CasePointId.For("revoked-key"), CasePointId.For("revoked-key "));
        Assert.Equal('5', CasePointId.For("revoked-key").ToString()[14]);
    }

    [Fact]
    public async Task A_collection_measuring_another_distance_is_refused()
    {
        var options = QdrantTestStore.Options(_fake.Url);
        await CreateRawAsync(options.Collection, new JsonObject { ["size"] = 512, ["distance"] = "Dot" });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Open(options).CountAsync(CancellationToken.None));

        Assert.Contains("measures distance by Dot; the case memory needs Cosine", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_collection_of_another_size_made_elsewhere_is_refused_naming_both_dimensions()
    {
        var options = QdrantTestStore.Options(_fake.Url);
        await CreateRawAsync(options.Collection, new JsonObject { ["size"] = 1536, ["distance"] = "Cosine" });

        var error = await Assert.ThrowsAsync<EmbeddingMismatchException>(() => Open(options).CountAsync(CancellationToken.None));

        Assert.Equal(1536, error.Stored.Dimensions);
        Assert.Equal(512, error.Configured.Dimensions);
        Assert.Contains("'unrecorded' with 1536 dimensions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Points_written_by_another_generator_are_refused()
    {
        var options = QdrantTestStore.Options(_fake.Url);
        await Open(options).UpsertAsync(Case("revoked-key"), CancellationToken.None);
        var foreign = new JsonObject
        {
            ["points"] = new JsonArray(new JsonObject
            {
                ["id"] = 7,
                ["vector"] = new JsonArray([.. Enumerable.Range(0, 512).Select(_ => (JsonNode)JsonValue.Create(0.5f))]),
                ["payload"] = new JsonObject { ["embedding_generator"] = "openai:text-embedding-3-small", ["embedding_dimensions"] = 512 },
            }),
        };
        using var http = Http();
        (await http.PutAsJsonAsync($"collections/{options.Collection}/points?wait=true", foreign)).EnsureSuccessStatusCode();

        var error = await Assert.ThrowsAsync<EmbeddingMismatchException>(() => Open(options).CountAsync(CancellationToken.None));

        Assert.Contains("'openai:text-embedding-3-small' with 512 dimensions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_open_is_tried_again_on_the_next_call()
    {
        var memory = Open(QdrantTestStore.Options(_fake.Url));
        _fake.AnswerNext(HttpStatusCode.InternalServerError, """{"status":{"error":"Service internal error: disk full"},"time":0.0}""");

        var error = await Assert.ThrowsAsync<QdrantException>(() => memory.CountAsync(CancellationToken.None));
        var count = await memory.CountAsync(CancellationToken.None);

        Assert.Contains("disk full", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, count);
    }

    private QdrantCaseMemory Open(QdrantOptions options)
    {
        var store = new QdrantTestStore(options, new HashingEmbeddingGenerator());
        _stores.Add(store);
        return store.Memory;
    }

    private async Task CreateRawAsync(string collection, JsonObject vectors)
    {
        using var http = Http();
        (await http.PutAsJsonAsync($"collections/{collection}", new JsonObject { ["vectors"] = vectors })).EnsureSuccessStatusCode();
    }

    private static ResolvedCase Case(string key) => new(key, "ACC_2001", "API", ProblemCategory.Authentication, Disposition.UserOrConfigurationMistake,
        CaseType.Configuration, "API calls fail with 401 AUTH_KEY_REVOKED after the key was revoked", "An admin revoked the key.", "Created a new key.",
        ["401 responses"], ["api-key"], new DateTimeOffset(2026, 5, 4, 12, 0, 0, TimeSpan.Zero), "lead");
}
