using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Investigator.Api.Operations;
using Investigator.Core.Diagnostics;

namespace Investigator.Api.Tests;

/// <summary>GET /metrics: Prometheus text of what the service did, behind a key; and the collector's arithmetic.</summary>
public sealed partial class MetricsTests
{
    [Fact]
    public async Task Metrics_need_a_key_with_the_read_scope()
    {
        using var host = new ServiceHost();
        using var anonymous = host.AnonymousClient();

        var response = await anonymous.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_investigation_shows_as_an_accepted_ticket_a_completed_attempt_each_layers_latency_and_the_queue_depth()
    {
        using var host = new ServiceHost();
        using var client = host.CreateClient();
        // The meter is one per process and other tests run beside this one: compare before and after.
        var before = Samples(await ScrapeAsync(client));

        var response = await client.PostAsync("/v1/investigations?wait=true", ServiceHost.Json(ServiceHost.SampleTicket("s03-401-since-yesterday.json")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var scraped = await ScrapeAsync(client);
        var after = Samples(scraped);

        Assert.Contains("# TYPE investigator_tickets_accepted_total counter\n", scraped, StringComparison.Ordinal);
        Assert.Contains("# TYPE investigator_stage_duration_seconds histogram\n", scraped, StringComparison.Ordinal);
        Assert.Contains("# TYPE investigator_queue_depth gauge\n", scraped, StringComparison.Ordinal);
        Assert.True(Grew(before, after, "investigator_tickets_accepted_total{source=\"generic\"}"));
        Assert.True(Grew(before, after, "investigator_cases_processed_total{outcome=\"completed\"}"));
        foreach (var stage in new[] { "intake", "investigation", "decisioning", "drafting" })
        {
            Assert.True(Grew(before, after, $"investigator_stage_duration_seconds_count{{stage=\"{stage}\"}}"), stage);
            Assert.Equal(after[$"investigator_stage_duration_seconds_count{{stage=\"{stage}\"}}"], after[$"investigator_stage_duration_seconds_bucket{{stage=\"{stage}\",le=\"+Inf\"}}"]);
        }

        // This host's store: the case is done, nothing waits.
        Assert.Equal(0, after["investigator_queue_depth{state=\"queued\"}"]);
        Assert.Equal(0, after["investigator_queue_depth{state=\"parked\"}"]);
    }

    [Fact]
    public void A_histogram_counts_each_value_in_its_bucket_and_every_bucket_above_and_labels_are_escaped()
    {
        using var collector = new MetricsCollector();
        var stage = "test-" + Guid.NewGuid().ToString("N");

        InvestigatorMetrics.Stage(stage, TimeSpan.FromMilliseconds(20));
        InvestigatorMetrics.Stage(stage, TimeSpan.FromSeconds(3));
        InvestigatorMetrics.Delivery("quote\"back\\slash", "created");
        var samples = Samples(collector.Render());

        double Bucket(string le) => samples[$"investigator_stage_duration_seconds_bucket{{stage=\"{stage}\",le=\"{le}\"}}"];
        Assert.Equal((0, 1, 1, 1, 2, 2), (Bucket("0.01"), Bucket("0.025"), Bucket("0.05"), Bucket("2.5"), Bucket("5"), Bucket("+Inf")));
        Assert.Equal(2, samples[$"investigator_stage_duration_seconds_count{{stage=\"{stage}\"}}"]);
        Assert.Equal(3.02, samples[$"investigator_stage_duration_seconds_sum{{stage=\"{stage}\"}}"], 6);
        Assert.Equal(1, samples["investigator_webhook_deliveries_total{helpdesk=\"quote\\\"back\\\\slash\",outcome=\"created\"}"]);
    }

    private static async Task<string> ScrapeAsync(HttpClient client)
    {
        var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return await response.Content.ReadAsStringAsync();
    }

    private static bool Grew(Dictionary<string, double> before, Dictionary<string, double> after, string series) =>
        after.TryGetValue(series, out var now) && now > before.GetValueOrDefault(series);

    /// <summary>Each sample line as series → value; comment lines skipped.</summary>
    private static Dictionary<string, double> Samples(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith('#'))
            .Select(line => SampleLine().Match(line))
            .ToDictionary(m => m.Groups["series"].Value, m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^(?<series>\S+(\{.*\})?) (?<value>\S+)$")]
    private static partial Regex SampleLine();
}
