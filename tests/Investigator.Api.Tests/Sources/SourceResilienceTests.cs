using System.Net;
using Investigator.Core.Sources;
using Investigator.Core.Sources.Http;
using Investigator.Core.Sources.Http.AdminApi;
using Investigator.Core.Sources.Http.Elasticsearch;
using Investigator.Core.Sources.Http.Loki;
using Investigator.Core.Sources.Http.Statuspage;
using Microsoft.Extensions.DependencyInjection;

namespace Investigator.Api.Tests.Sources;

/// <summary>What survives the resilience pipeline becomes "source unavailable"; what it can absorb, it absorbs.</summary>
public sealed class SourceResilienceTests
{
    private static readonly DateTimeOffset From = new(2026, 11, 12, 13, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = From.AddHours(1);
    private static readonly LogQuery Query = new("acc_1001", From, To);

    [Fact]
    public async Task A_read_that_fails_with_503_twice_is_retried_and_the_third_attempt_answers()
    {
        var calls = 0;
        await using var loki = await FakeSourceServer.StartAsync((_, context) => Interlocked.Increment(ref calls) <= 2
            ? FakeSourceServer.Status(context, HttpStatusCode.ServiceUnavailable)
            : FakeSourceServer.Json(context, """{"status":"success","data":{"resultType":"streams","result":[]}}"""));
        using var services = LokiLogSourceTests.Loki(loki.BaseUrl);

        var page = await services.GetRequiredService<LokiLogSource>().SearchAsync(Query, CancellationToken.None);

        Assert.Empty(page.Lines);
        Assert.Equal(3, loki.Requests.Count);
        Assert.Single(loki.Requests.Select(r => r.Query["query"]).Distinct());
    }

    [Fact]
    public async Task A_write_through_a_source_client_is_never_retried()
    {
        // The sources only read; this holds the pipeline to it should a write ever be added.
        await using var admin = await FakeSourceServer.StartAsync((_, context) => FakeSourceServer.Status(context, HttpStatusCode.ServiceUnavailable));
        using var services = AdminApiSourceTests.AdminApi(admin.BaseUrl);
        var client = services.GetRequiredService<IHttpClientFactory>().CreateClient(HttpSourceServices.AdminApiClient);

        using var response = await client.PostAsync("/v1/accounts/acc_1001/notes", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Single(admin.Requests);
    }

    [Fact]
    public async Task A_source_that_does_not_answer_in_time_is_unavailable()
    {
        await using var slow = await FakeSourceServer.StartAsync(async (_, context) =>
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // the client gave up, as it should
            }
        });
        var resilience = SourceHost.Quick(maxRetries: 0);
        resilience.AttemptTimeout = TimeSpan.FromMilliseconds(200);
        resilience.TotalTimeout = TimeSpan.FromSeconds(1);
        using var services = LokiLogSourceTests.Loki(slow.BaseUrl, resilience: resilience);

        var failure = await Assert.ThrowsAsync<SourceUnavailableException>(() =>
            services.GetRequiredService<LokiLogSource>().SearchAsync(Query, CancellationToken.None));

        Assert.Equal("logs", failure.SourceName);
        Assert.Contains("no answer within", failure.Message, StringComparison.Ordinal);   // per attempt or in total, whichever came first
        Assert.Single(slow.Requests);
    }

    [Fact]
    public async Task After_repeated_failures_the_circuit_opens_and_later_calls_fail_fast_without_reaching_the_server()
    {
        await using var broken = await FakeSourceServer.StartAsync((_, context) => FakeSourceServer.Status(context, HttpStatusCode.InternalServerError));
        // No retries, and two failed attempts in the window open the circuit.
        using var services = LokiLogSourceTests.Loki(broken.BaseUrl, resilience: SourceHost.Quick(maxRetries: 0, minimumThroughput: 2));
        var logs = services.GetRequiredService<LokiLogSource>();

        var first = await Assert.ThrowsAsync<SourceUnavailableException>(() => logs.SearchAsync(Query, CancellationToken.None));
        var second = await Assert.ThrowsAsync<SourceUnavailableException>(() => logs.SearchAsync(Query, CancellationToken.None));
        var third = await Assert.ThrowsAsync<SourceUnavailableException>(() => logs.SearchAsync(Query, CancellationToken.None));

        Assert.Contains("HTTP 500", first.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 500", second.Message, StringComparison.Ordinal);
        Assert.Contains("circuit is open", third.Message, StringComparison.Ordinal);
        Assert.Equal(2, broken.Requests.Count);
    }

    public static TheoryData<string> Sources() => ["logs:loki", "logs:elasticsearch", "incidents", "accounts", "deploys"];

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task A_source_that_is_down_is_unavailable_and_says_so(string source)
    {
        var down = FakeSourceServer.ClosedPort();
        var resilience = SourceHost.Quick(maxRetries: 1);
        using var services = source switch
        {
            "logs:loki" => LokiLogSourceTests.Loki(down, resilience: resilience),
            "logs:elasticsearch" => SourceHost.Build(s => s.AddElasticsearchLogSource(_ => new ElasticsearchOptions { BaseUrl = down.ToString(), Resilience = resilience })),
            "incidents" => SourceHost.Build(s => s.AddStatuspageIncidentSource(_ => new StatuspageOptions { BaseUrl = down.ToString(), Resilience = resilience })),
            _ => AdminApiSourceTests.AdminApi(down, resilience: resilience),
        };

        var failure = await Assert.ThrowsAsync<SourceUnavailableException>(() => source switch
        {
            "logs:loki" => services.GetRequiredService<LokiLogSource>().SearchAsync(Query, CancellationToken.None),
            "logs:elasticsearch" => services.GetRequiredService<ElasticsearchLogSource>().CountAffectedAccountsAsync("X", From, To, null, CancellationToken.None),
            "incidents" => services.GetRequiredService<StatuspageIncidentSource>().ListIncidentsAsync(CancellationToken.None),
            "accounts" => services.GetRequiredService<AdminApiAccountSource>().FindAccountsByEmailAsync("a@b.example", CancellationToken.None),
            _ => services.GetRequiredService<AdminApiDeploySource>().ListDeploysAsync(From, To, CancellationToken.None),
        });

        Assert.Equal(source.Split(':')[0], failure.SourceName);
        Assert.Contains("connection failed (ConnectionRefused)", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_an_outage_and_propagates()
    {
        await using var slow = await FakeSourceServer.StartAsync(async (_, context) =>
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // the client gave up
            }
        });
        using var services = LokiLogSourceTests.Loki(slow.BaseUrl);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => services.GetRequiredService<LokiLogSource>().SearchAsync(Query, cancel.Token));
    }
}
