using System.Net;
using Microsoft.AspNetCore.Http;
using Investigator.Core.Sources;
using Investigator.Core.Sources.Http;
using Investigator.Core.Sources.Http.Loki;
using Microsoft.Extensions.DependencyInjection;

namespace Investigator.Api.Tests.Sources;

public sealed class LokiLogSourceTests
{
    private static readonly DateTimeOffset From = new(2026, 11, 12, 13, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2026, 11, 12, 14, 0, 0, TimeSpan.Zero);
    private const string WarnOrWorse = "(?i)(warn|warning|error|err|fatal|critical|crit|panic|emerg|alert)";

    // Two streams as Loki answers a backward query: newest first within each stream.
    private const string Streams = """
        {"status":"success","data":{"resultType":"streams","result":[
          {"stream":{"service":"webhook-dispatcher","region":"eu-west","investigator_account":"acc_1001","investigator_level":"error"},
           "values":[
             ["1794490927250000000","{\"ts\":\"2026-11-12T13:42:07.25+00:00\",\"level\":\"error\",\"service\":\"webhook-dispatcher\",\"region\":\"eu-west\",\"accountId\":\"acc_1001\",\"requestId\":\"req_7f3a\",\"traceId\":\"4bf92f3577b34da6\",\"message\":\"delivery to https://hooks.example/flow timed out after 30000ms\",\"httpStatus\":504,\"latencyMs\":30000.4,\"errorCode\":\"WEBHOOK_TIMEOUT\"}"],
             ["1794490860500000000","{\"ts\":\"2026-11-12T13:41:00.5+00:00\",\"level\":\"ERROR\",\"service\":\"webhook-dispatcher\",\"region\":\"eu-west\",\"accountId\":\"acc_1001\",\"message\":\"delivery timed out\",\"errorCode\":\"WEBHOOK_TIMEOUT\"}"]
           ]},
          {"stream":{"service":"webhook-dispatcher","region":"eu-west"},
           "values":[["1794490900000000000","level=warning accountId=acc_1001 msg=\"retry 2 of 5 for WEBHOOK_TIMEOUT\" latencyMs=12"]],
           "extra":"ignored"}
        ],"stats":{"summary":{"bytesProcessedPerSecond":1}}}}
        """;

    [Fact]
    public async Task A_search_sends_account_scoped_LogQL_with_nanosecond_times_and_maps_json_and_logfmt_lines()
    {
        await using var loki = await FakeSourceServer.StartAsync((_, context) => FakeSourceServer.Json(context, Streams));
        using var services = Loki(loki.BaseUrl, o =>
        {
            o.TenantId = "flowpoint-prod";
            o.Auth.Token = "glc_secret";
        });

        var page = await services.GetRequiredService<LokiLogSource>().SearchAsync(
            new LogQuery("acc_1001", From, To, "webhook-dispatcher", "warn", "WEBHOOK_TIMEOUT", Limit: 100), CancellationToken.None);

        var request = Assert.Single(loki.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/loki/api/v1/query_range", request.Path);
        Assert.Equal(
            "{service=\"webhook-dispatcher\"} |= \"acc_1001\" |~ \"(?i)WEBHOOK_TIMEOUT\""
            + " | json investigator_account=\"accountId\", investigator_level=\"level\" | __error__=\"\""
            + $" | investigator_account=\"acc_1001\" | investigator_level=~\"{WarnOrWorse}\"",
            request.Query["query"]);
        Assert.Equal("1794488400000000000", request.Query["start"]);
        Assert.Equal("1794492000000000000", request.Query["end"]);
        Assert.Equal("101", request.Query["limit"]);
        Assert.Equal("backward", request.Query["direction"]);
        Assert.Equal("flowpoint-prod", request.Header("X-Scope-OrgID"));
        Assert.Equal("Bearer glc_secret", request.Header("Authorization"));

        Assert.Equal(3, page.TotalMatched);
        Assert.False(page.Truncated);
        Assert.Equal(["error", "warn", "error"], page.Lines.Select(l => l.Level));   // oldest first, levels canonical
        var newest = page.Lines[^1];
        Assert.Equal(new DateTimeOffset(2026, 11, 12, 13, 42, 7, 250, TimeSpan.Zero), newest.Ts);
        Assert.Equal(("webhook-dispatcher", "eu-west", "acc_1001", "req_7f3a", "4bf92f3577b34da6"), (newest.Service, newest.Region, newest.AccountId, newest.RequestId, newest.TraceId));
        Assert.Equal(("delivery to https://hooks.example/flow timed out after 30000ms", 504, 30000, "WEBHOOK_TIMEOUT"), (newest.Message, newest.HttpStatus, newest.LatencyMs, newest.ErrorCode));
        var logfmt = page.Lines[1];
        Assert.Equal(("webhook-dispatcher", "eu-west", "acc_1001", "retry 2 of 5 for WEBHOOK_TIMEOUT", 12), (logfmt.Service, logfmt.Region, logfmt.AccountId, logfmt.Message, logfmt.LatencyMs));
    }

    [Fact]
    public async Task A_truncated_search_keeps_the_newest_lines_and_asks_loki_for_the_exact_count()
    {
        await using var loki = await FakeSourceServer.StartAsync((request, context) => FakeSourceServer.Json(context,
            request.Path == "/loki/api/v1/query"
                ? """{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1794492000,"2417"]}]}}"""
                : Streams));
        using var services = Loki(loki.BaseUrl);

        var page = await services.GetRequiredService<LokiLogSource>().SearchAsync(new LogQuery("acc_1001", From, To, Limit: 2), CancellationToken.None);

        Assert.Equal(2, page.Lines.Count);
        Assert.Equal(new DateTimeOffset(2026, 11, 12, 13, 42, 7, 250, TimeSpan.Zero), page.Lines[^1].Ts);
        Assert.Equal(2417, page.TotalMatched);
        Assert.True(page.Truncated);
        Assert.Equal(["/loki/api/v1/query_range", "/loki/api/v1/query"], loki.Requests.Select(r => r.Path));
        Assert.Equal("3", loki.Requests[0].Query["limit"]);
        Assert.Equal(
            "sum(count_over_time({service=~\".+\"} |= \"acc_1001\" | json investigator_account=\"accountId\" | __error__=\"\" | investigator_account=\"acc_1001\" [3600s]))",
            loki.Requests[1].Query["query"]);
        Assert.Equal("1794492000000000000", loki.Requests[1].Query["time"]);
    }

    [Fact]
    public async Task Affected_accounts_are_counted_inside_loki_so_no_other_tenants_line_is_fetched()
    {
        await using var loki = await FakeSourceServer.StartAsync((_, context) => FakeSourceServer.Json(context,
            """{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1794492000.0,"7"]}],"stats":{}}}"""));
        using var services = Loki(loki.BaseUrl);

        var count = await services.GetRequiredService<LokiLogSource>().CountAffectedAccountsAsync("WEBHOOK_TIMEOUT", To.AddHours(-6), To, null, CancellationToken.None);

        Assert.Equal(7, count);
        var request = Assert.Single(loki.Requests);
        Assert.Equal("/loki/api/v1/query", request.Path);
        Assert.Equal(
            "count(sum by (investigator_account) (count_over_time({service=~\".+\"} |~ \"(?i)WEBHOOK_TIMEOUT\""
            + " | json investigator_account=\"accountId\", investigator_level=\"level\" | __error__=\"\""
            + $" | investigator_account!=\"\" | investigator_level=~\"{WarnOrWorse}\" [21600s])))",
            request.Query["query"]);
        Assert.Equal("1794492000000000000", request.Query["time"]);
    }

    [Fact]
    public async Task No_matching_line_is_an_empty_vector_and_counts_zero()
    {
        await using var loki = await FakeSourceServer.StartAsync((_, context) => FakeSourceServer.Json(context,
            """{"status":"success","data":{"resultType":"vector","result":[]}}"""));
        using var services = Loki(loki.BaseUrl);

        Assert.Equal(0, await services.GetRequiredService<LokiLogSource>().CountAffectedAccountsAsync("NOPE", From, To, "auth", CancellationToken.None));
    }

    [Fact]
    public async Task Labels_configured_as_stream_labels_are_matched_in_the_selector_and_text_is_escaped()
    {
        await using var loki = await FakeSourceServer.StartAsync((_, context) => FakeSourceServer.Json(context,
            """{"status":"success","data":{"resultType":"streams","result":[]}}"""));
        using var services = Loki(loki.BaseUrl, o =>
        {
            o.StreamSelector = "namespace=\"flowpoint\", env=\"prod\"";
            o.ServiceLabel = "app";
            o.AccountLabel = "tenant";
            o.LevelLabel = "detected_level";
            o.LineFormat = LogLineFormat.Logfmt;
        });

        var page = await services.GetRequiredService<LokiLogSource>().SearchAsync(
            new LogQuery("acc_1001", From, To, null, "error", "rate \"limit\" 1.5x", Limit: 10), CancellationToken.None);

        Assert.Empty(page.Lines);
        Assert.Equal(
            "{namespace=\"flowpoint\", env=\"prod\", app=~\".+\", tenant=\"acc_1001\", detected_level=~\"(?i)(error|err|fatal|critical|crit|panic|emerg|alert)\"}"
            + " |~ \"(?i)rate \\\"limit\\\" 1\\\\.5x\"",
            Assert.Single(loki.Requests).Query["query"]);
    }

    [Fact]
    public async Task A_rejected_query_is_a_visible_failure_with_lokis_reason_and_is_not_retried()
    {
        await using var loki = await FakeSourceServer.StartAsync((_, context) =>
        {
            context.Response.StatusCode = 400;
            return context.Response.WriteAsync("parse error at line 1, col 12: syntax error: unexpected IDENTIFIER");
        });
        using var services = Loki(loki.BaseUrl);

        var failure = await Assert.ThrowsAsync<SourceUnavailableException>(() =>
            services.GetRequiredService<LokiLogSource>().SearchAsync(new LogQuery("acc_1001", From, To), CancellationToken.None));

        Assert.Equal("logs", failure.SourceName);
        Assert.Contains("HTTP 400", failure.Message, StringComparison.Ordinal);
        Assert.Contains("parse error at line 1", failure.Message, StringComparison.Ordinal);
        Assert.Single(loki.Requests);
    }

    [Fact]
    public async Task An_answer_that_is_not_lokis_json_is_a_visible_failure()
    {
        await using var loki = await FakeSourceServer.StartAsync((_, context) => FakeSourceServer.Json(context, "<html>502 Bad Gateway</html>"));
        using var services = Loki(loki.BaseUrl);

        var failure = await Assert.ThrowsAsync<SourceUnavailableException>(() =>
            services.GetRequiredService<LokiLogSource>().SearchAsync(new LogQuery("acc_1001", From, To), CancellationToken.None));

        Assert.Contains("could not be read", failure.Message, StringComparison.Ordinal);
    }

    internal static ServiceProvider Loki(Uri baseUrl, Action<LokiOptions>? configure = null, SourceResilienceOptions? resilience = null)
    {
        var options = new LokiOptions { BaseUrl = baseUrl.ToString(), Resilience = resilience ?? SourceHost.Quick() };
        configure?.Invoke(options);
        return SourceHost.Build(s => s.AddLokiLogSource(_ => options));
    }
}
