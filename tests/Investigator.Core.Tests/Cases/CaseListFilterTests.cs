using Investigator.Core.Cases;
using Investigator.Core.Decisioning;
using Investigator.Core.Tests.Support;
using Investigator.Tests.Support;

namespace Investigator.Core.Tests.Cases;

/// <summary>The case list's filters, applied by the store's query: each alone, combined, with paging totals, and the rows' review fields. Run against every store.</summary>
public abstract class CaseListFilterTests : StoreContract
{
    private static readonly DateTimeOffset T0 = TinyWorld.Reported;
    private static readonly DateTimeOffset Now = T0.AddHours(10);
    private static readonly CancellationToken None = CancellationToken.None;

    private static SupportCase Case(string id, int minute, CaseStatus status, Disposition disposition, Priority priority, SupportTier tier, string queue,
        DateTimeOffset firstResponseDue, DateTimeOffset resolutionDue, bool acknowledged = false)
    {
        var decision = new Decision(disposition, 0.8, CaseType.Bug, priority, new SlaClock(T0, firstResponseDue, null, resolutionDue, null, false),
            new Route(tier, queue), null, [], []);
        var received = T0.AddMinutes(minute);
        return new SupportCase(id, status, received, received.AddMinutes(30), TinyWorld.Ticket($"subject {id}", "body"), Decision: decision)
        {
            Timeline = acknowledged
                ? [new CaseEvent(CaseEventKind.Opened, received, "intake"), new CaseEvent(CaseEventKind.Acknowledged, received.AddMinutes(5), "Alex Lead")]
                : [new CaseEvent(CaseEventKind.Opened, received, "intake")],
        };
    }

    /// <summary>Seven cases, received a minute apart (a first, g last); "now" is 10 hours after the first.</summary>
    private async Task SeedAsync()
    {
        SupportCase[] cases =
        [
            // First response overdue, nobody acknowledged.
            Case("case_a", 1, CaseStatus.Completed, Disposition.ProductDefect, Priority.P1, SupportTier.Tier3, "engineering", T0.AddHours(1), T0.AddHours(24)),
            // First response overdue but acknowledged; resolution overdue.
            Case("case_b", 2, CaseStatus.Completed, Disposition.Incident, Priority.P0, SupportTier.Tier2, "incident-response", T0.AddHours(1), T0.AddHours(4), acknowledged: true),
            // First response due in two hours.
            Case("case_c", 3, CaseStatus.Completed, Disposition.ProductDefect, Priority.P2, SupportTier.Tier3, "engineering", T0.AddHours(12), T0.AddHours(72)),
            // Overdue, but resolved: not open.
            Case("case_d", 4, CaseStatus.Resolved, Disposition.ProductDefect, Priority.P1, SupportTier.Tier3, "engineering", T0.AddHours(1), T0.AddHours(24)),
            // First response due in one hour, written in the calendar's zone (05:30 at -05:00 is 10:30 UTC).
            Case("case_f", 6, CaseStatus.Completed, Disposition.UserOrConfigurationMistake, Priority.P3, SupportTier.Tier1, "billing",
                T0.AddHours(11).ToOffset(TimeSpan.FromHours(-5)), T0.AddDays(10)),
            // First response due within two hours, but acknowledged; resolution far off.
            Case("case_g", 7, CaseStatus.Completed, Disposition.ProductDefect, Priority.P2, SupportTier.Tier3, "engineering", T0.AddHours(11), T0.AddHours(100), acknowledged: true),
        ];
        foreach (var c in cases)
        {
            await Store.InsertAsync(c, None);
        }

        // Not decided yet: no disposition, priority, tier or due time to match.
        await Store.InsertAsync(new SupportCase("case_e", CaseStatus.Queued, T0.AddMinutes(5), T0.AddMinutes(5), TinyWorld.Ticket("subject case_e", "body")), None);
    }

    /// <summary>The ids listed, comma-separated, and the total.</summary>
    private async Task<(string Ids, int Total)> ListAsync(CaseFilter filter, int page = 1, int pageSize = 20)
    {
        var listed = await Store.ListAsync(page, pageSize, filter, None);
        return (string.Join(",", listed.Items.Select(c => c.Id)), listed.Total);
    }

    [StoreFact]
    public async Task Each_filter_alone_keeps_only_its_cases_newest_first()
    {
        await SeedAsync();

        Assert.Equal(("case_g,case_f,case_e,case_d,case_c,case_b,case_a", 7), await ListAsync(CaseFilter.None));
        Assert.Equal(("case_g,case_d,case_c,case_a", 4), await ListAsync(new CaseFilter { Disposition = Disposition.ProductDefect }));
        Assert.Equal(("case_d,case_a", 2), await ListAsync(new CaseFilter { Priority = Priority.P1 }));
        Assert.Equal(("case_b", 1), await ListAsync(new CaseFilter { Tier = SupportTier.Tier2 }));
        Assert.Equal(("case_f", 1), await ListAsync(new CaseFilter { Tier = SupportTier.Tier1 }));
        Assert.Equal(("case_e", 1), await ListAsync(new CaseFilter { Status = CaseStatus.Queued }));
    }

    [StoreFact]
    public async Task Due_within_keeps_open_cases_with_an_unacknowledged_first_response_or_a_resolution_due_by_then_overdue_included()
    {
        await SeedAsync();

        Assert.Equal(("case_b,case_a", 2), await ListAsync(new CaseFilter { DueBy = Now }));
        Assert.Equal(("case_f,case_b,case_a", 3), await ListAsync(new CaseFilter { DueBy = Now.AddHours(1) }));
        Assert.Equal(("case_f,case_c,case_b,case_a", 4), await ListAsync(new CaseFilter { DueBy = Now.AddHours(2) }));
        Assert.Equal(("case_g,case_f,case_c,case_b,case_a", 5), await ListAsync(new CaseFilter { DueBy = DateTimeOffset.MaxValue }));
    }

    [StoreFact]
    public async Task Filters_combine_and_page_with_totals_of_the_filtered_cases()
    {
        await SeedAsync();
        var defects = new CaseFilter { Disposition = Disposition.ProductDefect, Tier = SupportTier.Tier3 };

        Assert.Equal(("case_g,case_c", 2), await ListAsync(defects with { Priority = Priority.P2 }));
        Assert.Equal(("case_g,case_c,case_a", 3), await ListAsync(defects with { Status = CaseStatus.Completed }));
        Assert.Equal(("case_c,case_a", 2), await ListAsync(defects with { DueBy = Now.AddHours(2) }));
        Assert.Equal(("", 0), await ListAsync(defects with { Priority = Priority.P0 }));
        Assert.Equal(("case_g,case_d", 4), await ListAsync(defects, page: 1, pageSize: 2));
        Assert.Equal(("case_c,case_a", 4), await ListAsync(defects, page: 2, pageSize: 2));
        Assert.Equal(("", 4), await ListAsync(defects, page: 3, pageSize: 2));
    }

    [StoreFact]
    public async Task A_row_says_when_the_case_last_changed_its_queue_its_resolution_target_and_whether_it_was_acknowledged()
    {
        await SeedAsync();

        var rows = (await Store.ListAsync(1, 20, CaseFilter.None, None)).Items.ToDictionary(c => c.Id);

        var b = rows["case_b"];
        Assert.Equal(new CaseSummary("case_b", CaseStatus.Completed, T0.AddMinutes(2), T0.AddMinutes(32), "subject case_b", null, Disposition.Incident, Priority.P0,
            SupportTier.Tier2, "incident-response", T0.AddHours(1), T0.AddHours(4), true), b);
        Assert.False(rows["case_a"].Acknowledged);
        Assert.Equal(T0.AddHours(11), rows["case_f"].FirstResponseDue);
        Assert.Equal(new CaseSummary("case_e", CaseStatus.Queued, T0.AddMinutes(5), T0.AddMinutes(5), "subject case_e", null, null, null, null, null, null, null, false), rows["case_e"]);
    }
}

public sealed class SqliteCaseListFilterTests : CaseListFilterTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => SqliteTestDatabase.CreateAsync();
}

[RequiresPostgres]
public sealed class PostgresCaseListFilterTests(PostgresDatabaseFixture postgres) : CaseListFilterTests, IClassFixture<PostgresDatabaseFixture>
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => postgres.EmptyDatabaseAsync();
}

/// <summary>The case list's query parameters, read into a <see cref="CaseFilter"/>.</summary>
public sealed class CaseFilterQueryTests
{
    private static readonly DateTimeOffset Now = TinyWorld.Reported.AddHours(10);

    [Fact]
    public void The_query_parameters_read_as_the_contract_writes_them_ignoring_case_and_blanks()
    {
        Assert.True(CaseFilter.TryParse(" Completed ", "PRODUCTDEFECT", "p1", "Tier2", "24", Now, out var filter, out var errors));

        Assert.Empty(errors);
        Assert.Equal(new CaseFilter { Status = CaseStatus.Completed, Disposition = Disposition.ProductDefect, Priority = Priority.P1, Tier = SupportTier.Tier2, DueBy = Now.AddHours(24) }, filter);
        Assert.True(CaseFilter.TryParse(null, " ", "", null, null, Now, out var none, out _));
        Assert.Equal(CaseFilter.None, none);
        Assert.True(CaseFilter.TryParse(null, null, null, null, "2147483647", DateTimeOffset.MaxValue.AddYears(-1), out var far, out _));
        Assert.Equal(DateTimeOffset.MaxValue, far.DueBy);
    }

    [Theory]
    [InlineData("status", "bogus")]
    [InlineData("disposition", "product_defect")]
    [InlineData("disposition", "2")]
    [InlineData("priority", "P4")]
    [InlineData("priority", "1")]
    [InlineData("tier", "management")]
    [InlineData("dueWithinHours", "-1")]
    [InlineData("dueWithinHours", "1.5")]
    [InlineData("dueWithinHours", "+5")]
    [InlineData("dueWithinHours", "2147483648")]
    public void A_value_the_contract_does_not_know_is_refused_under_its_parameter(string parameter, string value)
    {
        string? Given(string name) => name == parameter ? value : null;

        Assert.False(CaseFilter.TryParse(Given("status"), Given("disposition"), Given("priority"), Given("tier"), Given("dueWithinHours"), Now, out _, out var errors));

        Assert.Equal([parameter], errors.Keys);
    }
}
