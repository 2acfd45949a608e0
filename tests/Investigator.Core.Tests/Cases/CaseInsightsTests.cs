using System.Text.Json;
using Investigator.Core.Cases;
using Investigator.Core.Decisioning;
using Investigator.Core.Diagnostics;
using Investigator.Core.Intake;
using Investigator.Core.Investigation;
using Investigator.Core.Learning;
using Investigator.Core.Tests.Support;
using Investigator.Tests.Support;

namespace Investigator.Core.Tests.Cases;

/// <summary>The insights report's arithmetic on a small set of hand-built cases, its paging through a large store, and its recurring problems. Run against every store.</summary>
public abstract class CaseInsightsTests : StoreContract
{
    private static readonly DateTimeOffset T0 = TinyWorld.Reported;
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly InsightsPeriod Day = new(T0, T0.AddDays(1));

    private CaseInsights Insights() => new(Store, new HashingEmbeddingGenerator());

    private static Decision Decided(Disposition disposition, CaseType type, Priority priority, DateTimeOffset start, bool escalated = false) => new(
        disposition, 0.8, type, priority, new SlaClock(start, start.AddHours(1), null, start.AddHours(8), null, false), new Route(SupportTier.Tier2, "integrations"),
        escalated ? new Escalation(EscalationTrigger.ProductDefect, SupportTier.Tier3, false, "a defect", new EscalationPacket("s", "i", [], [], [], "none", "c", "ok")) : null,
        [], []);

    /// <summary>
    /// A case received <paramref name="minute"/> minutes after T0 whose evidence came from tool steps ending the given
    /// seconds after it was received (one step that produced no evidence ends earliest of all).
    /// </summary>
    private static SupportCase Case(string id, int minute, CaseStatus status, Decision? decision, double[] evidenceSeconds, params CaseEvent[] events)
    {
        var received = T0.AddMinutes(minute);
        var steps = new List<TraceStep> { new("T0", TraceStepKind.ToolCall, "status.check_status", received, 100, TraceOutcome.Empty) };
        var evidence = new List<Evidence>();
        foreach (var (seconds, i) in evidenceSeconds.Select((s, i) => (s, i + 1)))
        {
            // Started half a second before it ended.
            steps.Add(new TraceStep($"T{i}", TraceStepKind.ToolCall, "logs.search_logs", received.AddSeconds(seconds - 0.5), 500, TraceOutcome.Ok));
            evidence.Add(new Evidence($"E{i}", "logs", "search_logs", "q", "found", null, null, null, EvidenceStance.Supports, [], $"k{i}", $"T{i}"));
        }

        return new SupportCase(id, status, received, received, TinyWorld.Ticket($"subject {id}", "body"),
            Investigation: new InvestigationResult([], evidence, steps, new InvestigationBudgetUse(steps.Count, 20, 10, false)), Decision: decision, Trace: steps)
        {
            Timeline = [new CaseEvent(CaseEventKind.Opened, received, "intake"), .. events],
        };
    }

    private static CaseEvent At(CaseEventKind kind, int minute, string by = "Alex Lead") => new(kind, T0.AddMinutes(minute), by);

    private static CaseEvent Override(OverrideField field, int minute) =>
        new(CaseEventKind.Overridden, T0.AddMinutes(minute), "Alex Lead", "corrected") { Field = field, From = "a", To = "b" };

    private static CaseEvent Breach(SlaMeasure measure, int minute) =>
        new(CaseEventKind.SlaBreached, T0.AddMinutes(minute), SlaWatch.By, "missed") { Breach = measure };

    [StoreFact]
    public async Task The_report_counts_volumes_sla_escalations_overrides_and_time_to_first_evidence_of_the_period()
    {
        SupportCase[] cases =
        [
            // Acknowledged in time, resolution target missed, escalated at decision time; first evidence after 2.5 s (a later step at 4 s).
            Case("case_1", 0, CaseStatus.Completed, Decided(Disposition.ProductDefect, CaseType.Bug, Priority.P1, T0, escalated: true), [4, 2.5],
                At(CaseEventKind.Acknowledged, 30), At(CaseEventKind.Escalated, 1, "decisioning"), Breach(SlaMeasure.Resolution, 481)),
            // Acknowledged late, resolved in time; its route and priority overridden.
            Case("case_2", 10, CaseStatus.Resolved, Decided(Disposition.ProductDefect, CaseType.Bug, Priority.P1, T0.AddMinutes(10)), [1],
                At(CaseEventKind.Acknowledged, 130), Breach(SlaMeasure.FirstResponse, 130), Override(OverrideField.Route, 20), Override(OverrideField.Priority, 21),
                At(CaseEventKind.Resolved, 300)),
            // Escalated by the SLA monitor after time in tier; its disposition overridden.
            Case("case_3", 20, CaseStatus.Completed, Decided(Disposition.Incident, CaseType.Outage, Priority.P0, T0.AddMinutes(20)), [4],
                At(CaseEventKind.Escalated, 200, SlaWatch.By), Override(OverrideField.Disposition, 30)),
            // Failed before a decision, no evidence: counted as a case and nothing else.
            Case("case_4", 30, CaseStatus.Failed, null, []),
            // Rerouted twice: one misroute corrected, two route overrides.
            Case("case_6", 40, CaseStatus.Completed, Decided(Disposition.UserOrConfigurationMistake, CaseType.Configuration, Priority.P1, T0.AddMinutes(40)), [0.5],
                Override(OverrideField.Route, 50), Override(OverrideField.Route, 60)),
            // Received the day before: outside the period.
            Case("case_5", -24 * 60, CaseStatus.Completed, Decided(Disposition.ProductDefect, CaseType.Bug, Priority.P1, T0.AddDays(-1), escalated: true), [1],
                Override(OverrideField.Route, -24 * 60 + 5)),
        ];
        foreach (var c in cases)
        {
            await Store.InsertAsync(c, None);
        }

        var report = await Insights().ComputeAsync(Day, None);

        Assert.Equal((Day.From, Day.To, 5), (report.From, report.To, report.Cases));
        Assert.Equal(new Dictionary<string, int>
        {
            ["expectedBehaviour"] = 0, ["userOrConfigurationMistake"] = 1, ["productDefect"] = 2, ["incident"] = 1, ["needsInformation"] = 0,
        }, report.Volumes.ByDisposition);
        Assert.Equal(new Dictionary<string, int>
        {
            ["outage"] = 1, ["degradation"] = 0, ["bug"] = 2, ["configuration"] = 1, ["userError"] = 0, ["featureRequest"] = 0, ["question"] = 0,
        }, report.Volumes.ByType);
        Assert.Equal(new Dictionary<string, int> { ["P0"] = 1, ["P1"] = 3, ["P2"] = 0, ["P3"] = 0 }, report.Volumes.ByPriority);
        Assert.Equal(
            [new PrioritySla(Priority.P0, 1, 0, 0, 0), new PrioritySla(Priority.P1, 3, 1, 1, 2), new PrioritySla(Priority.P2, 0, 0, 0, 0), new PrioritySla(Priority.P3, 0, 0, 0, 0)],
            report.Sla);
        Assert.Equal((2, 0.4), (report.Escalations, report.EscalationRate));
        Assert.Equal(2, report.MisroutesCorrected);
        Assert.Equal(new OverrideCounts(1, 1, 3), report.Overrides);
        // Sorted: 0.5, 1, 2.5, 4. Median between the middle two; the 90th percentile 70 % of the way from 2.5 to 4.
        Assert.Equal(new EvidenceTiming(4, 1.75, 3.55), report.TimeToFirstEvidence);
        Assert.Empty(report.Recurring);
    }

    [StoreFact]
    public async Task An_empty_period_has_zero_counts_and_no_timing_written_as_null()
    {
        var report = await Insights().ComputeAsync(Day, None);

        Assert.Equal((0, 0.0, 0), (report.Cases, report.EscalationRate, report.Escalations));
        Assert.All(report.Volumes.ByDisposition.Values, v => Assert.Equal(0, v));
        Assert.Equal(4, report.Sla.Count);
        var json = JsonSerializer.SerializeToElement(report, ContractJson.Options);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("timeToFirstEvidence").GetProperty("medianSeconds").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("timeToFirstEvidence").GetProperty("p90Seconds").ValueKind);
    }

    [StoreFact]
    public async Task A_period_longer_than_a_page_of_theStore_is_counted_whole_even_when_cases_share_a_received_time()
    {
        for (var i = 0; i < 1_000; i++)
        {
            // Pairs of cases received at the same moment: the store's pages must part them by id, neither losing nor repeating one.
            await Store.InsertAsync(Case($"case_{i:D4}", i / 2, CaseStatus.Completed, Decided(Disposition.Incident, CaseType.Outage, Priority.P2, T0), [1]), None);
        }

        var measures = new List<string>();
        await foreach (var m in Store.ReadMeasuresAsync(Day.From, Day.To, None))
        {
            measures.Add(m.Id);
        }

        Assert.Equal(Enumerable.Range(0, 1_000).Select(i => $"case_{i:D4}"), measures);
        var report = await Insights().ComputeAsync(Day, None);
        Assert.Equal((1_000, 1_000), (report.Cases, report.Volumes.ByPriority["P2"]));
        Assert.Equal(new EvidenceTiming(1_000, 1, 1), report.TimeToFirstEvidence);
    }

    [StoreFact]
    public async Task Similar_problems_of_completed_and_resolved_cases_recur_with_the_article_drafted_for_them()
    {
        var article = new KnowledgeSuggestion("Exports: the worker ran out of memory", "CSV exports fail", [], "The export worker ran out of memory.", "Paged exports.", [],
            ["case_x1", "case_x2", "hist-old"], 3, 2, T0.AddHours(5));
        SupportCase[] cases =
        [
            Problem("case_x1", 1, CaseStatus.Resolved, "CSV exports from the reports page fail with error 500", "EXPORT_FAILED") with
            {
                Resolution = new CaseResolution("The export worker ran out of memory.", "Paged exports.", "lead", T0.AddHours(5), LearningOutcome.Stored) { SuggestedArticle = article },
            },
            Problem("case_x2", 2, CaseStatus.Completed, "CSV export from the reports page fails with error 500", "EXPORT_FAILED"),
            Problem("case_x3", 3, CaseStatus.Completed, "Every CSV export of the reports page fails with error 500", "EXPORT_FAILED"),
            Problem("case_s1", 4, CaseStatus.Completed, "Nobody at acc_2001 can sign in with SSO, priya@harbor.example gets SAML error", "SAML_INVALID"),
            Problem("case_s2", 5, CaseStatus.Completed, "Nobody at acc_2001 can sign in with SSO, owner@harbor.example gets a SAML error", "SAML_INVALID"),
            Problem("case_i1", 6, CaseStatus.Completed, "We were charged twice for the November invoice"),
            // Similar, but not completed or resolved: not clustered.
            Problem("case_x4", 7, CaseStatus.Queued, "CSV exports from the reports page fail with error 500", "EXPORT_FAILED"),
        ];
        foreach (var c in cases)
        {
            await Store.InsertAsync(c, None);
        }

        var recurring = (await Insights().ComputeAsync(Day, None)).Recurring;

        Assert.Equal([["case_x1", "case_x2", "case_x3"], ["case_s1", "case_s2"]], recurring.Select(r => r.CaseIds));
        Assert.Equal([3, 2], recurring.Select(r => r.Size));
        Assert.Contains("CSV export", recurring[0].Label, StringComparison.Ordinal);
        Assert.Equal(new RecurringArticle(article.Title, "case_x1", article.Problem, article.Cause, article.Resolution, 3, 2, article.SuggestedAt), recurring[0].SuggestedArticle);
        Assert.Null(recurring[1].SuggestedArticle);
        Assert.StartsWith("Nobody at [account] can sign in with SSO, [email] gets", recurring[1].Label, StringComparison.Ordinal);
    }

    private static SupportCase Problem(string id, int minute, CaseStatus status, string problem, params string[] codes)
    {
        var received = T0.AddMinutes(minute);
        var facts = new CaseFacts
        {
            ProblemStatement = new Fact<string>(problem, Provenance.Rule("test")),
            Category = new Fact<ProblemCategory>(ProblemCategory.Other, Provenance.Rule("test")),
            RequesterEmail = new Fact<string>("priya@harbor.example", Provenance.Rule("test")),
            ReportedAt = new Fact<DateTimeOffset>(received, Provenance.Rule("test")),
            Sentiment = new Fact<Sentiment>(Sentiment.Neutral, Provenance.Rule("test")),
            Language = new Fact<string>("en", Provenance.Rule("test")),
            ErrorCodes = codes.Select(c => new Fact<string>(c, Provenance.Rule("test"))).ToList(),
            CleanText = problem,
        };
        return new SupportCase(id, status, received, received, TinyWorld.Ticket($"subject {id}", problem), Facts: facts);
    }
}

public sealed class SqliteCaseInsightsTests : CaseInsightsTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => SqliteTestDatabase.CreateAsync();
}

[RequiresPostgres]
public sealed class PostgresCaseInsightsTests(PostgresDatabaseFixture postgres) : CaseInsightsTests, IClassFixture<PostgresDatabaseFixture>
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => postgres.EmptyDatabaseAsync();
}

/// <summary>The insights report's period and percentiles, which need no store.</summary>
public sealed class InsightsPeriodTests
{
    [Theory]
    [InlineData(null, null, "2026-10-13T12:00:00+00:00", "2026-11-12T12:00:00+00:00")]
    [InlineData("2026-11-01", null, "2026-11-01T00:00:00+00:00", "2026-11-12T12:00:00+00:00")]
    [InlineData("2026-11-01", "2026-11-01", "2026-11-01T00:00:00+00:00", "2026-11-01T23:59:59.9999999+00:00")]
    [InlineData(null, "2026-11-01T09:00:00+02:00", "2026-10-02T07:00:00+00:00", "2026-11-01T07:00:00+00:00")]
    [InlineData("2026-11-01T09:00", "2026-11-01T09:00:00Z", "2026-11-01T09:00:00+00:00", "2026-11-01T09:00:00+00:00")]
    public void A_period_reads_dates_and_times_with_defaults_of_the_last_30_days(string? from, string? to, string expectedFrom, string expectedTo)
    {
        var now = DateTimeOffset.Parse("2026-11-12T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(InsightsPeriod.TryParse(from, to, now, out var period, out var errors), string.Join("; ", errors.SelectMany(e => e.Value)));

        Assert.Equal((DateTimeOffset.Parse(expectedFrom, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse(expectedTo, System.Globalization.CultureInfo.InvariantCulture)),
            (period.From, period.To));
    }

    [Theory]
    [InlineData("2026-11-02", "2026-11-01", "from")]
    [InlineData("2026-12-01", null, "from")]
    [InlineData("yesterday", null, "from")]
    [InlineData("2026-02-30", null, "from")]
    [InlineData("01/11/2026", null, "from")]
    [InlineData(null, "2026-11-01T25:00:00Z", "to")]
    [InlineData(null, "1730419200", "to")]
    public void A_period_that_is_no_date_or_ends_before_it_starts_is_refused_under_its_parameter(string? from, string? to, string parameter)
    {
        var now = DateTimeOffset.Parse("2026-11-12T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

        Assert.False(InsightsPeriod.TryParse(from, to, now, out _, out var errors));

        Assert.Equal([parameter], errors.Keys);
    }

    [Fact]
    public void Percentiles_interpolate_between_the_nearest_ranks()
    {
        Assert.Equal(7, CaseInsights.Percentile([7], 0.9));
        Assert.Equal(2, CaseInsights.Percentile([1, 2, 3], 0.5));
        Assert.Equal(2.8, CaseInsights.Percentile([1, 2, 3], 0.9), 10);
        Assert.Equal(10, CaseInsights.Percentile([1, 10], 1));
    }
}
