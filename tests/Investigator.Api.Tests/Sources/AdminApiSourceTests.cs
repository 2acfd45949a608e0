using System.Globalization;
using System.Net;
using System.Text.Json;
using Investigator.Core.Diagnostics;
using Investigator.Core.Sources;
using Investigator.Core.Sources.Http;
using Investigator.Core.Sources.Http.AdminApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Investigator.Api.Tests.Sources;

public sealed class AdminApiSourceTests
{
    [Fact]
    public async Task An_account_read_through_the_contract_is_the_account_the_world_holds()
    {
        await using var admin = await FakeAdminApi.StartAsync();
        using var services = AdminApi(admin.BaseUrl);
        var expected = FakeAdminApi.Accounts.First(a => a.ApiKeys.Any(k => k.RevokedAt is not null) && a.ConfigChanges.Count > 3);

        var account = await services.GetRequiredService<AdminApiAccountSource>().GetAccountAsync(expected.Id, CancellationToken.None);

        Assert.NotNull(account);
        Assert.Equal(Json(expected), Json(account with { ConfigChanges = [.. account.ConfigChanges.OrderBy(c => c.At)] }));
        Assert.Equal(
            [$"/v1/accounts/{expected.Id}", $"/v1/accounts/{expected.Id}/api-keys", $"/v1/accounts/{expected.Id}/config-changes", $"/v1/accounts/{expected.Id}/users", $"/v1/accounts/{expected.Id}/webhook-endpoints"],
            admin.Requests.Select(r => r.Path).Order(StringComparer.Ordinal));
        Assert.All(admin.Requests, r => Assert.Equal($"Bearer {FakeAdminApi.Token}", r.Header("Authorization")));
        Assert.Equal("200", admin.Requests.Single(r => r.Path.EndsWith("/config-changes", StringComparison.Ordinal)).Query["limit"]);
    }

    [Fact]
    public async Task A_404_on_the_account_means_an_unknown_account_not_an_outage_and_is_not_retried()
    {
        await using var admin = await FakeAdminApi.StartAsync();
        using var services = AdminApi(admin.BaseUrl);

        var account = await services.GetRequiredService<AdminApiAccountSource>().GetAccountAsync("acc_does_not_exist", CancellationToken.None);

        Assert.Null(account);
        Assert.Equal("/v1/accounts/acc_does_not_exist", Assert.Single(admin.Requests).Path);
    }

    [Fact]
    public async Task Accounts_are_found_by_a_users_address_and_by_the_addresss_domain()
    {
        await using var admin = await FakeAdminApi.StartAsync();
        using var services = AdminApi(admin.BaseUrl);
        var source = services.GetRequiredService<AdminApiAccountSource>();
        var owner = FakeAdminApi.Accounts[0];
        var user = owner.Users[0].Email;

        var byUser = Assert.Single(await source.FindAccountsByEmailAsync(user, CancellationToken.None));
        var byDomain = Assert.Single(await source.FindAccountsByEmailAsync($"someone.new@{owner.Domain}", CancellationToken.None));
        var none = await source.FindAccountsByEmailAsync("nobody@unknown.example", CancellationToken.None);

        Assert.Equal(owner.Id, byUser.Id);
        Assert.Equal(owner.Users.Count, byUser.Users.Count);   // the users are there for the intake's membership check
        Assert.Equal(owner.Id, byDomain.Id);
        Assert.Empty(none);
        var lookups = admin.Requests.Where(r => r.Path == "/v1/accounts").ToList();
        Assert.Equal([user, $"someone.new@{owner.Domain}", "nobody@unknown.example"], lookups.Select(r => r.Query["email"]));
        Assert.All(lookups, r => Assert.Equal("5", r.Query["limit"]));
    }

    [Fact]
    public async Task Deploys_are_read_for_a_window_sent_as_round_trip_times()
    {
        await using var admin = await FakeAdminApi.StartAsync();
        using var services = AdminApi(admin.BaseUrl);
        var from = new DateTimeOffset(2026, 11, 12, 14, 30, 0, TimeSpan.FromHours(1));   // 13:30 UTC, written with an offset
        var to = new DateTimeOffset(2026, 11, 13, 0, 0, 0, TimeSpan.Zero);

        var deploys = await services.GetRequiredService<AdminApiDeploySource>().ListDeploysAsync(from, to, CancellationToken.None);

        var request = Assert.Single(admin.Requests);
        Assert.Equal("/v1/deploys", request.Path);
        Assert.Equal("2026-11-12T13:30:00.0000000+00:00", request.Query["from"]);
        Assert.Equal("2026-11-13T00:00:00.0000000+00:00", request.Query["to"]);
        Assert.Equal(FakeAdminApi.Deploys.Where(d => d.At >= from && d.At <= to).Select(d => d.Id), deploys.Select(d => d.Id));
        Assert.Contains(deploys, d => d.RolledBackAt is not null);
    }

    [Fact]
    public async Task An_api_key_header_can_replace_the_bearer_token()
    {
        await using var admin = await FakeAdminApi.StartAsync(r => r.Header("X-Api-Key") == "key-123" && r.Header("Authorization") is null);
        using var services = AdminApi(admin.BaseUrl, auth: new SourceAuthOptions { Header = "X-Api-Key", Scheme = "", Token = "key-123" });

        Assert.NotNull(await services.GetRequiredService<AdminApiAccountSource>().GetAccountAsync(FakeAdminApi.Accounts[0].Id, CancellationToken.None));
    }

    [Fact]
    public async Task Wrong_credentials_are_a_visible_failure_naming_the_status()
    {
        await using var admin = await FakeAdminApi.StartAsync(_ => false);
        using var services = AdminApi(admin.BaseUrl);

        var failure = await Assert.ThrowsAsync<SourceUnavailableException>(() =>
            services.GetRequiredService<AdminApiAccountSource>().GetAccountAsync(FakeAdminApi.Accounts[0].Id, CancellationToken.None));

        Assert.Equal("accounts", failure.SourceName);
        Assert.Contains("HTTP 401", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_prefix_longer_than_the_contract_allows_is_cut_so_a_whole_key_never_travels_on()
    {
        var account = FakeAdminApi.Accounts[0];
        await using var admin = await FakeSourceServer.StartAsync((request, context) => FakeSourceServer.Json(context, request.Path.EndsWith("/api-keys", StringComparison.Ordinal)
            ? FakeAdminApi.Serialize(new { data = new[] { account.ApiKeys[0] with { Prefix = "fp_live_Ab12Cd34Ef56Gh78Ij90Kl12" } } })
            : FakeAdminApi.Serialize(FakeAdminApi.Answer(request)!)));
        using var services = AdminApi(admin.BaseUrl);

        var key = Assert.Single((await services.GetRequiredService<AdminApiAccountSource>().GetAccountAsync(account.Id, CancellationToken.None))!.ApiKeys);

        Assert.Equal("fp_live_Ab12Cd34", key.Prefix);
    }

    [Fact]
    public async Task Every_call_the_client_makes_is_in_the_published_contract_and_every_answer_fits_its_schema()
    {
        await using var admin = await FakeAdminApi.StartAsync();
        using var services = AdminApi(admin.BaseUrl);
        var accounts = services.GetRequiredService<AdminApiAccountSource>();
        var someone = FakeAdminApi.Accounts.First(a => a.Sso.Enabled);
        await accounts.GetAccountAsync(someone.Id, CancellationToken.None);
        await accounts.GetAccountAsync("acc_missing", CancellationToken.None);
        await accounts.FindAccountsByEmailAsync(someone.Users[0].Email, CancellationToken.None);
        await services.GetRequiredService<AdminApiDeploySource>().ListDeploysAsync(DateTimeOffset.Parse("2026-11-01T00:00:00Z", CultureInfo.InvariantCulture), DateTimeOffset.Parse("2026-11-20T00:00:00Z", CultureInfo.InvariantCulture), CancellationToken.None);

        var contract = OpenApiContract.Load();
        Assert.Equal(7, admin.Requests.Select(r => contract.Operation(r.Method, r.Path)?.Template).Distinct().Count());
        foreach (var request in admin.Requests)
        {
            var (template, operation) = contract.Operation(request.Method, request.Path)
                                        ?? throw new Xunit.Sdk.XunitException($"{request.Method} {request.Path} is not in the contract");
            Assert.All(request.Query.Keys, name => Assert.Contains(name, OpenApiContract.Parameters(operation, "query")));
            var answer = FakeAdminApi.Answer(request);
            var status = answer is null ? 404 : 200;
            using var body = JsonDocument.Parse(FakeAdminApi.Serialize(answer ?? new { type = "about:blank", title = "No such account", status = 404 }));
            Assert.True(contract.Check(operation, status, body.RootElement) is [], $"{template}: {string.Join("; ", contract.Check(operation, status, body.RootElement))}");
        }
    }

    [Fact]
    public async Task The_contract_is_a_valid_openapi_3_document_and_the_service_serves_it()
    {
        var text = await File.ReadAllTextAsync(OpenApiContract.DocumentPath);
        var read = OpenApiDocument.Parse(text, "json");

        Assert.Empty(read.Diagnostic!.Errors);
        Assert.Equal(7, read.Document!.Paths.Count);
        Assert.All(read.Document.Paths.Values, path => Assert.All(path.Operations!.Keys, method => Assert.Equal(HttpMethod.Get, method)));

        using var host = new ServiceHost();
        using var client = host.CreateClient();
        var response = await client.GetAsync("/contracts/admin-api.openapi.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(text, await response.Content.ReadAsStringAsync());
    }

    private static string Json(Account account) => JsonSerializer.Serialize(account, ContractJson.Options);

    internal static ServiceProvider AdminApi(Uri baseUrl, SourceAuthOptions? auth = null, SourceResilienceOptions? resilience = null)
    {
        var options = new AdminApiOptions
        {
            BaseUrl = baseUrl.ToString(),
            Auth = auth ?? new SourceAuthOptions { Token = FakeAdminApi.Token },
            Resilience = resilience ?? SourceHost.Quick(),
        };
        return SourceHost.Build(s => s.AddAdminApiSources(_ => options));
    }
}
