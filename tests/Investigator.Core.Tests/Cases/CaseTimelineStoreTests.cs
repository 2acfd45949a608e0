using System.Text.Json;
using System.Text.Json.Nodes;
using Investigator.Core.Cases;
using Investigator.Core.Decisioning;
using Investigator.Core.Diagnostics;
using Investigator.Core.Tests.Support;
using Investigator.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Investigator.Core.Tests.Cases;

/// <summary>The store's timeline: appended in place, kept by every update, read back for open cases and SLA breaches. Run against every store.</summary>
public abstract class CaseTimelineStoreTests : StoreContract
{
    protected static readonly DateTimeOffset T0 = TinyWorld.Reported;
    protected static readonly CancellationToken None = CancellationToken.None;

    protected static SupportCase Decided(string id, CaseStatus status = CaseStatus.Completed, string body = "body", SupportTier tier = SupportTier.Tier1)
    {
        var decision = new Decision(Disposition.ExpectedBehaviour, 0.8, CaseType.Question, Priority.P2,
            new SlaClock(T0, T0.AddHours(4), null, T0.AddDays(3), null, false), new Route(tier, "general"), null, [], []);
        return new SupportCase(id, status, T0, T0, TinyWorld.Ticket($"subject {id}", body), Decision: decision)
        {
            Timeline = [new CaseEvent(CaseEventKind.Opened, T0, "intake", "Accepted from generic.")],
        };
    }

    protected static CaseEvent Breach(SlaMeasure measure, DateTimeOffset at, DateTimeOffset due) =>
        new(CaseEventKind.SlaBreached, at, SlaWatch.By, "missed") { Breach = measure, Due = due };

    [StoreFact]
    public async Task The_timeline_round_trips_is_appended_in_order_and_survives_an_update_from_a_stale_copy()
    {
        var stale = Decided("case_1");
        await Store.InsertAsync(stale, None);

        var escalated = new CaseEvent(CaseEventKind.Escalated, T0.AddHours(2), SlaWatch.By, "time") { Tier = "tier2", Trigger = EscalationTrigger.Time };
        var appended = await Store.AppendEventsAsync("case_1", [new CaseEvent(CaseEventKind.Acknowledged, T0.AddMinutes(10), "lead@example.com"), escalated], None);
        // A caseworker holding the case from before the append writes its copy back.
        await Store.UpdateAsync(stale with { Status = CaseStatus.Resolved, UpdatedAt = T0.AddHours(3) }, None);

        var read = (await Database.OpenCaseStore().GetAsync("case_1", None))!;
        Assert.Equal(CaseStatus.Resolved, read.Status);
        Assert.Equal([CaseEventKind.Opened, CaseEventKind.Acknowledged, CaseEventKind.Escalated], read.Timeline.Select(e => e.Kind));
        Assert.Equal(appended!.Timeline, read.Timeline);
        Assert.Equal(escalated, read.Timeline[2]);
        Assert.Equal("lead@example.com", read.Timeline[1].By);
        Assert.Equal((stale.Decision!.Sla, stale.Decision.Route), (read.Decision!.Sla, read.Decision.Route));
        Assert.Null(await Store.AppendEventsAsync("case_missing", [escalated], None));
    }

    [StoreFact]
    public async Task Open_cases_are_those_not_resolved_failed_or_parked()
    {
        foreach (var status in Enum.GetValues<CaseStatus>())
        {
            await Store.InsertAsync(Decided($"case_{status}", status), None);
        }

        Assert.Equal(["case_Completed", "case_Investigating", "case_Queued"], (await Store.ListOpenAsync(None)).Select(c => c.Id).Order(StringComparer.Ordinal));
    }

    [StoreFact]
    public async Task Breaches_are_listed_one_per_missed_target_newest_first_with_the_current_tier_and_paged()
    {
        // A ticket that quotes the event's JSON is no breach: the listing reads timelines, not text.
        await Store.InsertAsync(Decided("case_quiet", body: "our payload was {\"kind\":\"slaBreached\"}"), None);
        await Store.InsertAsync(Decided("case_a"), None);
        await Store.InsertAsync(Decided("case_b", tier: SupportTier.Tier2), None);
        await Store.AppendEventsAsync("case_a", [
            Breach(SlaMeasure.FirstResponse, T0.AddHours(5), T0.AddHours(4)),
            new CaseEvent(CaseEventKind.Escalated, T0.AddHours(5), SlaWatch.By) { Tier = "tier2", Trigger = EscalationTrigger.Time }], None);
        await Store.AppendEventsAsync("case_b", [Breach(SlaMeasure.FirstResponse, T0.AddHours(6), T0.AddHours(4))], None);
        await Store.AppendEventsAsync("case_a", [Breach(SlaMeasure.Resolution, T0.AddDays(4), T0.AddDays(3))], None);

        var first = await Store.ListBreachesAsync(1, 2, None);
        var second = await Store.ListBreachesAsync(2, 2, None);

        Assert.Equal(3, first.Total);
        Assert.Equal(
            [
                new SlaBreach("case_a", Priority.P2, SlaMeasure.Resolution, T0.AddDays(3), T0.AddDays(4), "tier2"),
                new SlaBreach("case_b", Priority.P2, SlaMeasure.FirstResponse, T0.AddHours(4), T0.AddHours(6), "tier2"),
            ],
            first.Items);
        Assert.Equal([new SlaBreach("case_a", Priority.P2, SlaMeasure.FirstResponse, T0.AddHours(4), T0.AddHours(5), "tier2")], second.Items);
    }
}

/// <summary>The timeline contract on SQLite, and a database written before timelines existed.</summary>
public sealed class SqliteCaseTimelineStoreTests : CaseTimelineStoreTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => SqliteTestDatabase.CreateAsync();

    [Fact]
    public async Task A_case_stored_before_timelines_reads_with_an_empty_one_and_can_be_appended_to()
    {
        var path = Engine.TempFile("cases.db");
        var document = JsonNode.Parse(JsonSerializer.Serialize(Decided("case_old"), ContractJson.Options))!.AsObject();
        Assert.True(document.Remove("timeline"));
        using (var old = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE cases (id TEXT PRIMARY KEY, status TEXT NOT NULL, received_at TEXT NOT NULL, updated_at TEXT NOT NULL, document TEXT NOT NULL);
                INSERT INTO cases VALUES ('case_old', 'completed', '2026-11-12T09:30:00.0000000Z', '2026-11-12T09:30:00.0000000Z', $d);
                """;
            create.Parameters.AddWithValue("$d", document.ToJsonString());
            create.ExecuteNonQuery();
        }

        var store = new SqliteCaseStore(path);

        var read = (await store.GetAsync("case_old", None))!;
        Assert.Empty(read.Timeline);
        Assert.Equal(["case_old"], (await store.ListOpenAsync(None)).Select(c => c.Id));
        await store.UpdateAsync(read with { UpdatedAt = T0.AddMinutes(1) }, None);
        var appended = await store.AppendEventsAsync("case_old", [Breach(SlaMeasure.FirstResponse, T0.AddHours(5), T0.AddHours(4))], None);
        Assert.Equal(CaseEventKind.SlaBreached, Assert.Single(appended!.Timeline).Kind);
        Assert.Equal(1, (await store.ListBreachesAsync(1, 10, None)).Total);
    }
}

[RequiresPostgres]
public sealed class PostgresCaseTimelineStoreTests(PostgresDatabaseFixture postgres) : CaseTimelineStoreTests, IClassFixture<PostgresDatabaseFixture>
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => postgres.EmptyDatabaseAsync();
}
