using System.Diagnostics;
using System.Net;
using Investigator.Core.Decisioning;
using Investigator.Core.Intake;
using Investigator.Core.Learning;
using Investigator.Core.Learning.Knowledge;
using Investigator.Core.Learning.Qdrant;
using Investigator.Core.Sources.Local;

namespace Investigator.Core.Tests.Learning.Qdrant;

/// <summary>
/// The Qdrant client against Qdrant's OpenAPI document: every kind of request it sends fits the schema of
/// its operation (closed objects, no nulls), answers of the documented shapes are read, errors reach the
/// exception with Qdrant's message, the api-key header is sent, and 429/503 are retried as asked.
/// </summary>
public sealed class QdrantContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Resolved = new(2026, 5, 4, 12, 0, 0, TimeSpan.Zero);
    private readonly List<QdrantTestStore> _stores = [];
    private readonly List<Knowledge.QdrantSectionTestIndex> _sectionIndexes = [];
    private FakeQdrant _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeQdrant.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var store in _stores) store.Dispose();
        foreach (var index in _sectionIndexes) index.Dispose();
        await _fake.DisposeAsync();
    }

    [Theory]
    [InlineData("get_collection")]
    [InlineData("create_collection")]
    [InlineData("create_field_index")]
    [InlineData("upsert_points")]
    [InlineData("query_points")]
    [InlineData("delete_points")]
    [InlineData("count_points")]
    public async Task Every_request_of_this_kind_fits_Qdrants_schema_for_its_operation(string operationId)
    {
        var memory = Open().Memory;
        await UseEverythingAsync(memory);

        var sent = _fake.Requests.Where(r => r.OperationId == operationId).ToList();

        Assert.NotEmpty(sent);
        Assert.All(sent, r =>
        {
            var operation = QdrantOpenApi.Closed.Find(r.Method, r.Path)!;
            Assert.Empty(QdrantOpenApi.Closed.CheckRequest(operation, r.Query, r.Body));
        });
    }

    [Fact]
    public async Task The_client_sends_no_request_outside_the_document()
    {
        var memory = Open().Memory;
        await UseEverythingAsync(memory);

        Assert.All(_fake.Requests, r => Assert.NotNull(r.OperationId));
        Assert.Equal(
            ["count_points", "create_collection", "create_field_index", "delete_points", "get_collection", "query_points", "upsert_points"],
            _fake.Requests.Select(r => r.OperationId!).Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("PUT", "/collections/c", "{\"vectors\":{\"size\":4,\"distance\":\"cosine\"}}", "NotAnyOf at #/vectors")]
    [InlineData("PUT", "/collections/c", "{\"vectors\":{\"size\":4,\"distance\":\"Cosine\"},\"shard_number\":0}", "shard_number")]
    [InlineData("PUT", "/collections/c/index", "{\"field_name\":\"resolved_at\",\"field_schema\":\"Datetime\"}", "field_schema")]
    [InlineData("PUT", "/collections/c/points", "{\"points\":[{\"id\":\"revoked-key\",\"vector\":[0.5]}]}", "NotAnyOf")]
    [InlineData("POST", "/collections/c/points/query", "{\"query\":[0.5],\"with_vector\":null}", "explicit null")]
    [InlineData("POST", "/collections/c/points/query", "{\"query\":[0.5],\"score_thresold\":0.5}", "score_thresold")]
    [InlineData("POST", "/collections/c/points/query", "{\"query\":[0.5],\"limit\":0}", "limit")]
    [InlineData("POST", "/collections/c/points/query", "{\"query\":[0.5],\"filter\":{\"must\":[{\"key\":\"resolved_at\",\"range\":{\"gte\":\"last week\"}}]}}", "filter")]
    [InlineData("POST", "/collections/c/points/count", "{\"exact\":\"yes\"}", "exact")]
    public void The_schema_check_refuses_a_request_Qdrant_would_refuse_or_ignore(string method, string path, string body, string expected)
    {
        var operation = QdrantOpenApi.Closed.Find(method, path)!;

        var problems = QdrantOpenApi.Closed.CheckRequest(operation, [], body);

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void The_published_document_leaves_objects_open_so_a_misspelt_option_needs_the_closed_check()
    {
        var operation = QdrantOpenApi.Published.Find("POST", "/collections/c/points/query")!;
        const string misspelt = "{\"query\":[0.5],\"score_thresold\":0.5}";

        Assert.Empty(QdrantOpenApi.Published.CheckRequest(operation, [], misspelt));
        Assert.NotEmpty(QdrantOpenApi.Closed.CheckRequest(operation, [], misspelt));
        Assert.Contains(QdrantOpenApi.Published.CheckRequest(operation, [new("wait", "true")], "{\"query\":[0.5]}"), p => p.Contains("'wait'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Documented_answers_are_read_count_and_scored_points_with_their_payload()
    {
        var memory = Open().Memory;
        await memory.CountAsync(CancellationToken.None);
        var id = CasePointId.For("revoked-key");
        var count = """{"result":{"count":7},"status":"ok","time":0.000112}""";
        var query = $$$"""
            {"result":{"points":[{"id":"{{{id}}}","version":3,"score":0.8731,"payload":{
              "case_key":"revoked-key","account_id":"acc_2001","account_key":"acc_2001","product":"API","product_key":"api",
              "category":"Authentication","disposition":"UserOrConfigurationMistake","type":"Configuration",
              "summary":"API calls fail with 401","root_cause":"Key revoked","resolution":"New key","evidence_summary":["401s"],
              "labels":["api-key"],"resolved_at":"2026-05-04T12:00:00Z","confirmed_by":"lead","occurrences":2,
              "embedding_generator":"builtin:x","embedding_dimensions":512}}]},"status":"ok","time":0.002}
            """;
        Assert.Empty(QdrantOpenApi.Published.CheckResponse(QdrantOpenApi.Published.Find("POST", "/collections/c/points/count")!, 200, count));
        Assert.Empty(QdrantOpenApi.Published.CheckResponse(QdrantOpenApi.Published.Find("POST", "/collections/c/points/query")!, 200, query));

        _fake.AnswerNext(HttpStatusCode.OK, count);
        var counted = await memory.CountAsync(CancellationToken.None);
        _fake.AnswerNext(HttpStatusCode.OK, query);
        var found = Assert.Single(await memory.SearchAsync("401", 3, new CaseMemoryFilter(), CancellationToken.None));

        Assert.Equal(7, counted);
        Assert.Equal(0.8731, found.Score);
        Assert.Equal(("revoked-key", "acc_2001", Disposition.UserOrConfigurationMistake, ProblemCategory.Authentication, 2, Resolved),
            (found.Case.CaseKey, found.Case.AccountId, found.Case.Disposition, found.Case.Category, found.Case.Occurrences, found.Case.ResolvedAt));
        Assert.Equal(["401s"], found.Case.EvidenceSummary);
    }

    [Fact]
    public async Task Qdrants_error_message_reaches_the_exception()
    {
        var memory = Open().Memory;
        await memory.CountAsync(CancellationToken.None);
        const string envelope = """{"status":{"error":"Wrong input: Vector dimension error: expected dim: 512, got 3"},"time":0.0001}""";
        Assert.Empty(QdrantOpenApi.Published.CheckResponse(QdrantOpenApi.Published.Find("POST", "/collections/c/points/count")!, 400, envelope));
        _fake.AnswerNext(HttpStatusCode.BadRequest, envelope);

        var error = await Assert.ThrowsAsync<QdrantException>(() => memory.DeleteAsync("revoked-key", CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("Wrong input: Vector dimension error: expected dim: 512, got 3", error.QdrantError);
        Assert.Contains("HTTP 400", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected dim: 512, got 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_collection_deleted_underneath_surfaces_Qdrants_404_message()
    {
        var options = Options();
        var memory = Open(options).Memory;
        await memory.CountAsync(CancellationToken.None);
        using (var http = new HttpClient { BaseAddress = _fake.Url })
        {
            (await http.DeleteAsync(new Uri($"collections/{options.Collection}", UriKind.Relative))).EnsureSuccessStatusCode();
        }

        var error = await Assert.ThrowsAsync<QdrantException>(() => memory.CountAsync(CancellationToken.None));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Contains($"Not found: Collection `{options.Collection}` doesn't exist!", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_key_header_is_sent_with_every_request()
    {
        await using var secured = await FakeQdrant.StartAsync(apiKey: "qdrant-test-key");
        var memory = Open(QdrantTestStore.Options(secured.Url, apiKey: "qdrant-test-key")).Memory;

        await memory.UpsertAsync(Case("revoked-key"), CancellationToken.None);

        Assert.Equal(1, await memory.CountAsync(CancellationToken.None));
        Assert.All(secured.Requests, r => Assert.Equal("qdrant-test-key", r.Header("api-key")));
    }

    [Fact]
    public async Task A_401_in_plain_text_reaches_the_exception()
    {
        await using var secured = await FakeQdrant.StartAsync(apiKey: "qdrant-test-key");
        var memory = Open(QdrantTestStore.Options(secured.Url)).Memory;

        var error = await Assert.ThrowsAsync<QdrantException>(() => memory.CountAsync(CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Contains("Must provide an API key or an Authorization bearer token", error.Message, StringComparison.Ordinal);
        Assert.Null(Assert.Single(secured.Requests).Header("api-key"));
    }

    [Fact]
    public async Task A_429_is_retried_after_the_Retry_After_it_asks_for()
    {
        var memory = Open().Memory;
        await memory.UpsertAsync(Case("revoked-key"), CancellationToken.None);
        var before = _fake.Requests.Count;
        _fake.AnswerNext(HttpStatusCode.TooManyRequests, """{"status":{"error":"Too many requests"},"time":0.0}""", retryAfter: "1");

        var clock = Stopwatch.StartNew();
        var counted = await memory.CountAsync(CancellationToken.None);
        clock.Stop();

        Assert.Equal(1, counted);
        Assert.Equal(2, _fake.Requests.Count - before);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(950), $"retried after {clock.Elapsed.TotalMilliseconds:0} ms; Retry-After asked for 1 s");
    }

    [Fact]
    public async Task A_429_without_Retry_After_is_retried_after_the_short_backoff()
    {
        var memory = Open().Memory;
        await memory.CountAsync(CancellationToken.None);
        _fake.AnswerNext(HttpStatusCode.TooManyRequests, """{"status":{"error":"Too many requests"},"time":0.0}""");

        var clock = Stopwatch.StartNew();
        await memory.CountAsync(CancellationToken.None);
        clock.Stop();

        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(700), $"took {clock.Elapsed.TotalMilliseconds:0} ms with a 1 ms backoff");
    }

    [Fact]
    public async Task A_429_asking_for_longer_than_the_cap_fails_at_once()
    {
        var memory = Open().Memory;
        await memory.CountAsync(CancellationToken.None);
        var before = _fake.Requests.Count;
        _fake.AnswerNext(HttpStatusCode.TooManyRequests, """{"status":{"error":"Rate limit exceeded"},"time":0.0}""", retryAfter: "3600");

        var error = await Assert.ThrowsAsync<QdrantException>(() => memory.CountAsync(CancellationToken.None));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Contains("Rate limit exceeded", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _fake.Requests.Count - before);
    }

    [Fact]
    public async Task A_503_is_retried()
    {
        var memory = Open().Memory;
        await memory.UpsertAsync(Case("revoked-key"), CancellationToken.None);
        var before = _fake.Requests.Count;
        _fake.AnswerNext(HttpStatusCode.ServiceUnavailable, """{"status":{"error":"Service unavailable: shard 0 is not ready"},"time":0.0}""");
        _fake.AnswerNext(HttpStatusCode.ServiceUnavailable, """{"status":{"error":"Service unavailable: shard 0 is not ready"},"time":0.0}""");

        var found = await memory.SearchAsync("revoked key", 3, new CaseMemoryFilter(), CancellationToken.None);

        Assert.Equal("revoked-key", Assert.Single(found).Case.CaseKey);
        Assert.Equal(3, _fake.Requests.Count - before);
    }

    [Fact]
    public async Task Retries_end_after_MaxRetries_with_Qdrants_message()
    {
        var options = Options();
        options.MaxRetries = 2;
        var memory = Open(options).Memory;
        await memory.CountAsync(CancellationToken.None);
        var before = _fake.Requests.Count;
        for (var i = 0; i < 3; i++)
        {
            _fake.AnswerNext(HttpStatusCode.ServiceUnavailable, """{"status":{"error":"Service unavailable: shard 0 is not ready"},"time":0.0}""");
        }

        var error = await Assert.ThrowsAsync<QdrantException>(() => memory.CountAsync(CancellationToken.None));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Contains("shard 0 is not ready", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, _fake.Requests.Count - before);
    }

    [Fact]
    public async Task A_refused_connection_is_named_in_the_exception()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closed = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        listener.Stop();
        var memory = Open(QdrantTestStore.Options(closed)).Memory;

        var error = await Assert.ThrowsAsync<QdrantException>(() => memory.CountAsync(CancellationToken.None));

        Assert.StartsWith("Qdrant get collection", error.Message, StringComparison.Ordinal);
        Assert.Contains("refused", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Retry_After_as_a_date_is_a_wait_from_now()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 5, 4, 12, 0, 0, TimeSpan.Zero));
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(new DateTimeOffset(2026, 5, 4, 12, 0, 7, TimeSpan.Zero));

        Assert.Equal(TimeSpan.FromSeconds(7), QdrantRetry.RetryAfter(response, time));
    }

    [Theory]
    [InlineData("get_collection")]
    [InlineData("create_collection")]
    [InlineData("create_field_index")]
    [InlineData("upsert_points")]
    [InlineData("query_points")]
    [InlineData("delete_points")]
    [InlineData("count_points")]
    public async Task Every_request_of_the_knowledge_section_index_fits_Qdrants_schema_for_its_operation(string operationId)
    {
        await UseEverythingAsync(OpenSections().Index);

        var sent = _fake.Requests.Where(r => r.OperationId == operationId).ToList();

        Assert.NotEmpty(sent);
        Assert.All(sent, r =>
        {
            var operation = QdrantOpenApi.Closed.Find(r.Method, r.Path)!;
            Assert.Empty(QdrantOpenApi.Closed.CheckRequest(operation, r.Query, r.Body));
        });
    }

    [Fact]
    public async Task The_knowledge_section_index_sends_its_own_kinds_of_body_and_nothing_outside_the_document()
    {
        await UseEverythingAsync(OpenSections().Index);

        Assert.All(_fake.Requests, r => Assert.NotNull(r.OperationId));
        // The kinds the case memory never sends: section payloads, a delete by filter, a filter on point ids it must not have.
        Assert.Contains(_fake.Requests, r => r.OperationId == "upsert_points" && r.Json["points"]![0]!["payload"]!["section_key"] is not null);
        Assert.Contains(_fake.Requests, r => r.OperationId == "delete_points" && r.Json["filter"]!["must_not"]![0]!["has_id"] is not null);
        Assert.Contains(_fake.Requests, r => r.OperationId == "count_points" && r.Json["filter"]?["must_not"]?[0]?["has_id"] is not null);
        Assert.Contains(_fake.Requests, r => r.OperationId == "query_points" && r.Json["query"] is System.Text.Json.Nodes.JsonArray && r.Json["with_payload"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("POST", "/collections/c/points/delete", "{\"filter\":{\"must_nt\":[{\"has_id\":[1]}]}}", "must_nt")]
    [InlineData("POST", "/collections/c/points/delete", "{\"filter\":{\"must_not\":[{\"has_id\":\"kb-007#1\"}]}}", "has_id")]
    [InlineData("POST", "/collections/c/points/delete", "{\"filter\":{\"must_not\":[{\"has_id\":[1]}]},\"points\":[1]}", "NotAnyOf")]
    [InlineData("PUT", "/collections/c/points", "{\"points\":[{\"id\":\"kb-007#1\",\"vector\":[0.5],\"payload\":{\"article_id\":\"kb-007\"}}]}", "NotAnyOf")]
    public void The_schema_check_refuses_a_malformed_section_request(string method, string path, string body, string expected)
    {
        var operation = QdrantOpenApi.Closed.Find(method, path)!;

        var problems = QdrantOpenApi.Closed.CheckRequest(operation, [], body);

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_documented_query_answer_is_read_as_sections()
    {
        var index = OpenSections().Index;
        await index.CountAsync(CancellationToken.None);
        var id = KnowledgeSectionPayload.PointIdOf("kb-013#0");
        var query = $$$"""
            {"result":{"points":[{"id":"{{{id}}}","version":5,"score":0.7312,"payload":{
              "section_key":"kb-013#0","article_id":"kb-013","ordinal":0,"title":"Rotating the SAML signing certificate",
              "heading":"Steps","text":"Upload the new certificate next to the old one.",
              "embedding_generator":"builtin:x","embedding_dimensions":512}}]},"status":"ok","time":0.002}
            """;
        Assert.Empty(QdrantOpenApi.Published.CheckResponse(QdrantOpenApi.Published.Find("POST", "/collections/c/points/query")!, 200, query));
        _fake.AnswerNext(HttpStatusCode.OK, query);

        var found = Assert.Single(await index.SearchAsync("rotate the certificate", 3, CancellationToken.None));

        Assert.Equal(0.7312, found.Score);
        Assert.Equal(new KnowledgeSection("kb-013", "Rotating the SAML signing certificate", 0, "Steps", "Upload the new certificate next to the old one."), found.Section);
    }

    private Knowledge.QdrantSectionTestIndex OpenSections()
    {
        var index = new Knowledge.QdrantSectionTestIndex(_fake.Url, new HashingEmbeddingGenerator());
        _sectionIndexes.Add(index);
        return index;
    }

    /// <summary>Every call the section index makes: open, index, reindex with a section gone (count and delete the stale), search, count.</summary>
    private static async Task UseEverythingAsync(QdrantKnowledgeSectionIndex index)
    {
        var sections = KnowledgeSections.Of(Knowledge.KnowledgeSamples.Articles);
        await index.ReindexAsync(sections, CancellationToken.None);
        await index.ReindexAsync(sections.Where(s => s.ArticleId != "kb-007").ToList(), CancellationToken.None);
        await index.SearchAsync("rotate the signing certificate", 5, CancellationToken.None);
        await index.CountAsync(CancellationToken.None);
    }

    private QdrantOptions Options() => QdrantTestStore.Options(_fake.Url);

    private QdrantTestStore Open(QdrantOptions? options = null)
    {
        var store = new QdrantTestStore(options ?? Options(), new HashingEmbeddingGenerator());
        _stores.Add(store);
        return store;
    }

    /// <summary>Every call the store can make: open, store, merge, search with every filter, count, delete.</summary>
    private static async Task UseEverythingAsync(QdrantCaseMemory memory)
    {
        await memory.UpsertAsync(Case("revoked-key"), CancellationToken.None);
        await memory.UpsertAsync(Case("revoked-key-again"), CancellationToken.None);
        await memory.UpsertAsync(Case("webhook-404") with { Summary = "Webhook deliveries fail with 404", Product = "Webhooks" }, CancellationToken.None);
        await memory.SearchAsync("401 revoked", 5, new CaseMemoryFilter("ACC_2001", "API", Disposition.UserOrConfigurationMistake, Resolved.AddDays(-1), Resolved.AddDays(1))
        {
            MinimumScore = 0.2,
        }, CancellationToken.None);
        await memory.CountAsync(CancellationToken.None);
        await memory.DeleteAsync("webhook-404", CancellationToken.None);
        await memory.DeleteAsync("never-stored", CancellationToken.None);
    }

    private static ResolvedCase Case(string key) => new(key, "acc_2001", "API", ProblemCategory.Authentication, Disposition.UserOrConfigurationMistake,
        CaseType.Configuration, "API calls fail with 401 AUTH_KEY_REVOKED after the key was revoked", "An admin revoked the key.", "Created a new key.",
        ["401 responses"], ["api-key"], Resolved, "lead");
}
