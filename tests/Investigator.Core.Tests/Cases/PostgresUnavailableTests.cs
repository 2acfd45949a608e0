using System.Net;
using System.Net.Sockets;
using Investigator.Core.Cases;
using Investigator.Core.Cases.Postgres;
using Investigator.Core.Tests.Support;
using Npgsql;

namespace Investigator.Core.Tests.Cases;

/// <summary>
/// A PostgreSQL server that cannot be reached is <see cref="StoreUnavailableException"/> from every member of the
/// stores, naming the address and not the password. Needs no server: nothing listens on the port it uses.
/// </summary>
public sealed class PostgresUnavailableTests : IAsyncDisposable
{
    private const string Password = "not-for-any-message";
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset T0 = TinyWorld.Reported;

    private readonly int _port = FreePort();
    private readonly NpgsqlDataSource _dataSource;

    public PostgresUnavailableTests() => _dataSource = NpgsqlDataSource.Create(ConnectionString);

    private string ConnectionString => $"Host=127.0.0.1;Port={_port};Username=investigator;Password={Password};Database=cases;Timeout=5";

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>A port that was free a moment ago: bound to an ephemeral port, then released.</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private async Task AssertUnavailableAsync(string member, Func<Task> call)
    {
        var unavailable = await Assert.ThrowsAsync<StoreUnavailableException>(call);
        Assert.True(unavailable.Message.Contains($"127.0.0.1:{_port}", StringComparison.Ordinal), $"{member}: {unavailable.Message}");
        Assert.DoesNotContain(Password, unavailable.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_member_of_the_case_store_says_the_store_is_unavailable()
    {
        var store = new PostgresCaseStore(_dataSource);
        var c = new SupportCase("case_1", CaseStatus.Queued, T0, T0, TinyWorld.Ticket("s", "b"));
        var lease = new CaseLease("instance-a", T0.AddMinutes(1));
        var post = HelpdeskPost.DueNow(T0);
        var calls = new (string, Func<Task>)[]
        {
            ("InsertAsync", () => store.InsertAsync(c, None)),
            ("InsertAsync with a lease", () => store.InsertAsync(c, lease, None)),
            ("UpdateAsync", () => store.UpdateAsync(c, None)),
            ("UpdateIfUnchangedAsync", () => store.UpdateIfUnchangedAsync(c, c, [], None)),
            ("UpdateIfUnchangedAsync with a post", () => store.UpdateIfUnchangedAsync(c, c, [], post, None)),
            ("ClaimAsync", () => store.ClaimAsync(c, c, lease, T0, None)),
            ("FinishAsync", () => store.FinishAsync(c, c, [], null, "instance-a", None)),
            ("RenewLeasesAsync", () => store.RenewLeasesAsync("instance-a", T0, None)),
            ("ClaimUnfinishedAsync", () => store.ClaimUnfinishedAsync(lease, T0, 10, includeOwn: true, None)),
            ("GetAsync", () => store.GetAsync("case_1", None)),
            ("ListAsync", () => store.ListAsync(1, 10, new CaseFilter { DueBy = T0 }, None)),
            ("ReadMeasuresAsync", async () =>
            {
                await foreach (var _ in store.ReadMeasuresAsync(T0, T0.AddDays(1), None))
                {
                }
            }),
            ("ListSuggestedArticlesAsync", () => store.ListSuggestedArticlesAsync(None)),
            ("AppendEventsAsync", () => store.AppendEventsAsync("case_1", [new CaseEvent(CaseEventKind.Acknowledged, T0, "lead")], None)),
            ("ListOpenAsync", () => store.ListOpenAsync(None)),
            ("ListBreachesAsync", () => store.ListBreachesAsync(1, 10, None)),
            ("ListUnfinishedAsync", () => store.ListUnfinishedAsync(None)),
            ("ListDueForRetryAsync", () => store.ListDueForRetryAsync(T0, None)),
            ("ListHelpdeskPostsDueAsync", () => store.ListHelpdeskPostsDueAsync(T0, None)),
            ("ClaimHelpdeskPostAsync", () => store.ClaimHelpdeskPostAsync("case_1", T0, T0.AddMinutes(1), None)),
            ("RecordHelpdeskPostAsync", () => store.RecordHelpdeskPostAsync("case_1", T0, post, [], None)),
            ("CountQueueAsync", () => store.CountQueueAsync(T0, None)),
        };

        foreach (var (member, call) in calls)
        {
            await AssertUnavailableAsync(member, call);
        }
    }

    [Fact]
    public async Task Every_member_of_the_delivery_log_the_cluster_lock_and_the_start_up_says_the_store_is_unavailable()
    {
        var log = new PostgresDeliveryLog(_dataSource);
        var claim = new DeliveryClaim(DeliveryClaimOutcome.Claimed, "token");

        await AssertUnavailableAsync("ClaimAsync", () => log.ClaimAsync(new DeliveryRecord("zendesk", "d-1", "T-1", "r-1", "created") { ProposedCaseId = "case_1" }, None));
        await AssertUnavailableAsync("CompleteAsync", () => log.CompleteAsync(claim, "case_1", None));
        await AssertUnavailableAsync("ReleaseAsync", () => log.ReleaseAsync(claim, None));
        await AssertUnavailableAsync("FindCaseAsync", () => log.FindCaseAsync("zendesk", "T-1", None));
        await AssertUnavailableAsync("TryAcquireAsync", () => new PostgresClusterLock(_dataSource).TryAcquireAsync("sla-watch", None));
        await AssertUnavailableAsync("MigrateAsync", () => PostgresSchema.MigrateAsync(_dataSource, None));
        await AssertUnavailableAsync("PostgresStorage.OpenAsync", () => PostgresStorage.OpenAsync(ConnectionString, TimeProvider.System, None));
    }
}
