using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Investigator.Api.Extensions;
using Investigator.Api.Tests.Webhooks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Investigator.Api.Tests.Fuzz;

/// <summary>
/// More than 10,000 malformed or hostile requests to every webhook and API endpoint: truncated JSON, wrong types, deep
/// nesting, huge fields around the body limit, invalid UTF-8, wrong content types, bad and stale signatures, tampered
/// bodies, replayed deliveries, path traversal and odd ids, query abuse, wrong methods, and missing, wrong or
/// under-scoped API keys. No answer may be a 5xx, no request without valid credentials may get anything but its
/// refusal, and every error is problem details. The run is seeded: set INVESTIGATOR_FUZZ_SEED to try another.
/// </summary>
public sealed class EndpointFuzzTests(ITestOutputHelper output)
{
    private const int DefaultSeed = 20_240_501;

    private const int MinimumRequestsPerEndpoint = 300;

    /// <summary>How many requests each endpoint gets; the webhooks and the ticket endpoint, which parse the most, get the most.</summary>
    private static readonly IReadOnlyList<(FuzzTarget Target, int Count)> Plan =
    [
        (FuzzTargets.GenericWebhook, 1_100), (FuzzTargets.ZendeskWebhook, 1_100), (FuzzTargets.FreshdeskWebhook, 1_100),
        (FuzzTargets.StartInvestigation, 1_100), (FuzzTargets.AcknowledgeCase, 650), (FuzzTargets.RetryCase, 600), (FuzzTargets.ResolveCase, 650),
        (FuzzTargets.ReviewDraft, 650), (FuzzTargets.OverrideDecision, 650), (FuzzTargets.Reinvestigate, 450), (FuzzTargets.SimilarCases, 450),
        (FuzzTargets.GetCase, 600), (FuzzTargets.ListCases, 800), (FuzzTargets.SlaBreaches, 450), (FuzzTargets.KnowledgeSuggestions, 450),
        (FuzzTargets.KnowledgeSuggestion, 450), (FuzzTargets.Insights, 450), (FuzzTargets.AdminApiContract, 400), (FuzzTargets.OpenApiDocument, 400),
        (FuzzTargets.Metrics, 300), (FuzzTargets.Health, 300), (FuzzTargets.Ready, 300),
    ];

    [Fact]
    public async Task Ten_thousand_hostile_requests_get_no_server_error_no_unauthenticated_access_and_problem_details()
    {
        var seed = Seed();
        using var host = FuzzHost();
        using var client = host.AnonymousClient();
        var existing = await OpenCasesAsync(client);
        var maxBodyBytes = host.Services.GetRequiredService<IOptions<ProcessingOptions>>().Value.MaxBodyBytes;
        var generator = new HostileRequests(seed, existing, maxBodyBytes, TimeProvider.System);
        var tally = new FuzzTally();
        var failures = new List<string>();
        var failureKinds = new Dictionary<string, int>(StringComparer.Ordinal);
        var reported = new HashSet<string>(existing, StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();

        foreach (var request in generator.Run(Plan))
        {
            var started = Stopwatch.GetTimestamp();
            var answer = await SendAsync(client, request);
            tally.Record(request, answer.Status, answer.Title, Stopwatch.GetElapsedTime(started));
            if ((answer.Problem ?? request.Expected.Check(request.Method, answer.Status, answer.MediaType, answer.Body)) is { } problem)
            {
                var kind = $"{request.Target.Name}: {answer.Status} {answer.MediaType}, expected {request.Expected}";
                failureKinds[kind] = failureKinds.GetValueOrDefault(kind) + 1;
                // The first two of each kind, so a rare kind is not hidden behind a frequent one.
                if (failureKinds[kind] <= 2 && failures.Count < 30)
                {
                    failures.Add($"{request.Describe()}\n  got: {problem}\n  answer ({answer.MediaType}): {HostileRequest.Preview(answer.Body, 600)}");
                }
            }
            else if (answer.Status is >= 200 and < 300 && (request.Target.IsWebhook || request.Target == FuzzTargets.StartInvestigation))
            {
                reported.UnionWith(CaseIdsIn(answer.Body));
            }
        }

        clock.Stop();
        output.WriteLine($"seed {seed}: {tally.Total} requests in {clock.Elapsed.TotalSeconds:0.0} s");
        output.WriteLine(tally.Report());
        output.WriteLine(tally.ErrorTitles());

        var failed = failureKinds.Values.Sum();
        Assert.True(failed == 0,
            $"{failed} of {tally.Total} hostile requests got a wrong answer (seed {seed}; rerun with INVESTIGATOR_FUZZ_SEED={seed}). By kind:\n" +
            string.Join("\n", failureKinds.OrderByDescending(k => k.Value).Select(k => $"{k.Value,5} {k.Key}")) +
            $"\n\nThe first of each kind:\n\n" + string.Join("\n\n", failures) + "\n\n" + tally.Report());
        Assert.True(tally.Total >= 10_000, $"Only {tally.Total} requests were sent (seed {seed}).");
        foreach (var (target, _) in Plan)
        {
            Assert.True(tally.RequestsTo(target) >= MinimumRequestsPerEndpoint, $"{target} got {tally.RequestsTo(target)} requests (seed {seed}).");
            // The fuzz must get past the gate too: a run that only ever tried the credentials would test nothing else.
            Assert.True(tally.PastTheGateShare(target) >= 0.4, $"Only {tally.PastTheGateShare(target):P0} of the requests to {target} got past its gate (seed {seed}).");
        }

        // Nothing hostile made a case behind the service's back: every stored case is one an accepted request reported.
        var stored = await StoredCaseIdsAsync(client);
        var unreported = stored.Except(reported, StringComparer.Ordinal).ToList();
        Assert.True(unreported.Count == 0, $"Cases stored that no accepted request reported (seed {seed}): {string.Join(", ", unreported.Take(10))}");
    }

    [Fact]
    public async Task Every_endpoint_the_service_maps_is_in_the_fuzz_plan()
    {
        using var host = FuzzHost();
        using var client = host.CreateClient();

        // The review pages answer HTML and redirects, not problem details; ReviewAccessTests and the browser tests cover them.
        var mapped = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !e.RoutePattern.RawText!.StartsWith("/review", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {Normalize(e.RoutePattern.RawText!)}"))
            .ToHashSet(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var documented = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => $"{o.Name.ToUpperInvariant()} {Normalize(p.Name)}"))
            .ToHashSet(StringComparer.Ordinal);
        var planned = Plan.Select(p => $"{p.Target.Method} {Normalize(p.Target.Route)}").ToHashSet(StringComparer.Ordinal);

        Assert.Empty(mapped.Except(planned));
        Assert.Empty(documented.Except(planned));
        Assert.Empty(planned.Except(mapped));
        Assert.Equal(FuzzTargets.All.Count, Plan.Count);
    }

    [Fact]
    public void One_seed_makes_the_same_requests()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2024-05-01T10:00:00Z", CultureInfo.InvariantCulture));
        IReadOnlyList<(FuzzTarget, int)> plan = [.. Plan.Select(p => (p.Target, 60))];

        var first = new HostileRequests(7, ["case_a"], 1024 * 1024, time).Run(plan).Select(Fingerprint).ToList();
        var again = new HostileRequests(7, ["case_a"], 1024 * 1024, time).Run(plan).Select(Fingerprint).ToList();
        var other = new HostileRequests(8, ["case_a"], 1024 * 1024, time).Run(plan).Select(Fingerprint).ToList();

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.True(first.Count >= 60 * plan.Count);
    }

    /// <summary>
    /// Only the one OpenAPI document is mapped: another name is routing's 404, as problem details like every error (the
    /// OpenAPI package's own endpoint would answer text/plain).
    /// </summary>
    [Fact]
    public async Task An_unknown_openapi_document_gets_a_404_problem()
    {
        using var host = new ServiceHost();
        using var client = host.CreateClient();

        using var response = await client.GetAsync(new Uri("/openapi/v2.json", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>
    /// The service with every webhook on, keys for each single scope, a rate limit the fuzz does not reach, one
    /// investigation at a time (the worker shares the machine with the fuzz) and no shutdown grace.
    /// </summary>
    private static ServiceHost FuzzHost() => WebhookRequests.Host().WithSettings(
        [
            .. FuzzKeys.Settings(),
            ("Access:RequestsPerMinute", "1000000"),
            ("Processing:Concurrency", "1"),
            ("Processing:WaitSeconds", "1"),
            ("Processing:ShutdownGraceSeconds", "0"),
            ("Webhooks:MaxClockSkewSeconds", WebhookCredentials.MaxClockSkewSeconds.ToString(CultureInfo.InvariantCulture)),
        ]);

    /// <summary>A few investigated cases, so the case endpoints' found paths are fuzzed too.</summary>
    private static async Task<List<string>> OpenCasesAsync(HttpClient client)
    {
        var ids = new List<string>();
        foreach (var sample in new[] { "s03-401-since-yesterday.json", "s08-csv-export-fails.json", "s07-workflows-stopped-running.json", "s02-production-down-503.json" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/investigations?wait=true", UriKind.Relative)) { Content = ServiceHost.Json(ServiceHost.SampleTicket(sample)) };
            request.Headers.Add("X-Api-Key", ServiceHost.TestKey);
            using var response = await client.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"{sample}: {(int)response.StatusCode}");
            ids.Add((await ServiceHost.ReadJsonAsync(response)).GetProperty("id").GetString()!);
        }

        return ids;
    }

    private sealed record Answer(int Status, string? MediaType, byte[] Body, string? Problem = null)
    {
        /// <summary>The problem's title, when the answer is problem details.</summary>
        public string? Title
        {
            get
            {
                if (MediaType != "application/problem+json")
                {
                    return null;
                }

                try
                {
                    using var problem = JsonDocument.Parse(Body);
                    return problem.RootElement.TryGetProperty("title", out var title) ? title.GetString() : null;
                }
                catch (JsonException)
                {
                    return null;
                }
            }
        }
    }

    private static async Task<Answer> SendAsync(HttpClient client, HostileRequest request)
    {
        HttpRequestMessage message;
        try
        {
            message = request.ToMessage();
        }
        catch (Exception ex) when (ex is UriFormatException or FormatException or InvalidOperationException)
        {
            return new Answer(0, null, [], $"the generator made a request that cannot be sent: {ex.Message}");
        }

        try
        {
            using (message)
            using (var response = await client.SendAsync(message))
            {
                return new Answer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsByteArrayAsync());
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The in-process server hands an exception that escaped the pipeline to the caller.
            return new Answer(0, null, [], $"the server threw {ex.GetType().Name}: {ex.Message}");
        }
    }

    private static IEnumerable<string> CaseIdsIn(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        foreach (var name in new[] { "id", "caseId" })
        {
            if (document.RootElement.TryGetProperty(name, out var id) && id.ValueKind == JsonValueKind.String)
            {
                yield return id.GetString()!;
            }
        }
    }

    private static async Task<List<string>> StoredCaseIdsAsync(HttpClient client)
    {
        var ids = new List<string>();
        for (var page = 1; ; page++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/v1/cases?pageSize=200&page={page}", UriKind.Relative));
            request.Headers.Add("X-Api-Key", ServiceHost.TestKey);
            using var response = await client.SendAsync(request);
            var items = (await ServiceHost.ReadJsonAsync(response)).GetProperty("items");
            ids.AddRange(items.EnumerateArray().Select(i => i.GetProperty("id").GetString()!));
            if (items.GetArrayLength() < 200)
            {
                return ids;
            }
        }
    }

    private static string Normalize(string route) => route.Length > 1 ? route.TrimEnd('/') : route;

    private static string Fingerprint(HostileRequest r) =>
        $"{r.Index} {r.Method} {r.PathAndQuery} {string.Join("|", r.Headers.Select(h => $"{h.Key}={h.Value}"))} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(r.Body ?? []))} {r.Expected}";

    private static int Seed() =>
        int.TryParse(Environment.GetEnvironmentVariable("INVESTIGATOR_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : DefaultSeed;
}
