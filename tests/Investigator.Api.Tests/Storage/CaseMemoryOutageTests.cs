using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Investigator.Core.Cases;
using Investigator.Core.Investigation;

namespace Investigator.Api.Tests.Storage;

/// <summary>Qdrant down: the service starts and investigates without similar cases, and the trace says why.</summary>
public sealed class CaseMemoryOutageTests
{
    [Fact]
    public async Task With_qdrant_unreachable_investigations_complete_without_similar_cases_and_the_trace_says_so()
    {
        using var service = new ServiceHost().WithSettings(
            ("Storage:Memory:Kind", "Qdrant"),
            ("Storage:Memory:Qdrant:Url", $"http://127.0.0.1:{ClosedPort()}"),
            ("Storage:Memory:Qdrant:TimeoutSeconds", "2"));
        var client = service.CreateClient();

        var response = await client.PostAsync("/v1/investigations?wait=true",
            new StringContent(ServiceHost.SampleTicket("s03-401-since-yesterday.json"), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var investigated = await ServiceHost.ReadCaseAsync(response);
        Assert.Equal(CaseStatus.Completed, investigated.Status);
        Assert.NotNull(investigated.Draft);
        var similar = Assert.Single(investigated.Trace!, s => s.Name == "knowledge.find_similar_cases");
        Assert.Equal(TraceOutcome.Failed, similar.Outcome);
        Assert.Contains("unavailable", similar.Message, StringComparison.Ordinal);
        Assert.Contains("Qdrant", similar.Message, StringComparison.Ordinal);

        // Health says degraded (the load balancer's readiness is about the case store, which answers).
        var health = await ServiceHost.ReadJsonAsync(await client.GetAsync("/health"));
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        Assert.Contains("Case memory unreachable", health.GetProperty("problem").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/ready")).StatusCode);

        // A resolution cannot be learned now: 503 with Retry-After, and the case is not marked resolved.
        var resolving = await client.PostAsJsonAsync($"/v1/cases/{investigated.Id}/resolution",
            new { rootCause = "The key was revoked.", resolution = "Issued a new key.", confirmedBy = "Alex Lead" });
        var problem = await ServiceHost.AssertProblemAsync(resolving, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Case memory unavailable", problem.GetProperty("title").GetString());
        Assert.NotNull(resolving.Headers.RetryAfter);
        Assert.Equal(CaseStatus.Completed, (await ServiceHost.ReadCaseAsync(await client.GetAsync($"/v1/cases/{investigated.Id}"))).Status);
    }

    /// <summary>A loopback port nothing listens on (taken and released at once).</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
