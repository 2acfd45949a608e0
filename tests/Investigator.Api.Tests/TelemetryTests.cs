using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Investigator.Api.Tests;

/// <summary>Traces leave the service over OTLP/HTTP when an endpoint is configured, and carry the case id.</summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task A_case_exports_its_case_layer_and_tool_activities_over_otlp()
    {
        var received = new List<byte[]>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var collector = builder.Build();
        collector.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            lock (received)
            {
                received.Add(body.ToArray());
            }

            return Results.Ok();
        });
        await collector.StartAsync();
        var address = collector.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        using var host = new ServiceHost().WithSettings(("Telemetry:OtlpEndpoint", address));
        using var client = host.CreateClient();
        var response = await client.PostAsync("/v1/investigations?wait=true", ServiceHost.Json(ServiceHost.SampleTicket("s03-401-since-yesterday.json")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var supportCase = await ServiceHost.ReadCaseAsync(response);

        Assert.True(host.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
        string exported;
        lock (received)
        {
            // Protobuf keeps strings as UTF-8 bytes: names and tag values can be found in the payload.
            exported = string.Join("\n", received.Select(b => Encoding.UTF8.GetString(b)));
        }

        Assert.Contains("layer intake", exported, StringComparison.Ordinal);
        Assert.Contains("layer investigation", exported, StringComparison.Ordinal);
        Assert.Contains("tool account.list_api_keys", exported, StringComparison.Ordinal);
        Assert.Contains("investigator.case_id", exported, StringComparison.Ordinal);
        Assert.Contains(supportCase.Id, exported, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_endpoint_no_tracer_is_registered()
    {
        using var host = new ServiceHost();
        using var client = host.CreateClient();

        Assert.Null(host.Services.GetService<TracerProvider>());
    }
}
