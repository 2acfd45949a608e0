using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace Investigator.Api.Tests;

/// <summary>The service reads the support policy (<c>Policy:Path</c>) at start: a bad file stops it, an edited one is used.</summary>
public sealed class PolicyStartupTests
{
    private static readonly string Shipped = File.ReadAllText(Path.Combine(ServiceHost.RepoRoot, "policy", "support-policy.json"));

    private static string Edited(string from, string to)
    {
        Assert.Contains(from, Shipped, StringComparison.Ordinal);
        return Shipped.Replace(from, to, StringComparison.Ordinal);
    }

    /// <summary>Starts the service, which must refuse to start, and returns the problems it logged as fatal.</summary>
    private static string StartAndCollectProblems(ServiceHost host)
    {
        var log = new CapturedLog();
        using var factory = host.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<ILogEventSink>(log)));

        Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        var fatal = Assert.Single(log.Events, e => e.Level == LogEventLevel.Fatal);
        return Assert.IsType<ScalarValue>(fatal.Properties["Problems"]).Value as string ?? "";
    }

    private sealed class CapturedLog : ILogEventSink
    {
        public ConcurrentQueue<LogEvent> Events { get; } = new();

        public void Emit(LogEvent logEvent) => Events.Enqueue(logEvent);
    }

    [Fact]
    public void A_bad_policy_file_stops_the_service_at_start_with_each_problem_and_its_line()
    {
        using var host = new ServiceHost();
        var path = Path.Combine(host.DataFolder, "support-policy.json");
        var json = Edited("\"timeZone\": \"UTC\"", "\"timeZone\": \"Nowhere/Special\"")
            .Replace("\"P3\": { \"firstResponse\"", "\"P3\": { \"fristResponse\"", StringComparison.Ordinal);
        File.WriteAllText(path, json);
        host.WithSettings(("Policy:Path", path));
        int LineOf(string text) => json[..json.IndexOf(text, StringComparison.Ordinal)].Count(c => c == '\n') + 1;

        var problems = StartAndCollectProblems(host);

        Assert.Equal(
        [
            $"{path}: line {LineOf("fristResponse")} (sla.P3.fristResponse): unknown property 'fristResponse'; expected firstResponse, resolution, updateEvery, businessHours",
            $"{path}: line {LineOf("fristResponse")} (sla.P3.firstResponse): is missing",
            $"{path}: line {LineOf("Nowhere/Special")} (calendar.timeZone): 'Nowhere/Special' is not a known time zone; use an IANA id such as \"UTC\" or \"Europe/Berlin\"",
        ], problems.Split(Environment.NewLine));
    }

    [Fact]
    public void A_missing_policy_file_stops_the_service_naming_it()
    {
        using var host = new ServiceHost();
        var path = Path.Combine(host.DataFolder, "no-such-policy.json");
        host.WithSettings(("Policy:Path", path));

        var problems = StartAndCollectProblems(host);

        Assert.Equal($"Policy file '{path}' does not exist.", problems);
    }

    [Fact]
    public void A_case_memory_built_with_another_embedding_generator_stops_the_service_saying_so()
    {
        using var host = new ServiceHost();
        var path = Path.Combine(host.DataFolder, "memory.db");
        using (new Investigator.Core.Learning.EmbeddedCaseMemory(path, new Investigator.Core.Learning.HashingEmbeddingGenerator(dimensions: 256)))
        {
        }

        var problems = StartAndCollectProblems(host);

        Assert.Contains($"The case memory at {path} holds vectors from embedding generator", problems, StringComparison.Ordinal);
        Assert.Contains("with 256 dimensions", problems, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edited_policy_file_is_the_one_the_service_decides_with()
    {
        using var host = new ServiceHost();
        var path = Path.Combine(host.DataFolder, "support-policy.json");
        File.WriteAllText(path, Edited("\"queue\": \"integrations\"", "\"queue\": \"api-specialists\""));
        host.WithSettings(("Policy:Path", path));
        using var client = host.CreateClient();

        var response = await client.PostAsync("/v1/investigations?wait=true", ServiceHost.Json(ServiceHost.SampleTicket("s03-401-since-yesterday.json")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var c = await ServiceHost.ReadCaseAsync(response);
        Assert.Equal("api-specialists", c.Decision!.Route.Queue);
    }
}
