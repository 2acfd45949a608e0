using Investigator.Core.Cases;
using Investigator.Core.Tests.Support;
using Investigator.Tests.Support;

namespace Investigator.Core.Tests.Cases;

/// <summary>
/// Which instance works a case: a lease taken on insert or claim, refused to another instance while it is live, renewed
/// by heartbeat, given up by the finishing write, and taken over once it has run out. Run against every store.
/// </summary>
public abstract class CaseLeaseTests : StoreContract
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset T0 = TinyWorld.Reported;

    private const string A = "instance-a";
    private const string B = "instance-b";

    private static SupportCase Case(string id, CaseStatus status = CaseStatus.Queued, int minute = 0) =>
        new(id, status, T0.AddMinutes(minute), T0.AddMinutes(minute), TinyWorld.Ticket($"subject {id}", "body"));

    private static CaseLease Lease(string owner, TimeSpan after) => new(owner, T0 + after);

    private static SupportCase Investigating(SupportCase c, TimeSpan after) => c with { Status = CaseStatus.Investigating, UpdatedAt = T0 + after, Attempts = c.Attempts + 1 };

    private async Task<SupportCase> StoredAsync(string id) => (await Store.GetAsync(id, None))!;

    [StoreFact]
    public async Task A_case_inserted_with_a_lease_is_held_for_its_owner_and_one_inserted_without_is_free()
    {
        await Store.InsertAsync(Case("case_held", minute: 0), Lease(A, TimeSpan.FromMinutes(1)), None);
        await Store.InsertAsync(Case("case_free", minute: 1), None);

        Assert.Equal(["case_free"], await Store.ClaimUnfinishedAsync(Lease(B, TimeSpan.FromMinutes(2)), T0.AddSeconds(30), 10, includeOwn: true, None));
        Assert.Equal(1, await Store.RenewLeasesAsync(A, T0.AddMinutes(5), None));
        Assert.Equal(1, await Store.RenewLeasesAsync(B, T0.AddMinutes(5), None));
        Assert.Equal(CaseStatus.Queued, (await StoredAsync("case_held")).Status);
    }

    [StoreFact]
    public async Task A_claim_is_refused_while_another_owner_s_lease_is_live_and_allowed_when_it_ran_out_when_there_is_none_or_when_it_is_the_claimant_s_own()
    {
        var held = Case("case_held");
        var free = Case("case_free", minute: 1);
        var expired = Case("case_expired", minute: 2);
        await Store.InsertAsync(held, Lease(A, TimeSpan.FromMinutes(1)), None);
        await Store.InsertAsync(free, None);
        await Store.InsertAsync(expired, Lease(A, TimeSpan.FromMinutes(1)), None);
        var halfway = T0.AddSeconds(30);

        Assert.Null(await Store.ClaimAsync(held, Investigating(held, TimeSpan.FromSeconds(30)), Lease(B, TimeSpan.FromMinutes(2)), halfway, None));
        Assert.Equal(CaseStatus.Queued, (await StoredAsync("case_held")).Status);

        var own = await Store.ClaimAsync(held, Investigating(held, TimeSpan.FromSeconds(30)), Lease(A, TimeSpan.FromMinutes(2)), halfway, None);
        var unleased = await Store.ClaimAsync(free, Investigating(free, TimeSpan.FromSeconds(30)), Lease(B, TimeSpan.FromMinutes(2)), halfway, None);
        var runOut = await Store.ClaimAsync(expired, Investigating(expired, TimeSpan.FromMinutes(1.5)), Lease(B, TimeSpan.FromMinutes(3)), T0.AddMinutes(1.5), None);

        Assert.Equal((CaseStatus.Investigating, 1), (own!.Status, own.Attempts));
        Assert.Equal(CaseStatus.Investigating, unleased?.Status);
        Assert.Equal(CaseStatus.Investigating, runOut?.Status);
        // Held now: A one, B two.
        Assert.Equal(1, await Store.RenewLeasesAsync(A, T0.AddMinutes(5), None));
        Assert.Equal(2, await Store.RenewLeasesAsync(B, T0.AddMinutes(5), None));
        // A claim is a conditional write like any other: a copy that moved since is refused whoever holds the lease.
        Assert.Null(await Store.ClaimAsync(held, Investigating(held, TimeSpan.FromMinutes(1)), Lease(A, TimeSpan.FromMinutes(2)), halfway, None));
    }

    [StoreFact]
    public async Task Of_two_instances_claiming_one_free_case_at_once_exactly_one_gets_it()
    {
        var c = Case("case_1");
        await Store.InsertAsync(c, None);
        var other = Database.OpenCaseStore();

        var claims = await Task.WhenAll(
            Task.Run(() => Store.ClaimAsync(c, Investigating(c, TimeSpan.FromSeconds(1)), Lease(A, TimeSpan.FromMinutes(1)), T0, None)),
            Task.Run(() => other.ClaimAsync(c, Investigating(c, TimeSpan.FromSeconds(2)), Lease(B, TimeSpan.FromMinutes(1)), T0, None)));

        var winner = Assert.Single(claims, x => x is not null)!;
        Assert.Equal(winner.UpdatedAt, (await StoredAsync("case_1")).UpdatedAt);
    }

    [StoreFact]
    public async Task A_finish_after_another_instance_took_the_case_over_is_refused_and_a_finish_gives_the_lease_up()
    {
        var queued = Case("case_1");
        await Store.InsertAsync(queued, Lease(A, TimeSpan.FromMinutes(1)), None);
        var claimed = (await Store.ClaimAsync(queued, Investigating(queued, TimeSpan.FromSeconds(1)), Lease(A, TimeSpan.FromMinutes(1)), T0, None))!;

        // A stops renewing (it hangs); B takes the case over once the lease has run out.
        Assert.Equal(["case_1"], await Store.ClaimUnfinishedAsync(Lease(B, TimeSpan.FromMinutes(3)), T0.AddMinutes(2), 10, includeOwn: true, None));
        var completed = claimed with { Status = CaseStatus.Completed, UpdatedAt = T0.AddMinutes(2), Error = "A's outcome" };
        var parked = new CaseEvent(CaseEventKind.Parked, T0.AddMinutes(2), "processing");

        Assert.Null(await Store.FinishAsync(claimed, completed, [parked], HelpdeskPost.DueNow(T0.AddMinutes(2)), A, None));

        var stored = await StoredAsync("case_1");
        Assert.Equal((CaseStatus.Investigating, (string?)null, 0, (HelpdeskPost?)null), (stored.Status, stored.Error, stored.Timeline.Count, stored.HelpdeskPost));
        Assert.Equal(0, await Store.RenewLeasesAsync(A, T0.AddMinutes(5), None));

        // B's attempt is interrupted and it gives the case back to the queue: the lease goes with that write, so any
        // instance may take the case at once, long before B's lease would have run out.
        var requeued = await Store.FinishAsync(stored, stored with { Status = CaseStatus.Queued, UpdatedAt = T0.AddMinutes(2.5) }, [], null, B, None);
        Assert.Equal(CaseStatus.Queued, requeued?.Status);
        Assert.Equal(0, await Store.RenewLeasesAsync(B, T0.AddMinutes(5), None));
        Assert.Equal(["case_1"], await Store.ClaimUnfinishedAsync(Lease(A, TimeSpan.FromMinutes(4)), T0.AddMinutes(2.5), 10, includeOwn: true, None));
        Assert.Null(await Store.FinishAsync(stored, stored with { Status = CaseStatus.Completed, UpdatedAt = T0.AddMinutes(3) }, [], null, B, None));
    }

    [StoreFact]
    public async Task A_finish_by_the_holder_stores_the_outcome_with_its_events_and_post()
    {
        var queued = Case("case_1");
        await Store.InsertAsync(queued, Lease(A, TimeSpan.FromMinutes(1)), None);
        var claimed = (await Store.ClaimAsync(queued, Investigating(queued, TimeSpan.FromSeconds(1)), Lease(A, TimeSpan.FromMinutes(1)), T0, None))!;
        var completed = claimed with { Status = CaseStatus.Completed, UpdatedAt = T0.AddMinutes(1) };
        var escalated = new CaseEvent(CaseEventKind.Escalated, T0.AddMinutes(1), "decisioning") { Tier = "tier2" };

        var finished = await Store.FinishAsync(claimed, completed, [escalated], HelpdeskPost.DueNow(T0.AddMinutes(1)), A, None);

        Assert.Equal((CaseStatus.Completed, escalated), (finished!.Status, Assert.Single(finished.Timeline)));
        Assert.Equal(HelpdeskPost.DueNow(T0.AddMinutes(1)), finished.HelpdeskPost);
        Assert.Equal(["case_1"], await Store.ListHelpdeskPostsDueAsync(T0.AddMinutes(1), None));
        Assert.Null(await Store.FinishAsync(claimed, completed, [escalated], null, A, None));
    }

    [StoreFact]
    public async Task A_heartbeat_extends_only_its_owner_s_unfinished_cases()
    {
        await Store.InsertAsync(Case("case_queued", minute: 0), Lease(A, TimeSpan.FromMinutes(1)), None);
        await Store.InsertAsync(Case("case_investigating", CaseStatus.Investigating, minute: 1), Lease(A, TimeSpan.FromMinutes(1)), None);
        // A finished case never holds a lease in practice; if one does, the heartbeat leaves it alone.
        await Store.InsertAsync(Case("case_completed", CaseStatus.Completed, minute: 2), Lease(A, TimeSpan.FromMinutes(1)), None);
        await Store.InsertAsync(Case("case_of_b", minute: 3), Lease(B, TimeSpan.FromMinutes(1)), None);

        Assert.Equal(2, await Store.RenewLeasesAsync(A, T0.AddMinutes(10), None));

        // After the old leases ran out, A's renewed cases are still A's; B's was not renewed and can be taken.
        Assert.Equal(["case_of_b"], await Store.ClaimUnfinishedAsync(Lease("instance-c", TimeSpan.FromMinutes(20)), T0.AddMinutes(5), 10, includeOwn: true, None));
        Assert.Equal(0, await Store.RenewLeasesAsync("instance-nobody", T0.AddMinutes(10), None));
    }

    [StoreFact]
    public async Task Claiming_unfinished_cases_takes_unleased_run_out_and_own_ones_oldest_first_up_to_the_limit_and_skips_live_foreign_ones()
    {
        var now = T0.AddMinutes(30);
        // Ids in another order than received, so that the order must come from the received time.
        await Store.InsertAsync(Case("case_z_free", minute: 0), None);
        await Store.InsertAsync(Case("case_y_run_out", CaseStatus.Investigating, minute: 1), Lease(B, TimeSpan.FromMinutes(29)), None);
        await Store.InsertAsync(Case("case_x_live_foreign", minute: 2), Lease(B, TimeSpan.FromMinutes(31)), None);
        await Store.InsertAsync(Case("case_w_own", minute: 3), Lease(A, TimeSpan.FromMinutes(31)), None);
        await Store.InsertAsync(Case("case_v_completed", CaseStatus.Completed, minute: 4), None);
        await Store.InsertAsync(Case("case_u_failed", CaseStatus.Failed, minute: 5), None);
        await Store.InsertAsync(Case("case_t_parked", CaseStatus.Parked, minute: 6), None);
        await Store.InsertAsync(Case("case_s_resolved", CaseStatus.Resolved, minute: 7), None);
        await Store.InsertAsync(Case("case_r_free", minute: 8), None);

        var first = await Store.ClaimUnfinishedAsync(Lease(A, TimeSpan.FromHours(1)), now, 3, includeOwn: true, None);
        var all = await Store.ClaimUnfinishedAsync(Lease(A, TimeSpan.FromHours(1)), now, 100, includeOwn: true, None);

        Assert.Equal(["case_z_free", "case_y_run_out", "case_w_own"], first);
        Assert.Equal(["case_z_free", "case_y_run_out", "case_w_own", "case_r_free"], all);
        // A running instance looking for others' work passes over its own live leases.
        Assert.Empty(await Store.ClaimUnfinishedAsync(Lease(A, TimeSpan.FromHours(1)), now, 100, includeOwn: false, None));
        Assert.Equal(["case_x_live_foreign"], await Store.ClaimUnfinishedAsync(Lease(B, TimeSpan.FromHours(1)), now, 100, includeOwn: true, None));
        Assert.Empty(await Store.ClaimUnfinishedAsync(Lease("instance-c", TimeSpan.FromHours(1)), now, 100, includeOwn: true, None));
        // Claiming moves nothing else: statuses and documents stay as they were.
        Assert.Equal(CaseStatus.Investigating, (await StoredAsync("case_y_run_out")).Status);
        Assert.Equal(["case_z_free", "case_y_run_out", "case_x_live_foreign", "case_w_own", "case_r_free"], await Store.ListUnfinishedAsync(None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ClaimUnfinishedAsync(Lease(A, TimeSpan.FromHours(1)), now, 0, includeOwn: true, None));
    }

    [StoreFact]
    public async Task Two_instances_claiming_unfinished_cases_at_once_take_every_case_exactly_once_between_them()
    {
        for (var i = 0; i < 200; i++)
        {
            await Store.InsertAsync(Case($"case_{i:D3}", minute: i % 7), None);
        }

        var instances = new[] { (Owner: A, Store: Database.OpenCaseStore()), (Owner: B, Store: Database.OpenCaseStore()) };
        var taken = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var round = 0; round < 50 && taken.Count < 200; round++)
        {
            var claims = await Task.WhenAll(instances.Select(i => Task.Run(() => i.Store.ClaimUnfinishedAsync(new CaseLease(i.Owner, T0.AddHours(1)), T0, 15, includeOwn: true, None))));

            for (var n = 0; n < instances.Length; n++)
            {
                foreach (var id in claims[n])
                {
                    Assert.True(taken.TryAdd(id, instances[n].Owner), $"{id} was taken by {taken.GetValueOrDefault(id)} and again by {instances[n].Owner} in round {round}");
                    // Each instance works what it took, so its next claim does not bring its own cases back.
                    var claimed = (await instances[n].Store.GetAsync(id, None))!;
                    Assert.NotNull(await instances[n].Store.FinishAsync(claimed, claimed with { Status = CaseStatus.Completed, UpdatedAt = T0.AddMinutes(10) }, [], null, instances[n].Owner, None));
                }
            }
        }

        Assert.Equal(200, taken.Count);
        Assert.Empty(await Store.ListUnfinishedAsync(None));
    }

    [StoreFact]
    public async Task An_ordinary_write_keeps_the_lease_while_the_case_is_unfinished_and_clears_it_otherwise()
    {
        var queued = Case("case_1");
        await Store.InsertAsync(queued, Lease(A, TimeSpan.FromMinutes(10)), None);
        var soon = T0.AddMinutes(1);

        var investigating = (await Store.UpdateIfUnchangedAsync(queued, Investigating(queued, TimeSpan.FromSeconds(10)), [], None))!;
        Assert.Empty(await Store.ClaimUnfinishedAsync(Lease(B, TimeSpan.FromMinutes(20)), soon, 10, includeOwn: true, None));
        await Store.UpdateAsync(investigating with { Error = "still A's" }, None);
        Assert.Empty(await Store.ClaimUnfinishedAsync(Lease(B, TimeSpan.FromMinutes(20)), soon, 10, includeOwn: true, None));
        Assert.Equal(1, await Store.RenewLeasesAsync(A, T0.AddMinutes(10), None));

        var completed = (await Store.UpdateIfUnchangedAsync(investigating, investigating with { Status = CaseStatus.Completed, UpdatedAt = T0.AddSeconds(20) }, [], None))!;
        // A customer comment queues it again: nobody holds it now, so any instance takes it at once.
        await Store.UpdateIfUnchangedAsync(completed, completed with { Status = CaseStatus.Queued, UpdatedAt = T0.AddSeconds(30) }, [], None);

        Assert.Equal(["case_1"], await Store.ClaimUnfinishedAsync(Lease(B, TimeSpan.FromMinutes(20)), soon, 10, includeOwn: true, None));
        Assert.Equal(0, await Store.RenewLeasesAsync(A, T0.AddMinutes(10), None));
    }
}

public sealed class SqliteCaseLeaseTests : CaseLeaseTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => SqliteTestDatabase.CreateAsync();
}

[RequiresPostgres]
public sealed class PostgresCaseLeaseTests(PostgresDatabaseFixture postgres) : CaseLeaseTests, IClassFixture<PostgresDatabaseFixture>
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => postgres.EmptyDatabaseAsync();
}
