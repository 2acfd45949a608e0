using System.Net;
using System.Text;
using Investigator.Api.Tests.Webhooks;
using Investigator.Core.Cases;
using Investigator.Tests.Support;
using Npgsql;

namespace Investigator.Api.Tests.Storage;

/// <summary>
/// The service on PostgreSQL (<c>Storage:Kind=PostgreSql</c>): it migrates a fresh database at start, works cases
/// through the shared queue, and, while the database cannot be reached, refuses webhooks and API writes with 503
/// and loses nothing accepted before.
/// </summary>
[RequiresPostgres]
public sealed class PostgresServiceTests : IAsyncLifetime
{
    private string? _database;
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        if (PostgresTestServer.SkipReason is null)
        {
            (_database, _connectionString) = await PostgresTestServer.CreateDatabaseAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await PostgresTestServer.DropDatabaseAsync(_database);
        }
    }

    private static ServiceHost Service(string connectionString) => WebhookRequests.Host().WithSettings(
        ("Storage:Kind", "PostgreSql"),
        ("Storage:PostgreSql:ConnectionString", connectionString),
        ("Processing:InstanceId", "tests-" + Guid.NewGuid().ToString("N")[..8]));

    private static StringContent Ticket() =>
        new(ServiceHost.SampleTicket("s03-401-since-yesterday.json"), Encoding.UTF8, "application/json");

    [StoreFact]
    public async Task A_webhook_and_an_api_ticket_are_accepted_investigated_and_listed_from_postgresql()
    {
        using var service = Service(_connectionString);
        var client = service.CreateClient();

        var investigated = await ServiceHost.ReadCaseAsync(await client.PostAsync("/v1/investigations?wait=true", Ticket()));
        Assert.Equal(CaseStatus.Completed, investigated.Status);
        var delivered = await client.SendAsync(WebhookRequests.Generic(WebhookRequests.GenericBody("pg-1"), "delivery-pg-1"));
        Assert.Equal(HttpStatusCode.Accepted, delivered.StatusCode);
        var fromWebhook = await WebhookRequests.CaseWhenAsync(client, await WebhookRequests.CaseIdAsync(delivered), c => c.Status == CaseStatus.Completed);
        var replay = await client.SendAsync(WebhookRequests.Generic(WebhookRequests.GenericBody("pg-1"), "delivery-pg-1"));

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(fromWebhook.Id, await WebhookRequests.CaseIdAsync(replay));
        Assert.Equal(2, await WebhookRequests.CaseCountAsync(client));
        // The rows are PostgreSQL's: read back with SQL, not through the service.
        await using var dataSource = NpgsqlDataSource.Create(_connectionString);
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM cases WHERE status = 'completed' AND lease_owner IS NULL");
        Assert.Equal(2L, await count.ExecuteScalarAsync());
    }

    [StoreFact]
    public async Task While_postgresql_is_unreachable_writes_get_503_and_nothing_accepted_before_is_lost()
    {
        var server = new NpgsqlConnectionStringBuilder(_connectionString);
        await using var proxy = new TcpProxy(server.Host!, server.Port);
        proxy.Start();
        var throughProxy = new NpgsqlConnectionStringBuilder(_connectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 3 }.ConnectionString;
        using var service = Service(throughProxy);
        var client = service.CreateClient();
        var before = await ServiceHost.ReadCaseAsync(await client.PostAsync("/v1/investigations?wait=true", Ticket()));
        Assert.Equal(CaseStatus.Completed, before.Status);

        await proxy.CutAsync();

        var webhook = await client.SendAsync(WebhookRequests.Generic(WebhookRequests.GenericBody("pg-down"), "delivery-pg-down"));
        var problem = await ServiceHost.AssertProblemAsync(webhook, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Case store unavailable", problem.GetProperty("title").GetString());
        Assert.NotNull(webhook.Headers.RetryAfter);
        await ServiceHost.AssertProblemAsync(await client.PostAsync("/v1/investigations", Ticket()), HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/ready")).StatusCode);

        proxy.Start();

        // The helpdesk resends the refused delivery; a pooled connection broken by the cut may refuse once more.
        HttpResponseMessage resent;
        var attempts = 0;
        do
        {
            resent = await client.SendAsync(WebhookRequests.Generic(WebhookRequests.GenericBody("pg-down"), "delivery-pg-down"));
            attempts++;
        }
        while (resent.StatusCode == HttpStatusCode.ServiceUnavailable && attempts < 5);

        Assert.Equal(HttpStatusCode.Accepted, resent.StatusCode);
        await WebhookRequests.CaseWhenAsync(client, await WebhookRequests.CaseIdAsync(resent), c => c.Status == CaseStatus.Completed);
        var kept = await ServiceHost.ReadCaseAsync(await client.GetAsync($"/v1/cases/{before.Id}"));
        Assert.Equal((CaseStatus.Completed, before.Draft?.Body), (kept.Status, kept.Draft?.Body));
        Assert.Equal(2, await WebhookRequests.CaseCountAsync(client));
    }
}
