using Investigator.Core.Cases;
using Investigator.Core.Decisioning;
using Investigator.Core.Learning;
using Investigator.Core.Tests.Support;
using Investigator.Tests.Support;

namespace Investigator.Core.Tests.Cases;

/// <summary>The case store's contract, run against every store (<see cref="SqliteCaseStoreTests"/>, <see cref="PostgresCaseStoreTests"/>).</summary>
public abstract class CaseStoreTests : StoreContract
{
    protected static SupportCase Resolved(string id, KnowledgeSuggestion? suggestion, bool escalated = false)
    {
        var t0 = TinyWorld.Reported;
        var escalation = escalated
            ? new Escalation(EscalationTrigger.Complexity, SupportTier.Tier3, false, "needs engineering", new EscalationPacket("s", "i", [], [], [], "none", "c", "ok"))
            : null;
        var decision = new Decision(Disposition.ProductDefect, 0.8, CaseType.Bug, Priority.P2,
            new SlaClock(t0, t0.AddHours(4), null, t0.AddDays(3), null, true), new Route(SupportTier.Tier2, "engineering"), escalation, [], []);
        return new SupportCase(id, CaseStatus.Resolved, t0, t0, TinyWorld.Ticket($"subject {id}", "body"), Decision: decision,
            Resolution: new CaseResolution("cause", "fix", "lead", t0, LearningOutcome.Stored) { SuggestedArticle = suggestion });
    }

    protected static KnowledgeSuggestion Suggestion(string title) =>
        new(title, "problem", ["symptom"], "cause", "fix", ["Fix it."], ["case_1", "case_2", "case_3"], 3, 2, TinyWorld.Reported);

    protected static SupportCase Failed(string id, DateTimeOffset? next, int attempts = 1) =>
        new(id, CaseStatus.Failed, TinyWorld.Reported, TinyWorld.Reported, TinyWorld.Ticket($"subject {id}", "body"), Error: "The intake layer failed: boom", Attempts: attempts)
        { NextAttemptAt = next };

    [StoreFact]
    public async Task Only_cases_holding_a_suggested_article_are_listed_with_the_article_and_whether_they_were_escalated()
    {
        await Store.InsertAsync(new SupportCase("case_queued", CaseStatus.Queued, TinyWorld.Reported, TinyWorld.Reported, TinyWorld.Ticket("s", "b")), CancellationToken.None);
        await Store.InsertAsync(Resolved("case_plain", suggestion: null), CancellationToken.None);
        await Store.InsertAsync(Resolved("case_drafted", Suggestion("drafted")), CancellationToken.None);
        await Store.InsertAsync(Resolved("case_escalated", Suggestion("escalated"), escalated: true), CancellationToken.None);

        var listed = (await Store.ListSuggestedArticlesAsync(CancellationToken.None)).OrderBy(a => a.CaseId, StringComparer.Ordinal).ToList();

        Assert.Equal([("case_drafted", "drafted", false), ("case_escalated", "escalated", true)], listed.Select(a => (a.CaseId, a.Suggestion.Title, a.Escalated)));
        Assert.Equal(["case_1", "case_2", "case_3"], listed[0].Suggestion.RelatedCases);
        Assert.Equal(TinyWorld.Reported, listed[0].Suggestion.SuggestedAt);
    }

    [StoreFact]
    public async Task Cases_are_stored_listed_newest_first_and_survive_reopening()
    {
        var t0 = TinyWorld.Reported;
        for (var i = 0; i < 5; i++)
        {
            await Store.InsertAsync(new SupportCase($"case_{i}", CaseStatus.Queued, t0.AddMinutes(i), t0.AddMinutes(i), TinyWorld.Ticket($"subject {i}", "body")), CancellationToken.None);
        }

        await Store.UpdateAsync((await Store.GetAsync("case_1", CancellationToken.None))! with { Status = CaseStatus.Completed }, CancellationToken.None);

        var reopened = Database.OpenCaseStore();
        var page = await reopened.ListAsync(1, 2, CancellationToken.None);
        Assert.Equal(5, page.Total);
        Assert.Equal(["case_4", "case_3"], page.Items.Select(i => i.Id));
        Assert.Equal(["case_0", "case_2", "case_3", "case_4"], await reopened.ListUnfinishedAsync(CancellationToken.None));
        Assert.Equal("subject 1", (await reopened.GetAsync("case_1", CancellationToken.None))?.Ticket.Subject);
        Assert.Null(await reopened.GetAsync("nope", CancellationToken.None));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => reopened.UpdateAsync(new SupportCase("nope", CaseStatus.Queued, t0, t0, TinyWorld.Ticket("s", "b")), CancellationToken.None));
    }

    [StoreFact]
    public async Task A_failed_case_s_next_attempt_survives_reopening_and_it_is_listed_once_due_the_longest_due_first()
    {
        var t0 = TinyWorld.Reported;
        await Store.InsertAsync(Failed("case_later", t0.AddMinutes(10)), CancellationToken.None);
        await Store.InsertAsync(Failed("case_sooner", t0.AddSeconds(5)), CancellationToken.None);
        await Store.InsertAsync(Failed("case_before_retries", next: null), CancellationToken.None);
        // Only a failed case is ever due, whatever another document holds.
        await Store.InsertAsync(new SupportCase("case_parked", CaseStatus.Parked, t0, t0, TinyWorld.Ticket("s", "b"), Attempts: 5) { NextAttemptAt = t0 }, CancellationToken.None);
        await Store.InsertAsync(new SupportCase("case_queued", CaseStatus.Queued, t0, t0, TinyWorld.Ticket("s", "b")) { NextAttemptAt = t0 }, CancellationToken.None);

        var reopened = Database.OpenCaseStore();

        Assert.Equal(t0.AddMinutes(10), (await reopened.GetAsync("case_later", CancellationToken.None))!.NextAttemptAt);
        Assert.Empty(await reopened.ListDueForRetryAsync(t0.AddSeconds(4), CancellationToken.None));
        Assert.Equal(["case_sooner"], await reopened.ListDueForRetryAsync(t0.AddSeconds(5), CancellationToken.None));
        Assert.Equal(["case_sooner", "case_later"], await reopened.ListDueForRetryAsync(t0.AddHours(1), CancellationToken.None));
        // An offset other than UTC compares as the same instant.
        Assert.Equal(["case_sooner"], await reopened.ListDueForRetryAsync(t0.AddSeconds(5).ToOffset(TimeSpan.FromHours(-5)), CancellationToken.None));
        Assert.Equal(["case_queued"], await reopened.ListUnfinishedAsync(CancellationToken.None));

        // Requeued: no longer due, and the column no longer says when.
        var sooner = (await reopened.GetAsync("case_sooner", CancellationToken.None))!;
        await reopened.UpdateAsync(sooner with { Status = CaseStatus.Queued, NextAttemptAt = null }, CancellationToken.None);
        Assert.Equal(["case_later"], await Database.OpenCaseStore().ListDueForRetryAsync(t0.AddHours(1), CancellationToken.None));
    }

    [StoreFact]
    public async Task The_queue_depth_counts_queued_investigating_retries_due_and_scheduled_and_parked_cases()
    {
        var t0 = TinyWorld.Reported;
        Assert.Equal(new CaseQueueDepth(0, 0, 0, 0, 0), await Store.CountQueueAsync(t0, CancellationToken.None));

        await Store.InsertAsync(new SupportCase("case_q1", CaseStatus.Queued, t0, t0, TinyWorld.Ticket("s", "b")), CancellationToken.None);
        await Store.InsertAsync(new SupportCase("case_q2", CaseStatus.Queued, t0, t0, TinyWorld.Ticket("s", "b")), CancellationToken.None);
        await Store.InsertAsync(new SupportCase("case_i", CaseStatus.Investigating, t0, t0, TinyWorld.Ticket("s", "b")), CancellationToken.None);
        await Store.InsertAsync(Failed("case_due", t0), CancellationToken.None);
        await Store.InsertAsync(Failed("case_scheduled", t0.AddSeconds(1)), CancellationToken.None);
        await Store.InsertAsync(Failed("case_before_retries", next: null), CancellationToken.None);
        await Store.InsertAsync(new SupportCase("case_p", CaseStatus.Parked, t0, t0, TinyWorld.Ticket("s", "b")), CancellationToken.None);
        await Store.InsertAsync(Resolved("case_r", suggestion: null), CancellationToken.None);

        Assert.Equal(new CaseQueueDepth(2, 1, 1, 1, 1), await Store.CountQueueAsync(t0, CancellationToken.None));
        Assert.Equal(new CaseQueueDepth(2, 1, 2, 0, 1), await Store.CountQueueAsync(t0.AddSeconds(1), CancellationToken.None));
    }

    [StoreFact]
    public async Task Cases_are_listed_by_status_newest_first_with_the_total_of_that_status()
    {
        var t0 = TinyWorld.Reported;
        for (var i = 0; i < 5; i++)
        {
            var status = i % 2 == 0 ? CaseStatus.Parked : CaseStatus.Completed;
            await Store.InsertAsync(new SupportCase($"case_{i}", status, t0.AddMinutes(i), t0.AddMinutes(i), TinyWorld.Ticket($"subject {i}", "body")), CancellationToken.None);
        }

        var parked = await Store.ListAsync(1, 2, CaseStatus.Parked, CancellationToken.None);
        var rest = await Store.ListAsync(2, 2, CaseStatus.Parked, CancellationToken.None);
        var all = await Store.ListAsync(1, 10, CancellationToken.None);

        Assert.Equal(3, parked.Total);
        Assert.Equal(["case_4", "case_2"], parked.Items.Select(c => c.Id));
        Assert.All(parked.Items, c => Assert.Equal(CaseStatus.Parked, c.Status));
        Assert.Equal(["case_0"], rest.Items.Select(c => c.Id));
        Assert.Equal(0, (await Store.ListAsync(1, 10, CaseStatus.Failed, CancellationToken.None)).Total);
        Assert.Equal(5, all.Total);
    }

    [StoreFact]
    public async Task A_conditional_update_applies_only_to_the_case_as_it_was_read_with_its_events_in_the_same_write()
    {
        var t0 = TinyWorld.Reported;
        var read = Failed("case_1", t0.AddSeconds(5)) with { Timeline = [new CaseEvent(CaseEventKind.Opened, t0, "intake")] };
        await Store.InsertAsync(read, CancellationToken.None);
        // Appended by someone else after the read: the conditional update keeps it, as every update does.
        await Store.AppendEventsAsync("case_1", [new CaseEvent(CaseEventKind.Acknowledged, t0.AddSeconds(1), "agent@example.com")], CancellationToken.None);
        var requeued = read with { Status = CaseStatus.Queued, NextAttemptAt = null, UpdatedAt = t0.AddSeconds(5), Timeline = [] };
        var asked = new CaseEvent(CaseEventKind.RetryRequested, t0.AddSeconds(5), "lead@example.com", "again");

        var stored = await Store.UpdateIfUnchangedAsync(read, requeued, [asked], CancellationToken.None);

        Assert.Equal(CaseStatus.Queued, stored?.Status);
        Assert.Equal([CaseEventKind.Opened, CaseEventKind.Acknowledged, CaseEventKind.RetryRequested], stored!.Timeline.Select(e => e.Kind));
        Assert.Equal(asked, stored.Timeline[^1]);
        Assert.Equal(stored.Timeline, (await Store.GetAsync("case_1", CancellationToken.None))!.Timeline);
        Assert.Null(await Store.UpdateIfUnchangedAsync(read, requeued, [asked], CancellationToken.None));
        Assert.Equal(3, (await Store.GetAsync("case_1", CancellationToken.None))!.Timeline.Count);
        Assert.Null(await Store.UpdateIfUnchangedAsync(Failed("case_missing", null), Failed("case_missing", null), [], CancellationToken.None));
        Assert.Empty(await Store.ListDueForRetryAsync(t0.AddHours(1), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.UpdateIfUnchangedAsync(read, Failed("case_2", null), [], CancellationToken.None));
    }

    [StoreFact]
    public async Task Of_two_writers_holding_the_same_copy_exactly_one_moves_the_case()
    {
        var t0 = TinyWorld.Reported;
        var read = Failed("case_1", t0);
        await Store.InsertAsync(read, CancellationToken.None);
        var other = Database.OpenCaseStore();

        var written = await Task.WhenAll(
            Task.Run(() => Store.UpdateIfUnchangedAsync(read, read with { Status = CaseStatus.Queued, UpdatedAt = t0.AddSeconds(1) }, [], CancellationToken.None)),
            Task.Run(() => other.UpdateIfUnchangedAsync(read, read with { Status = CaseStatus.Parked, UpdatedAt = t0.AddSeconds(2) }, [], CancellationToken.None)));

        var winner = Assert.Single(written, w => w is not null)!;
        Assert.Equal(winner.Status, (await Store.GetAsync("case_1", CancellationToken.None))!.Status);
    }

    [StoreFact]
    public async Task A_ticket_with_control_characters_reads_back_as_written_where_a_NUL_may_become_a_replacement_character()
    {
        // PostgreSQL text cannot hold NUL, so that store writes U+FFFD instead; the text "\u0000" (a backslash, then
        // letters) is text like any other and stays.
        const string subject = "API 401\u0000\u0007 from C:\\u0000\\logs and \\\u0000";
        var t0 = TinyWorld.Reported;
        await Store.InsertAsync(new SupportCase("case_1", CaseStatus.Queued, t0, t0, TinyWorld.Ticket(subject, "binary paste: \u0000\u0001\u001f end")), CancellationToken.None);

        var read = (await Store.GetAsync("case_1", CancellationToken.None))!;
        var listed = Assert.Single((await Store.ListAsync(1, 10, CancellationToken.None)).Items);

        static string WithoutNul(string text) => text.Replace('\u0000', '\uFFFD');
        Assert.Equal(WithoutNul(subject), WithoutNul(read.Ticket.Subject));
        Assert.Equal(WithoutNul(subject), WithoutNul(listed.Subject));
        Assert.Equal(WithoutNul("binary paste: \u0000\u0001\u001f end"), WithoutNul(read.Ticket.Body));
        Assert.Contains("C:\\u0000\\logs", read.Ticket.Subject, StringComparison.Ordinal);
    }
}
