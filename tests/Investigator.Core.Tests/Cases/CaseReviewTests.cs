using System.Diagnostics.CodeAnalysis;
using Investigator.Core.Cases;
using Investigator.Core.Decisioning;
using Investigator.Core.Drafting;
using Investigator.Core.Intake;
using Investigator.Core.Investigation;
using Investigator.Core.Learning;
using Investigator.Core.Sources.Local;
using Investigator.Core.Tests.Support;
using Investigator.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace Investigator.Core.Tests.Cases;

/// <summary>A lead's review of an investigated case: the draft approved or edited and checked again, the decision overridden, a new investigation asked for. Run against every store.</summary>
[SuppressMessage("Design", "CA1001", Justification = "The memory is disposed by DisposeAsync, which xunit calls after each test (IAsyncLifetime).")]
public abstract class CaseReviewTests : StoreContract
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly FakeTimeProvider _time = new(TinyWorld.Reported.AddMinutes(5));
    private readonly EmbeddedCaseMemory _memory = new(Engine.TempFile("memory.db"), new HashingEmbeddingGenerator());
    private readonly SupportPolicy _policy = Engine.Policy();

    public override Task DisposeAsync()
    {
        _memory.Dispose();
        return base.DisposeAsync();
    }

    private CaseReview Review(ICaseStore? store = null) => new(store ?? Store, _policy, _memory, _time, NullLogger<CaseReview>.Instance);

    /// <summary>The revoked-key ticket, investigated by the built-in engine over the tiny world: a completed case with evidence and a draft.</summary>
    private async Task<SupportCase> InvestigatedAsync()
    {
        var world = TinyWorld.Create();
        var playbooks = PlaybookCatalog.LoadDefault();
        var pipeline = new CasePipeline(new RuleBasedIntake(new LocalAccountSource(world), _time), new PlaybookInvestigator(Engine.Sources(world), playbooks, _time),
            new PolicyDecider(_policy, playbooks), new TemplateDrafter(playbooks), _time);
        var worker = new Caseworker(Store, pipeline, Substitute.For<ICaseLearner>(), _time, NullLogger<Caseworker>.Instance);
        var accepted = await worker.AcceptAsync(TinyWorld.Ticket("API returns 401 since yesterday", "Every call from our CI pipeline gets 401 Unauthorized since yesterday evening."), None);
        var completed = await worker.ProcessAsync(accepted.Id, CaseRetryPolicy.Default, None);
        Assert.Equal(CaseStatus.Completed, completed.Status);
        Assert.True(completed.Draft!.Check.Passed, $"the built-in draft should pass its checks: {string.Join("; ", completed.Draft.Check.Issues.Select(i => i.Problem))}");
        Assert.NotEmpty(completed.Investigation!.Evidence);
        _time.Advance(TimeSpan.FromMinutes(3));
        return completed;
    }

    [StoreFact]
    public async Task Approving_a_draft_that_passed_its_checks_records_who_and_when_once()
    {
        var investigated = await InvestigatedAsync();
        var review = Review();

        var approved = await review.ApproveDraftAsync(investigated.Id, " Alex Lead ", None);

        var recorded = Assert.Single(approved.Timeline, e => e.Kind == CaseEventKind.DraftApproved);
        Assert.Equal(("Alex Lead", _time.GetUtcNow()), (recorded.By, recorded.At));
        Assert.Contains(investigated.Draft!.Subject, recorded.Detail, StringComparison.Ordinal);
        Assert.True(CaseReview.IsDraftApproved(approved));
        Assert.False(CaseReview.IsDraftApproved(investigated));
        Assert.Equal(_time.GetUtcNow(), approved.UpdatedAt);
        Assert.Equal(investigated.Draft.Body, approved.Draft!.Body);

        _time.Advance(TimeSpan.FromMinutes(1));
        var again = await review.ApproveDraftAsync(investigated.Id, "Sam Lead", None);

        Assert.Single(again.Timeline, e => e.Kind == CaseEventKind.DraftApproved);
        Assert.Equal(approved.UpdatedAt, again.UpdatedAt);
    }

    [StoreFact]
    public async Task An_edit_is_checked_again_and_a_leak_fails_it_so_it_cannot_be_approved()
    {
        var investigated = await InvestigatedAsync();
        var review = Review();
        var leaking = investigated.Draft!.Body + "\n\nOur colleague ops@flowpoint.example saw the same for account acc_2002.";

        var edited = await review.EditDraftAsync(investigated.Id, leaking, "Alex Lead", None);

        Assert.Equal(leaking.Trim(), edited.Draft!.Body);
        Assert.False(edited.Draft.Check.Passed);
        Assert.Contains(edited.Draft.Check.Issues, i => i is { Kind: DraftIssueKind.Leak, Sentence: "acc_2002" });
        Assert.Contains(edited.Draft.Check.Issues, i => i is { Kind: DraftIssueKind.Leak, Sentence: "ops@flowpoint.example" });
        var recorded = Assert.Single(edited.Timeline, e => e.Kind == CaseEventKind.DraftEdited);
        Assert.Equal((false, "Alex Lead", _time.GetUtcNow()), (recorded.CheckPassed, recorded.By, recorded.At));
        Assert.Contains("another account's identifier", recorded.Detail, StringComparison.Ordinal);
        var stored = (await Store.GetAsync(investigated.Id, None))!.Draft!;
        Assert.Equal((edited.Draft.Body, false, edited.Draft.Check.Issues.Count), (stored.Body, stored.Check.Passed, stored.Check.Issues.Count));

        var refused = await Assert.ThrowsAsync<CaseStateConflictException>(() => review.ApproveDraftAsync(investigated.Id, "Alex Lead", None));
        Assert.Equal("Draft not sendable", refused.Title);
        Assert.DoesNotContain((await Store.GetAsync(investigated.Id, None))!.Timeline, e => e.Kind == CaseEventKind.DraftApproved);
    }

    [StoreFact]
    public async Task An_edit_that_adds_a_number_no_evidence_holds_fails_the_grounding_check()
    {
        var investigated = await InvestigatedAsync();
        var cited = investigated.Investigation!.Evidence[0].Id;

        var edited = await Review().EditDraftAsync(investigated.Id, $"Hi Priya,\n\nYour key was revoked 42 times last week [{cited}].\n\nSupport", "Alex Lead", None);

        var issue = Assert.Single(edited.Draft!.Check.Issues);
        Assert.Equal(DraftIssueKind.UnsupportedClaim, issue.Kind);
        Assert.Contains("42", issue.Problem, StringComparison.Ordinal);
        Assert.Equal([cited], edited.Draft.Citations);
    }

    [StoreFact]
    public async Task A_clean_edit_passes_the_checks_and_waits_for_its_own_approval_even_after_an_earlier_one()
    {
        var investigated = await InvestigatedAsync();
        var review = Review();
        await review.ApproveDraftAsync(investigated.Id, "Alex Lead", None);
        var evidence = investigated.Investigation!.Evidence[0];
        _time.Advance(TimeSpan.FromMinutes(1));

        var edited = await review.EditDraftAsync(investigated.Id, $"Hi Priya,\n\nWe looked into the failing calls [{evidence.Id}].\n\nSupport", "Sam Lead", None);

        Assert.True(edited.Draft!.Check.Passed);
        Assert.Equal([evidence.Id], edited.Draft.Citations);
        Assert.True(Assert.Single(edited.Timeline, e => e.Kind == CaseEventKind.DraftEdited).CheckPassed);
        Assert.False(CaseReview.IsDraftApproved(edited));

        var approved = await review.ApproveDraftAsync(investigated.Id, "Alex Lead", None);

        Assert.True(CaseReview.IsDraftApproved(approved));
        Assert.Equal([CaseEventKind.DraftApproved, CaseEventKind.DraftEdited, CaseEventKind.DraftApproved],
            approved.Timeline.Where(e => e.Kind is CaseEventKind.DraftApproved or CaseEventKind.DraftEdited).Select(e => e.Kind));
    }

    [StoreFact]
    public async Task A_priority_override_gets_the_policy_targets_from_when_the_clock_started_and_says_who_why_from_and_to()
    {
        var investigated = await InvestigatedAsync();
        var before = investigated.Decision!;
        var to = before.Priority == Priority.P0 ? Priority.P3 : Priority.P0;

        var overridden = await Review().OverrideAsync(investigated.Id, DecisionOverride.To(to), "Their whole team is blocked.", "Alex Lead", None);

        var decision = overridden.Decision!;
        var target = _policy.Sla[to];
        Assert.Equal(to, decision.Priority);
        Assert.Equal(before.Sla.StartedAt, decision.Sla.StartedAt);
        Assert.Equal(BusinessClock.Add(before.Sla.StartedAt, target.FirstResponse, _policy.Calendar, target.BusinessHours), decision.Sla.FirstResponseDue);
        Assert.Equal(BusinessClock.Add(before.Sla.StartedAt, target.Resolution, _policy.Calendar, target.BusinessHours), decision.Sla.ResolutionDue);
        Assert.NotEqual(before.Sla.ResolutionDue, decision.Sla.ResolutionDue);
        Assert.Equal((before.Disposition, before.Route), (decision.Disposition, decision.Route));
        var recorded = Assert.Single(overridden.Timeline, e => e.Kind == CaseEventKind.Overridden);
        Assert.Equal((OverrideField.Priority, before.Priority.ToString(), to.ToString(), "Alex Lead", _time.GetUtcNow()),
            (recorded.Field, recorded.From, recorded.To, recorded.By, recorded.At));
        Assert.Equal($"Priority overridden from {before.Priority} to {to}: Their whole team is blocked.", recorded.Detail);
        Assert.Contains(decision.Rationale, r => r.Rule == CaseReview.OverrideRule && r.Explanation.Contains("Their whole team is blocked.", StringComparison.Ordinal));
        var stored = (await Store.GetAsync(investigated.Id, None))!.Decision!;
        Assert.Equal((decision.Priority, decision.Sla, decision.Rationale.Count), (stored.Priority, stored.Sla, stored.Rationale.Count));
    }

    [StoreFact]
    public async Task A_route_or_disposition_override_changes_only_that_part_and_the_value_it_already_has_changes_nothing()
    {
        var investigated = await InvestigatedAsync();
        var review = Review();
        Assert.True(DecisionOverride.TryParse("route", "TIER2/Billing", _policy, out var reroute, out _));

        var rerouted = await review.OverrideAsync(investigated.Id, reroute!, "Billing owns this.", "Alex Lead", None);
        var redisposed = await review.OverrideAsync(investigated.Id, DecisionOverride.To(Disposition.ProductDefect), "Engineering confirmed a bug.", "Alex Lead", None);
        var unchanged = await review.OverrideAsync(investigated.Id, DecisionOverride.To(Disposition.ProductDefect), "Again.", "Alex Lead", None);

        Assert.Equal(new Route(SupportTier.Tier2, "billing"), redisposed.Decision!.Route);
        Assert.Equal((Disposition.ProductDefect, investigated.Decision!.Priority, investigated.Decision.Sla), (redisposed.Decision.Disposition, redisposed.Decision.Priority, redisposed.Decision.Sla));
        Assert.Equal([(OverrideField.Route, DecisionOverride.RouteText(investigated.Decision.Route), "tier2/billing"), (OverrideField.Disposition, DecisionOverride.ValueOf(investigated.Decision, OverrideField.Disposition), "productDefect")],
            redisposed.Timeline.Where(e => e.Kind == CaseEventKind.Overridden).Select(e => (e.Field!.Value, e.From!, e.To!)));
        Assert.Equal(redisposed.Timeline.Count, unchanged.Timeline.Count);
        Assert.Equal(redisposed.UpdatedAt, unchanged.UpdatedAt);
        Assert.NotEqual(rerouted.UpdatedAt, investigated.UpdatedAt);
    }

    [StoreFact]
    public async Task Nothing_of_a_case_being_investigated_or_undecided_can_be_reviewed()
    {
        var queued = await Caseworker().AcceptAsync(TinyWorld.Ticket("help", "It broke."), None);
        var review = Review();

        var approve = await Assert.ThrowsAsync<CaseStateConflictException>(() => review.ApproveDraftAsync(queued.Id, "Alex Lead", None));
        var edit = await Assert.ThrowsAsync<CaseStateConflictException>(() => review.EditDraftAsync(queued.Id, "New text.", "Alex Lead", None));
        var change = await Assert.ThrowsAsync<CaseStateConflictException>(() => review.OverrideAsync(queued.Id, DecisionOverride.To(Priority.P1), "why", "Alex Lead", None));

        Assert.All([approve, edit, change], e => Assert.Equal("Case being investigated", e.Title));
        var failed = queued with { Status = CaseStatus.Failed, UpdatedAt = queued.UpdatedAt.AddMinutes(1) };
        await Store.UpdateAsync(failed, None);
        Assert.Equal("Case has no draft", (await Assert.ThrowsAsync<CaseStateConflictException>(() => review.ApproveDraftAsync(queued.Id, "Alex Lead", None))).Title);
        Assert.Equal("Case not decided yet", (await Assert.ThrowsAsync<CaseStateConflictException>(() => review.OverrideAsync(queued.Id, DecisionOverride.To(Priority.P1), "why", "Alex Lead", None))).Title);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => review.ApproveDraftAsync("case_missing", "Alex Lead", None));
        Assert.Equal([CaseEventKind.Opened], (await Store.GetAsync(queued.Id, None))!.Timeline.Select(e => e.Kind));
    }

    [StoreFact]
    public async Task A_reinvestigation_queues_the_case_again_with_fresh_attempts_once_and_never_a_resolved_case()
    {
        var investigated = await InvestigatedAsync();
        var review = Review();

        var requeued = await review.RequestReinvestigationAsync(investigated.Id, "Alex Lead", "The logs were incomplete.", None);

        Assert.Equal((CaseStatus.Queued, 0), (requeued.Status, requeued.Attempts));
        var recorded = Assert.Single(requeued.Timeline, e => e.Kind == CaseEventKind.ReinvestigationRequested);
        Assert.Equal(("Alex Lead", "Re-investigation requested from completed: The logs were incomplete."), (recorded.By, recorded.Detail));
        Assert.Equal([investigated.Id], await Store.ListUnfinishedAsync(None));
        var twice = await Assert.ThrowsAsync<CaseStateConflictException>(() => review.RequestReinvestigationAsync(investigated.Id, "Sam Lead", null, None));
        Assert.Equal("Case already in the queue", twice.Title);

        var resolved = requeued with { Status = CaseStatus.Resolved, UpdatedAt = requeued.UpdatedAt.AddMinutes(1) };
        await Store.UpdateAsync(resolved, None);
        Assert.Equal("Case resolved", (await Assert.ThrowsAsync<CaseStateConflictException>(() => review.RequestReinvestigationAsync(investigated.Id, "Sam Lead", null, None))).Title);
    }

    [StoreFact]
    public async Task An_override_that_meets_a_concurrent_write_reads_the_case_again_and_keeps_both()
    {
        var investigated = await InvestigatedAsync();
        var store = Substitute.For<ICaseStore>();
        store.GetAsync(Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(c => Store.GetAsync(c.Arg<string>(), None));
        var interfered = false;
        store.UpdateIfUnchangedAsync(Arg.Any<SupportCase>(), Arg.Any<SupportCase>(), Arg.Any<IReadOnlyList<CaseEvent>>(), Arg.Any<CancellationToken>())
            .Returns(async c =>
            {
                if (!interfered)
                {
                    // Another lead's edit lands between this review's read and its write.
                    interfered = true;
                    await Review().EditDraftAsync(investigated.Id, "Edited meanwhile.", "Sam Lead", None);
                }

                return await Store.UpdateIfUnchangedAsync(c.ArgAt<SupportCase>(0), c.ArgAt<SupportCase>(1), c.ArgAt<IReadOnlyList<CaseEvent>>(2), None);
            });

        var overridden = await Review(store).OverrideAsync(investigated.Id, DecisionOverride.To(Disposition.Incident), "An incident after all.", "Alex Lead", None);

        Assert.Equal((Disposition.Incident, "Edited meanwhile."), (overridden.Decision!.Disposition, overridden.Draft!.Body));
        Assert.Equal([CaseEventKind.DraftEdited, CaseEventKind.Overridden], overridden.Timeline.Where(e => e.By is "Sam Lead" or "Alex Lead").Select(e => e.Kind));
        await store.Received(2).UpdateIfUnchangedAsync(Arg.Any<SupportCase>(), Arg.Any<SupportCase>(), Arg.Any<IReadOnlyList<CaseEvent>>(), Arg.Any<CancellationToken>());
    }

    [StoreFact]
    public async Task A_case_that_keeps_changing_is_a_conflict_after_a_few_attempts_not_an_overwrite()
    {
        var investigated = await InvestigatedAsync();
        var store = Substitute.For<ICaseStore>();
        store.GetAsync(Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(c => Store.GetAsync(c.Arg<string>(), None));
        store.UpdateIfUnchangedAsync(Arg.Any<SupportCase>(), Arg.Any<SupportCase>(), Arg.Any<IReadOnlyList<CaseEvent>>(), Arg.Any<CancellationToken>())
            .Returns(Task.FromResult<SupportCase?>(null));

        var conflict = await Assert.ThrowsAsync<CaseStateConflictException>(() => Review(store).ApproveDraftAsync(investigated.Id, "Alex Lead", None));

        Assert.Equal("Case changed meanwhile", conflict.Title);
        await store.Received(CaseReview.MaxWriteAttempts).UpdateIfUnchangedAsync(Arg.Any<SupportCase>(), Arg.Any<SupportCase>(), Arg.Any<IReadOnlyList<CaseEvent>>(), Arg.Any<CancellationToken>());
    }

    [StoreFact]
    public async Task Similar_resolved_cases_exclude_the_case_itself_and_show_no_other_account_id_or_personal_data()
    {
        var investigated = await InvestigatedAsync();
        var problem = investigated.Facts!.ProblemStatement.Value;
        await _memory.UpsertAsync(Resolved(investigated.Id, "acc_2001", problem, "The CI key was revoked.", Disposition.UserOrConfigurationMistake), None);
        await _memory.UpsertAsync(Resolved("case_other", "acc_2002", problem + " in production",
            "Key of acc_2002 revoked by boss@other.example from 203.0.113.7.", Disposition.UserOrConfigurationMistake), None);
        await _memory.UpsertAsync(Resolved("case_unrelated", "acc_2002", "Invoices show the wrong currency after a plan change", "A billing bug.", Disposition.ProductDefect), None);

        var similar = await Review().FindSimilarAsync(investigated.Id, 2, None);

        Assert.Equal(["case_other", "case_unrelated"], similar.Select(s => s.CaseId));
        Assert.True(similar[0].Score > similar[1].Score);
        var other = similar[0];
        Assert.Equal("Key of [account] revoked by [email] from [ip].", other.RootCause);
        Assert.Equal((Disposition.UserOrConfigurationMistake, TinyWorld.Reported.AddDays(-3)), (other.Disposition, other.ResolvedAt));
        Assert.DoesNotContain(similar, s => $"{s.Problem} {s.RootCause} {s.Resolution}".Contains("acc_2002", StringComparison.Ordinal));
        Assert.Single(await Review().FindSimilarAsync(investigated.Id, 1, None));
    }

    [StoreFact]
    public async Task A_case_without_facts_has_no_similar_cases_and_an_unknown_case_is_not_found()
    {
        var queued = await Caseworker().AcceptAsync(TinyWorld.Ticket("help", "It broke."), None);
        await _memory.UpsertAsync(Resolved("case_any", null, "It broke.", "Something.", Disposition.ProductDefect), None);

        Assert.Empty(await Review().FindSimilarAsync(queued.Id, 5, None));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Review().FindSimilarAsync("case_missing", 5, None));
    }

    private Caseworker Caseworker() => new(Store, null!, Substitute.For<ICaseLearner>(), _time, NullLogger<Caseworker>.Instance);

    private static ResolvedCase Resolved(string key, string? account, string summary, string rootCause, Disposition disposition) =>
        new(key, account, "API", ProblemCategory.Authentication, disposition, CaseType.Configuration, summary, rootCause, "Issued a new key.",
            [], ["authentication"], TinyWorld.Reported.AddDays(-3), "lead");
}

public sealed class SqliteCaseReviewTests : CaseReviewTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => SqliteTestDatabase.CreateAsync();
}

[RequiresPostgres]
public sealed class PostgresCaseReviewTests(PostgresDatabaseFixture postgres) : CaseReviewTests, IClassFixture<PostgresDatabaseFixture>
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => postgres.EmptyDatabaseAsync();
}

/// <summary>A lead's override as the review page sends it, read against the policy; no store needed.</summary>
public sealed class DecisionOverrideParsingTests
{
    private static readonly SupportPolicy Policy = Engine.Policy();

    [Theory]
    [InlineData("route", "tier2", "value")]
    [InlineData("route", "tier9/billing", "value")]
    [InlineData("route", "tier2/nowhere", "value")]
    [InlineData("priority", "P7", "value")]
    [InlineData("disposition", "broken", "value")]
    [InlineData("disposition", "", "value")]
    [InlineData("sla", "P1", "field")]
    [InlineData(null, "P1", "field")]
    public void An_override_of_an_unknown_field_or_to_an_unknown_value_is_refused_naming_what_is_wrong(string? field, string value, string named)
    {
        Assert.False(DecisionOverride.TryParse(field, value, Policy, out var change, out var errors));

        Assert.Null(change);
        Assert.Equal([named], errors.Keys);
    }
}
