using Investigator.Core.Cases;
using Investigator.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Investigator.Api.Tests.Webhooks;

/// <summary>The delivery log's keys and claims, against every store's real database.</summary>
public abstract class DeliveryLogTests : StoreContract
{
    protected static readonly CancellationToken None = CancellationToken.None;

    protected static DeliveryRecord Delivery(string id, string ticket = "T-1", string? revision = null) => new("zendesk", id, ticket, revision, "created");

    [StoreFact]
    public async Task A_completed_delivery_is_a_duplicate_by_its_id_and_by_its_ticket_revision()
    {
        var log = Database.OpenDeliveryLog();
        var claim = await log.ClaimAsync(Delivery("d-1", revision: "r-1"), None);
        Assert.Equal(DeliveryClaimOutcome.Claimed, claim.Outcome);
        Assert.True(await log.CompleteAsync(claim, "case_1", None));

        var sameId = await log.ClaimAsync(Delivery("d-1", ticket: "T-other", revision: "r-other"), None);
        var sameRevision = await log.ClaimAsync(Delivery("d-2", revision: "r-1"), None);
        var newRevision = await log.ClaimAsync(Delivery("d-3", revision: "r-2"), None);
        var sameIdOtherSource = await log.ClaimAsync(Delivery("d-1") with { Source = "freshdesk" }, None);

        Assert.Equal(new DeliveryClaim(DeliveryClaimOutcome.Duplicate, CaseId: "case_1"), sameId);
        Assert.Equal(new DeliveryClaim(DeliveryClaimOutcome.Duplicate, CaseId: "case_1"), sameRevision);
        Assert.Equal(DeliveryClaimOutcome.Claimed, newRevision.Outcome);
        Assert.Equal(DeliveryClaimOutcome.Claimed, sameIdOtherSource.Outcome);
    }

    [StoreFact]
    public async Task Deliveries_without_a_revision_are_told_apart_by_their_ids_alone()
    {
        var log = Database.OpenDeliveryLog();

        var first = await log.ClaimAsync(Delivery("d-1"), None);
        var second = await log.ClaimAsync(Delivery("d-2"), None);

        Assert.Equal([DeliveryClaimOutcome.Claimed, DeliveryClaimOutcome.Claimed], new[] { first.Outcome, second.Outcome });
    }

    [StoreFact]
    public async Task Completing_maps_the_ticket_to_its_case_in_the_same_database_as_the_cases()
    {
        var log = Database.OpenDeliveryLog();
        var claim = await log.ClaimAsync(Delivery("d-1"), None);

        await log.CompleteAsync(claim, "case_1", None);

        Assert.Equal("case_1", await log.FindCaseAsync("zendesk", "T-1", None));
        Assert.Null(await log.FindCaseAsync("freshdesk", "T-1", None));
        Assert.Equal("case_1", await Database.OpenDeliveryLog().FindCaseAsync("zendesk", "T-1", None));
        Assert.Equal(0, (await Store.ListAsync(1, 10, None)).Total);
    }

    [StoreFact]
    public async Task Twenty_concurrent_claims_of_one_delivery_yield_exactly_one()
    {
        // A log per claimant: as many connections as there are callers, as with several processes.
        var claims = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => Database.OpenDeliveryLog().ClaimAsync(Delivery(i % 2 == 0 ? "d-1" : $"d-{i}", revision: "r-1"), None))));

        Assert.Single(claims, c => c.Outcome == DeliveryClaimOutcome.Claimed);
        Assert.All(claims.Where(c => c.Outcome != DeliveryClaimOutcome.Claimed), c => Assert.Equal(DeliveryClaimOutcome.InProgress, c.Outcome));
    }

    [StoreFact]
    public async Task A_released_claim_lets_the_retry_in()
    {
        var log = Database.OpenDeliveryLog();
        var claim = await log.ClaimAsync(Delivery("d-1", revision: "r-1"), None);
        Assert.Equal(DeliveryClaimOutcome.InProgress, (await log.ClaimAsync(Delivery("d-1", revision: "r-1"), None)).Outcome);

        await log.ReleaseAsync(claim, None);

        Assert.Equal(DeliveryClaimOutcome.Claimed, (await log.ClaimAsync(Delivery("d-1", revision: "r-1"), None)).Outcome);
    }

    [StoreFact]
    public async Task A_claim_abandoned_past_its_lease_is_taken_over_and_the_old_holder_cannot_complete_it()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero));
        var log = Database.OpenDeliveryLog(time, TimeSpan.FromMinutes(1));
        var abandoned = await log.ClaimAsync(Delivery("d-1"), None);
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(DeliveryClaimOutcome.InProgress, (await log.ClaimAsync(Delivery("d-1"), None)).Outcome);

        time.Advance(TimeSpan.FromSeconds(31));
        var retry = await log.ClaimAsync(Delivery("d-1"), None);

        Assert.Equal(DeliveryClaimOutcome.Claimed, retry.Outcome);
        Assert.False(await log.CompleteAsync(abandoned, "case_old", None));
        Assert.True(await log.CompleteAsync(retry, "case_new", None));
        Assert.Equal(new DeliveryClaim(DeliveryClaimOutcome.Duplicate, CaseId: "case_new"), await log.ClaimAsync(Delivery("d-1"), None));
    }

    [StoreFact]
    public async Task A_delivery_completed_without_a_case_is_a_duplicate_with_no_case_and_maps_nothing()
    {
        var log = Database.OpenDeliveryLog();
        var claim = await log.ClaimAsync(Delivery("d-1"), None);

        await log.CompleteAsync(claim, null, None);

        Assert.Equal(new DeliveryClaim(DeliveryClaimOutcome.Duplicate), await log.ClaimAsync(Delivery("d-1"), None));
        Assert.Null(await log.FindCaseAsync("zendesk", "T-1", None));
    }

    [StoreFact]
    public async Task A_ticket_keeps_the_first_case_id_its_claims_reserved_and_a_claim_without_a_proposal_reserves_nothing()
    {
        var log = Database.OpenDeliveryLog();

        var claims = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Task.Run(() => log.ClaimAsync(Delivery($"d-{i}") with { ProposedCaseId = $"case_{i}" }, None))));
        var other = await log.ClaimAsync(Delivery("d-other", ticket: "T-2") with { ProposedCaseId = "case_other" }, None);
        var solved = await log.ClaimAsync(Delivery("d-solved", ticket: "T-3"), None);

        Assert.All(claims, c => Assert.Equal(DeliveryClaimOutcome.Claimed, c.Outcome));
        var reserved = Assert.Single(claims.Select(c => c.TicketCaseId).Distinct());
        Assert.Equal(reserved, await log.FindCaseAsync("zendesk", "T-1", None));
        Assert.Equal("case_other", other.TicketCaseId);
        Assert.Null(solved.TicketCaseId);
        Assert.Null(await log.FindCaseAsync("zendesk", "T-3", None));
        Assert.Null(await log.FindCaseAsync("freshdesk", "T-1", None));
    }
}

/// <summary>The delivery log contract on SQLite, and what only the single-process SQLite log does at start.</summary>
public sealed class SqliteDeliveryLogTests : DeliveryLogTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => SqliteTestDatabase.CreateAsync();

    [Fact]
    public async Task A_restart_releases_the_claims_a_killed_process_left_and_keeps_completed_deliveries()
    {
        var path = ((SqliteTestDatabase)Database).Path;
        var before = new SqliteDeliveryLog(path);
        var done = await before.ClaimAsync(Delivery("d-done", "T-1"), CancellationToken.None);
        await before.CompleteAsync(done, "case_1", CancellationToken.None);
        Assert.Equal(DeliveryClaimOutcome.Claimed, (await before.ClaimAsync(Delivery("d-cut", "T-2"), CancellationToken.None)).Outcome);

        var held = await new SqliteDeliveryLog(path).ClaimAsync(Delivery("d-cut", "T-2"), CancellationToken.None);
        var restarted = SqliteDeliveryLog.OpenReleasingUnfinished(path);

        Assert.NotEqual(DeliveryClaimOutcome.Claimed, held.Outcome);
        Assert.Equal(DeliveryClaimOutcome.Claimed, (await restarted.ClaimAsync(Delivery("d-cut", "T-2"), CancellationToken.None)).Outcome);
        Assert.Equal(new DeliveryClaim(DeliveryClaimOutcome.Duplicate, CaseId: "case_1"), await restarted.ClaimAsync(Delivery("d-done", "T-1"), CancellationToken.None));
    }
}

/// <summary>
/// The delivery log contract on PostgreSQL, which several instances share: a claim left by an instance that stopped is
/// not released when another starts, only taken over once its lease has run out.
/// </summary>
[RequiresPostgres]
public sealed class PostgresDeliveryLogTests(PostgresDatabaseFixture postgres) : DeliveryLogTests, IClassFixture<PostgresDatabaseFixture>
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => postgres.EmptyDatabaseAsync();

    [StoreFact]
    public async Task A_claim_left_by_a_stopped_instance_stays_held_for_the_others_until_its_lease_runs_out()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero));
        var stopped = Database.OpenDeliveryLog(time, TimeSpan.FromMinutes(1));
        Assert.Equal(DeliveryClaimOutcome.Claimed, (await stopped.ClaimAsync(Delivery("d-cut", "T-2"), None)).Outcome);

        // Another instance starts (a new log over the same database) and the helpdesk retries at once.
        var started = Database.OpenDeliveryLog(time, TimeSpan.FromMinutes(1));
        Assert.Equal(DeliveryClaimOutcome.InProgress, (await started.ClaimAsync(Delivery("d-cut", "T-2"), None)).Outcome);

        time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(DeliveryClaimOutcome.Claimed, (await started.ClaimAsync(Delivery("d-cut", "T-2"), None)).Outcome);
    }
}
