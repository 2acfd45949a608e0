using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Investigator.Core.Tests.Learning.Qdrant;

/// <summary>
/// The fake Qdrant keeps the Qdrant semantics the store's tests lean on: without them a client that
/// forgets wait=true, a payload index or the score rule would still pass.
/// </summary>
public sealed class FakeQdrantTests : IAsyncLifetime
{
    private FakeQdrant _fake = null!;

    private HttpClient Http() => new() { BaseAddress = _fake.Url };

    public async Task InitializeAsync()
    {
        _fake = await FakeQdrant.StartAsync();
        await SendAsync(HttpMethod.Put, "collections/c", """{"vectors":{"size":2,"distance":"Cosine"}}""");
        await SendAsync(HttpMethod.Put, "collections/c/index?wait=true", """{"field_name":"team","field_schema":"keyword"}""");
        await SendAsync(HttpMethod.Put, "collections/c/points?wait=true", """
            {"points":[
              {"id":1,"vector":[1,0],"payload":{"team":"red","at":"2026-01-01T00:00:00Z"}},
              {"id":2,"vector":[1,1],"payload":{"team":["blue","red"]}},
              {"id":3,"vector":[0,1],"payload":{"team":"blue"}}]}
            """);
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task A_write_without_wait_is_acknowledged_but_not_searchable_at_once()
    {
        var (_, acknowledged) = await SendAsync(HttpMethod.Put, "collections/c/points", """{"points":[{"id":4,"vector":[1,0]}]}""");
        var (_, now) = await SendAsync(HttpMethod.Post, "collections/c/points/count", "{}");
        await Task.Delay(_fake.UnwaitedWriteDelay * 3);
        var (_, later) = await SendAsync(HttpMethod.Post, "collections/c/points/count", "{}");

        Assert.Equal("acknowledged", acknowledged["result"]!["status"]!.GetValue<string>());
        Assert.Equal(3, now["result"]!["count"]!.GetValue<int>());
        Assert.Equal(4, later["result"]!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Scores_are_cosine_and_the_threshold_keeps_only_scores_strictly_above_it()
    {
        var (_, all) = await SendAsync(HttpMethod.Post, "collections/c/points/query", """{"query":[2,0]}""");
        var (_, above) = await SendAsync(HttpMethod.Post, "collections/c/points/query", """{"query":[2,0],"score_threshold":1.0}""");

        Assert.Equal([1.0, 0.7071, 0.0], all["result"]!["points"]!.AsArray().Select(p => Math.Round(p!["score"]!.GetValue<double>(), 4)));
        Assert.Empty(above["result"]!["points"]!.AsArray());
    }

    [Fact]
    public async Task A_keyword_match_holds_for_a_value_or_any_item_of_an_array()
    {
        var (_, red) = await SendAsync(HttpMethod.Post, "collections/c/points/count", """{"filter":{"must":[{"key":"team","match":{"value":"red"}}]}}""");
        var (_, notRed) = await SendAsync(HttpMethod.Post, "collections/c/points/count", """{"filter":{"must_not":[{"key":"team","match":{"value":"red"}}]}}""");

        Assert.Equal(2, red["result"]!["count"]!.GetValue<int>());
        Assert.Equal(1, notRed["result"]!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_filter_on_a_field_without_a_fitting_index_is_refused_as_strict_mode_does()
    {
        var (status, answer) = await SendAsync(HttpMethod.Post, "collections/c/points/count", """{"filter":{"must":[{"key":"at","range":{"gte":"2025-01-01T00:00:00Z"}}]}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Index required but not found for \"at\" of one of the following types: [datetime]", answer["status"]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_outside_the_schema_gets_400_with_the_validation_errors()
    {
        var (status, answer) = await SendAsync(HttpMethod.Put, "collections/d", """{"vectors":{"size":2,"distance":"cosine"}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("create_collection", answer["status"]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("#/vectors", answer["status"]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(_fake.State("d"));
    }

    [Fact]
    public async Task A_wrong_vector_size_a_missing_collection_and_an_existing_one_get_Qdrants_answers()
    {
        var (wrongSize, sizeAnswer) = await SendAsync(HttpMethod.Put, "collections/c/points?wait=true", """{"points":[{"id":9,"vector":[1,0,0]}]}""");
        var (missing, missingAnswer) = await SendAsync(HttpMethod.Get, "collections/nope", null);
        var (exists, _) = await SendAsync(HttpMethod.Put, "collections/c", """{"vectors":{"size":2,"distance":"Cosine"}}""");

        Assert.Equal(HttpStatusCode.BadRequest, wrongSize);
        Assert.Equal("Wrong input: Vector dimension error: expected dim: 2, got 3", sizeAnswer["status"]!["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Equal("Not found: Collection `nope` doesn't exist!", missingAnswer["status"]!["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, exists);
    }

    private async Task<(HttpStatusCode Status, JsonObject Answer)> SendAsync(HttpMethod method, string path, string? body)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var http = Http();
        using var response = await http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }
}
