using System.Net;
using Investigator.Api.Access;

namespace Investigator.Api.Tests.Access;

/// <summary>Every endpoint but health and the signed webhooks needs an API key with the route's scope.</summary>
public sealed class AccessControlTests
{
    private const string ReaderKey = "inv_reader-only-0123456789abcdefghijklmnopqrstu";

    private static ServiceHost WithReader(ServiceHost host) => host.WithSettings(
        ("Access:ApiKeys:0:Id", "dashboard"), ("Access:ApiKeys:0:Sha256", ApiKeys.HashHex(ReaderKey)), ("Access:ApiKeys:0:Scopes:0", Scopes.ReadCases));

    private static HttpClient ClientWith(ServiceHost host, string header, string value)
    {
        var client = host.AnonymousClient();
        client.DefaultRequestHeaders.Add(header, value);
        return client;
    }

    [Theory]
    [InlineData("GET", "/v1/cases")]
    [InlineData("GET", "/v1/sla/breaches")]
    [InlineData("GET", "/openapi/v1.json")]
    [InlineData("POST", "/v1/investigations")]
    [InlineData("POST", "/v1/cases/case_x/resolution")]
    [InlineData("DELETE", "/v1/anything")]
    public async Task Without_a_key_every_endpoint_but_health_answers_401_with_a_problem(string method, string path)
    {
        using var host = new ServiceHost();
        using var anonymous = host.AnonymousClient();

        using var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = ServiceHost.Json("{}") });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(401, (await ServiceHost.ReadJsonAsync(response)).GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_key_is_refused_and_a_known_one_is_accepted_in_either_header()
    {
        using var host = WithReader(new ServiceHost());

        using var unknown = ClientWith(host, "X-Api-Key", "inv_not-a-key");
        using var byHeader = ClientWith(host, "X-Api-Key", ReaderKey);
        using var byBearer = ClientWith(host, "Authorization", $"Bearer {ReaderKey}");

        Assert.Equal(HttpStatusCode.Unauthorized, (await unknown.GetAsync("/v1/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await byHeader.GetAsync("/v1/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await byBearer.GetAsync("/v1/cases")).StatusCode);
    }

    [Fact]
    public async Task A_key_without_the_route_s_scope_gets_403_naming_the_scope()
    {
        using var host = WithReader(new ServiceHost());
        using var reader = ClientWith(host, "X-Api-Key", ReaderKey);

        using var investigate = await reader.PostAsync("/v1/investigations", ServiceHost.Json(ServiceHost.SampleTicket("s03-401-since-yesterday.json")));
        using var resolve = await reader.PostAsync("/v1/cases/case_x/acknowledgement", ServiceHost.Json("""{"by":"lead"}"""));

        Assert.Equal(HttpStatusCode.Forbidden, investigate.StatusCode);
        Assert.Contains("'dashboard' does not have the scope 'investigations:write'", (await ServiceHost.ReadJsonAsync(investigate)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, resolve.StatusCode);
        Assert.Contains("cases:review", (await ServiceHost.ReadJsonAsync(resolve)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_client_has_its_own_rate_limit_and_is_told_when_to_come_back()
    {
        using var host = WithReader(new ServiceHost()).WithSettings(("Access:RequestsPerMinute", "3"));
        using var reader = ClientWith(host, "X-Api-Key", ReaderKey);
        using var other = host.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await reader.GetAsync("/v1/cases")).StatusCode);
        }

        using var limited = await reader.GetAsync("/v1/cases");
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(429, (await ServiceHost.ReadJsonAsync(limited)).GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/v1/cases")).StatusCode);
    }

    [Fact]
    public async Task With_no_keys_configured_a_key_for_this_run_is_written_to_a_file_and_works()
    {
        using var host = new ServiceHost().WithoutTestKey();
        var keyFile = Path.Combine(host.DataFolder, "dev-api-key");
        host.WithSettings(("Access:DevelopmentKeyFile", keyFile));
        using var anonymous = host.AnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/cases")).StatusCode);

        var key = (await File.ReadAllTextAsync(keyFile)).Trim();
        using var developer = ClientWith(host, "X-Api-Key", key);

        Assert.StartsWith(ApiKeys.Prefix, key, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await developer.GetAsync("/v1/cases")).StatusCode);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }
    }

    [Fact]
    public async Task With_no_keys_and_no_key_file_the_api_stays_closed()
    {
        using var host = new ServiceHost().WithoutTestKey().WithSettings(("Access:DevelopmentKeyFile", ""));
        using var anonymous = host.AnonymousClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public void Keys_are_matched_by_their_hash_only()
    {
        var keys = new ApiKeys([new ApiKeyEntry { Id = "a", Sha256 = ApiKeys.HashHex("inv_one"), Scopes = [Scopes.ReadCases] }]);

        Assert.Equal("a", keys.Find("inv_one")?.Id);
        Assert.Null(keys.Find("inv_two"));
        Assert.Null(keys.Find(""));
        Assert.Matches("^inv_[A-Za-z0-9_-]{43}$", ApiKeys.NewKey());
        Assert.NotEqual(ApiKeys.NewKey(), ApiKeys.NewKey());
    }

    [Theory]
    [InlineData("GET", "/health", false, null)]
    [InlineData("POST", "/v1/webhooks/zendesk", false, null)]
    [InlineData("GET", "/v1/cases/case_1", true, Scopes.ReadCases)]
    [InlineData("POST", "/v1/investigations", true, Scopes.Investigate)]
    [InlineData("POST", "/v1/cases/case_1/retry", true, Scopes.Review)]
    [InlineData("PUT", "/v1/cases/case_1", true, null)]
    public void Each_route_needs_its_scope(string method, string path, bool requiresKey, string? scope)
    {
        Assert.Equal(new RouteAccess(requiresKey, scope), RouteScopes.For(method, path));
    }

    [Fact]
    public async Task A_bad_key_entry_stops_the_service_naming_it()
    {
        using var host = new ServiceHost().WithSettings(("Access:ApiKeys:0:Id", "broken"), ("Access:ApiKeys:0:Sha256", "abc"), ("Access:ApiKeys:0:Scopes:0", "everything"));

        var error = await Assert.ThrowsAnyAsync<Exception>(async () => await host.CreateClient().GetAsync("/health"));

        Assert.Contains("Access:ApiKeys:0:Sha256 must be the 64 hex digits", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("unknown scope 'everything'", error.ToString(), StringComparison.Ordinal);
    }
}
