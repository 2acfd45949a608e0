using System.Net;
using System.Text.Json.Nodes;
using Investigator.Core.Sources;
using Investigator.Core.Sources.Http;
using Investigator.Core.Sources.Http.Elasticsearch;
using Microsoft.Extensions.DependencyInjection;

namespace Investigator.Api.Tests.Sources;

public sealed class ElasticsearchLogSourceTests
{
    private static readonly DateTimeOffset From = new(2026, 11, 12, 13, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2026, 11, 12, 14, 0, 0, TimeSpan.Zero);

    // A search response as Elasticsearch 8 / OpenSearch 2 answer it, newest first by the sort.
    private const string Hits = """
        {"took":12,"timed_out":false,"_shards":{"total":3,"successful":3,"skipped":0,"failed":0},
         "hits":{"total":{"value":3,"relation":"eq"},"max_score":null,"hits":[
           {"_index":".ds-logs-flowpoint-2026.11.12-000001","_id":"b1","_score":null,
            "_source":{"ts":"2026-11-12T13:42:07.250Z","level":"error","service":"webhook-dispatcher","region":"eu-west","accountId":"acc_1001","message":"delivery timed out after 30000ms","httpStatus":504,"latencyMs":30000,"errorCode":"WEBHOOK_TIMEOUT"},
            "sort":[1794490927250]},
           {"_index":".ds-logs-flowpoint-2026.11.12-000001","_id":"a7","_score":null,
            "_source":{"ts":"2026-11-12T13:41:00.500Z","level":"WARN","service":"webhook-dispatcher","region":"eu-west","accountId":"acc_1001","message":"retry 2 of 5"},
            "sort":[1794490860500]}
         ]}}
        """;

    [Fact]
    public async Task A_search_posts_a_bool_filter_query_scoped_to_the_account_and_maps_the_documents()
    {
        await using var es = await FakeSourceServer.StartAsync((_, context) => FakeSourceServer.Json(context, Hits));
        using var services = Elasticsearch(es.BaseUrl, o =>
        {
            o.Index = "logs-flowpoint-*";
            o.Auth.Token = "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==";
        });

        var page = await services.GetRequiredService<ElasticsearchLogSource>().SearchAsync(
            new LogQuery("acc_1001", From, To, "webhook-dispatcher", "warn", "timed out", Limit: 2), CancellationToken.None);

        var request = Assert.Single(es.Requests);
        Assert.Equal(("POST", "/logs-flowpoint-*/_search"), (request.Method, request.Path));
        Assert.Equal("ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==", request.Header("Authorization"));
        var expected = JsonNode.Parse("""
            {"size":2,"track_total_hits":true,
             "sort":[{"ts":{"order":"desc"}}],
             "_source":["ts","level","service","region","accountId","requestId","traceId","message","httpStatus","latencyMs","errorCode"],
             "query":{"bool":{"filter":[
               {"range":{"ts":{"gte":"2026-11-12T13:00:00.000Z","lt":"2026-11-12T14:00:00.000Z","format":"strict_date_optional_time"}}},
               {"term":{"accountId":"acc_1001"}},
               {"term":{"service":"webhook-dispatcher"}},
               {"terms":{"level":["warn","WARN","warning","WARNING","error","ERROR","err","ERR","fatal","FATAL","critical","CRITICAL","crit","CRIT","panic","PANIC","emerg","EMERG","alert","ALERT"]}},
               {"bool":{"should":[{"match_phrase":{"message":"timed out"}},{"term":{"errorCode":"timed out"}}],"minimum_should_match":1}}
             ]}}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(request.Body)), request.Body);

        Assert.Equal((3, true), (page.TotalMatched, page.Truncated));
        Assert.Equal([("warn", "retry 2 of 5"), ("error", "delivery timed out after 30000ms")], page.Lines.Select(l => (l.Level, l.Message)));   // oldest first
        var newest = page.Lines[^1];
        Assert.Equal((new DateTimeOffset(2026, 11, 12, 13, 42, 7, 250, TimeSpan.Zero), "error", "acc_1001", 504, 30000, "WEBHOOK_TIMEOUT"),
            (newest.Ts, newest.Level, newest.AccountId, newest.HttpStatus, newest.LatencyMs, newest.ErrorCode));
    }

    [Fact]
    public async Task Affected_accounts_are_a_cardinality_aggregation_that_returns_no_documents()
    {
        await using var es = await FakeSourceServer.StartAsync((_, context) => FakeSourceServer.Json(context, """
            {"took":3,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},
             "hits":{"total":{"value":1000,"relation":"gte"},"max_score":null,"hits":[]},
             "aggregations":{"affected_accounts":{"value":4}}}
            """));
        using var services = Elasticsearch(es.BaseUrl);

        var count = await services.GetRequiredService<ElasticsearchLogSource>().CountAffectedAccountsAsync("WEBHOOK_TIMEOUT", From, To, "webhook-dispatcher", CancellationToken.None);

        Assert.Equal(4, count);
        var body = JsonNode.Parse(Assert.Single(es.Requests).Body)!;
        Assert.Equal(0, (int)body["size"]!);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"affected_accounts":{"cardinality":{"field":"accountId"}}}"""), body["aggs"]));
        var filter = body["query"]!["bool"]!["filter"]!.AsArray();
        Assert.Contains(filter, f => JsonNode.DeepEquals(f, JsonNode.Parse("""{"exists":{"field":"accountId"}}""")));
        Assert.Contains(filter, f => JsonNode.DeepEquals(f, JsonNode.Parse("""{"term":{"service":"webhook-dispatcher"}}""")));
        Assert.DoesNotContain(filter, f => f!.ToJsonString().Contains("acc_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Configured_field_names_reach_into_nested_ecs_documents()
    {
        await using var es = await FakeSourceServer.StartAsync((_, context) => FakeSourceServer.Json(context, """
            {"timed_out":false,"hits":{"total":{"value":1,"relation":"eq"},"hits":[
              {"_id":"x","_source":{"@timestamp":"2026-11-12T13:30:00Z","log":{"level":"ERROR"},"service":{"name":"auth"},"cloud":{"region":"us-east"},
                                    "labels":{"account_id":"acc_2002"},"message":"SAML assertion rejected","http":{"response":{"status_code":401}},"error":{"code":"SSO_CERT_EXPIRED"}}}]}}
            """));
        using var services = Elasticsearch(es.BaseUrl, o => o.Fields = new LogFieldNames
        {
            Timestamp = "@timestamp", Level = "log.level", Service = "service.name", Region = "cloud.region", Account = "labels.account_id",
            HttpStatus = "http.response.status_code", ErrorCode = "error.code",
        });

        var line = Assert.Single((await services.GetRequiredService<ElasticsearchLogSource>().SearchAsync(new LogQuery("acc_2002", From, To), CancellationToken.None)).Lines);

        Assert.Equal((new DateTimeOffset(2026, 11, 12, 13, 30, 0, TimeSpan.Zero), "error", "auth", "us-east", "acc_2002", "SAML assertion rejected", 401, "SSO_CERT_EXPIRED"),
            (line.Ts, line.Level, line.Service, line.Region, line.AccountId, line.Message, line.HttpStatus, line.ErrorCode));
        Assert.Contains("\"labels.account_id\":\"acc_2002\"", Assert.Single(es.Requests).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_search_is_a_read_so_a_503_is_retried_with_backoff_until_it_succeeds()
    {
        var calls = 0;
        await using var es = await FakeSourceServer.StartAsync((_, context) => Interlocked.Increment(ref calls) <= 2
            ? FakeSourceServer.Status(context, HttpStatusCode.ServiceUnavailable)
            : FakeSourceServer.Json(context, Hits));
        using var services = Elasticsearch(es.BaseUrl);

        var page = await services.GetRequiredService<ElasticsearchLogSource>().SearchAsync(new LogQuery("acc_1001", From, To), CancellationToken.None);

        Assert.Equal(2, page.Lines.Count);
        Assert.Equal(3, es.Requests.Count);
        Assert.All(es.Requests, r => Assert.Equal("POST", r.Method));
        Assert.Single(es.Requests.Select(r => r.Body).Distinct());   // the same body each time
    }

    internal static ServiceProvider Elasticsearch(Uri baseUrl, Action<ElasticsearchOptions>? configure = null)
    {
        var options = new ElasticsearchOptions { BaseUrl = baseUrl.ToString(), Resilience = SourceHost.Quick() };
        configure?.Invoke(options);
        return SourceHost.Build(s => s.AddElasticsearchLogSource(_ => options));
    }
}
