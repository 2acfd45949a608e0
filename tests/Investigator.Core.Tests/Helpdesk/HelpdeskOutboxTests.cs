using Investigator.Core.Cases;
using Investigator.Core.Decisioning;
using Investigator.Core.Drafting;
using Investigator.Core.Helpdesk;
using Investigator.Core.Intake;
using Investigator.Core.Investigation;
using Investigator.Core.Learning;
using Investigator.Core.Sources.Local;
using Investigator.Core.Tests.Support;
using Investigator.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace Investigator.Core.Tests.Helpdesk;

/// <summary>
/// The durable write-back: a completed helpdesk case has its post due in the same write, the outbox posts it once,
/// retries a failure on a backoff that honours Retry-After without posting the note twice, and gives up in the end;
/// a customer comment during an investigation is never overwritten by it. Run against every store.
/// </summary>
public abstract class HelpdeskOutboxTests : StoreContract
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly FakeTimeProvider _time = new(TinyWorld.Reported);
    private readonly HelpdeskOptions _options = new() { PostAttempts = 3, PostRetryBaseSeconds = 30, PostRetryMaxMinutes = 30 };

    /// <summary>A helpdesk that answers each post as scripted (posted once the script runs out) and keeps what it was given.</summary>
    private sealed class ScriptedWriteBack(params WriteBackResult[] script) : IHelpdeskWriteBack
    {
        private readonly Queue<WriteBackResult> _script = new(script);

        public List<SupportCase> Received { get; } = [];

        public Func<Task>? During { get; set; }

        public async Task<WriteBackResult> PostAsync(SupportCase supportCase, CancellationToken cancellationToken)
        {
            Received.Add(supportCase);
            if (During is not null)
            {
                await During();
            }

            return _script.TryDequeue(out var next) ? next : new WriteBackResult(WriteBackOutcome.Posted, "Posted a private note.") { NotePosted = true, TagsAdded = true };
        }
    }

    /// <summary>Intake that runs a test's action the moment an investigation starts, as a concurrent writer would.</summary>
    private sealed class InterruptedIntake(ITicketIntake inner, Func<Task> action) : ITicketIntake
    {
        public async Task<CaseFacts> NormalizeAsync(Ticket ticket, CancellationToken cancellationToken)
        {
            await action();
            return await inner.NormalizeAsync(ticket, cancellationToken);
        }
    }

    private static WriteBackResult Failed(bool notePosted, TimeSpan? retryAfter = null) =>
        new(WriteBackOutcome.Failed, "Writing the tags to Zendesk ticket 4242 failed: HTTP 503.") { NotePosted = notePosted, RetryAfter = retryAfter, StatusCode = 503 };

    private Caseworker Caseworker(Func<Task>? duringIntake = null)
    {
        var world = TinyWorld.Create();
        var playbooks = PlaybookCatalog.LoadDefault();
        ITicketIntake intake = new RuleBasedIntake(new LocalAccountSource(world), _time);
        if (duringIntake is not null)
        {
            intake = new InterruptedIntake(intake, duringIntake);
        }

        var pipeline = new CasePipeline(intake, new PlaybookInvestigator(Engine.Sources(world), playbooks, _time), new PolicyDecider(Engine.Policy(), playbooks), new TemplateDrafter(playbooks), _time);
        return new Caseworker(Store, pipeline, Substitute.For<ICaseLearner>(), _time, NullLogger<Caseworker>.Instance);
    }

    private HelpdeskOutbox Outbox(IHelpdeskWriteBack writeBack) => new(Store, writeBack, _options, _time, NullLogger<HelpdeskOutbox>.Instance);

    private static Ticket FromZendesk() =>
        TinyWorld.Ticket("API returns 401 since yesterday", "Every call from our CI pipeline gets 401 Unauthorized since yesterday evening.") with { Source = "zendesk", ExternalId = "4242" };

    private async Task<string> CompletedAsync(Ticket ticket)
    {
        var worker = Caseworker();
        var id = (await worker.AcceptAsync(ticket, None)).Id;
        Assert.Equal(CaseStatus.Completed, (await worker.ProcessAsync(id, CaseRetryPolicy.Default, None)).Status);
        return id;
    }

    private async Task<SupportCase> StoredAsync(string id) => (await Store.GetAsync(id, None))!;

    [StoreFact]
    public async Task A_completed_helpdesk_case_has_its_post_due_in_the_same_write_and_a_case_from_elsewhere_has_none()
    {
        var fromZendesk = await CompletedAsync(FromZendesk());
        var fromApi = await CompletedAsync(FromZendesk() with { Source = "api", ExternalId = null });

        Assert.Equal(new HelpdeskPost(HelpdeskPostStatus.Pending, _time.GetUtcNow()), (await StoredAsync(fromZendesk)).HelpdeskPost);
        Assert.Null((await StoredAsync(fromApi)).HelpdeskPost);
        Assert.Equal([fromZendesk], await Store.ListHelpdeskPostsDueAsync(_time.GetUtcNow(), None));
    }

    [StoreFact]
    public async Task A_due_post_is_posted_once_recorded_on_the_case_and_its_timeline_and_no_longer_due()
    {
        var id = await CompletedAsync(FromZendesk());
        var helpdesk = new ScriptedWriteBack();

        Assert.Equal(1, await Outbox(helpdesk).PostDueAsync(None));
        Assert.Equal(0, await Outbox(helpdesk).PostDueAsync(None));

        var posted = await StoredAsync(id);
        Assert.Equal(id, Assert.Single(helpdesk.Received).Id);
        Assert.Equal((HelpdeskPostStatus.Posted, 1, (DateTimeOffset?)null, (DateTimeOffset?)_time.GetUtcNow()),
            (posted.HelpdeskPost!.Status, posted.HelpdeskPost.Attempts, posted.HelpdeskPost.DueAt, posted.HelpdeskPost.FinishedAt));
        var recorded = Assert.Single(posted.Timeline, e => e.Kind == CaseEventKind.HelpdeskPosted);
        Assert.Equal((HelpdeskOutbox.By, "Posted a private note."), (recorded.By, recorded.Detail));
        Assert.Empty(await Store.ListHelpdeskPostsDueAsync(_time.GetUtcNow().AddDays(1), None));
    }

    [StoreFact]
    public async Task A_failed_post_is_due_again_after_the_longer_of_its_backoff_and_Retry_After_and_the_retry_does_not_post_the_note_twice()
    {
        var id = await CompletedAsync(FromZendesk());
        var helpdesk = new ScriptedWriteBack(Failed(notePosted: true, retryAfter: TimeSpan.FromMinutes(5)));
        var outbox = Outbox(helpdesk);

        Assert.Equal(0, await outbox.PostDueAsync(None));
        var failed = (await StoredAsync(id)).HelpdeskPost!;
        Assert.Equal((HelpdeskPostStatus.Pending, 1, true, false), (failed.Status, failed.Attempts, failed.NotePosted, failed.TagsAdded));
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMinutes(5), failed.DueAt);
        Assert.Contains("HTTP 503", failed.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain((await StoredAsync(id)).Timeline, e => e.Kind is CaseEventKind.HelpdeskPosted or CaseEventKind.HelpdeskNotPosted);

        _time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await outbox.PostDueAsync(None));
        Assert.Single(helpdesk.Received);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await outbox.PostDueAsync(None));
        // The second attempt was told the note is on the ticket already.
        Assert.Equal(true, helpdesk.Received[1].HelpdeskPost?.NotePosted);
        Assert.Equal((HelpdeskPostStatus.Posted, 2), ((await StoredAsync(id)).HelpdeskPost!.Status, (await StoredAsync(id)).HelpdeskPost!.Attempts));
    }

    [StoreFact]
    public async Task A_post_that_keeps_failing_is_given_up_after_its_attempts_with_the_reason_on_the_timeline()
    {
        var id = await CompletedAsync(FromZendesk());
        var helpdesk = new ScriptedWriteBack(Failed(false), Failed(false), Failed(false), Failed(false));
        var outbox = Outbox(helpdesk);

        for (var attempt = 1; attempt <= _options.PostAttempts; attempt++)
        {
            await outbox.PostDueAsync(None);
            _time.Advance(TimeSpan.FromMinutes(31));
        }

        await outbox.PostDueAsync(None);
        var gaveUp = await StoredAsync(id);
        Assert.Equal(_options.PostAttempts, helpdesk.Received.Count);
        Assert.Equal((HelpdeskPostStatus.GaveUp, _options.PostAttempts, (DateTimeOffset?)null), (gaveUp.HelpdeskPost!.Status, gaveUp.HelpdeskPost.Attempts, gaveUp.HelpdeskPost.DueAt));
        var said = Assert.Single(gaveUp.Timeline, e => e.Kind == CaseEventKind.HelpdeskNotPosted);
        Assert.StartsWith("Given up after 3 attempts: Writing the tags", said.Detail, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task The_backoff_between_failed_posts_doubles_within_its_jitter()
    {
        var id = await CompletedAsync(FromZendesk());
        var outbox = Outbox(new ScriptedWriteBack(Failed(false), Failed(false)));
        var waits = new List<TimeSpan>();

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            await outbox.PostDueAsync(None);
            var due = (await StoredAsync(id)).HelpdeskPost!.DueAt!.Value;
            waits.Add(due - _time.GetUtcNow());
            _time.Advance(due - _time.GetUtcNow());
        }

        Assert.InRange(waits[0].TotalSeconds, 30, 36);
        Assert.InRange(waits[1].TotalSeconds, 60, 72);
    }

    [StoreFact]
    public async Task Of_two_posters_at_once_only_one_posts()
    {
        var id = await CompletedAsync(FromZendesk());
        var helpdesk = new ScriptedWriteBack();
        var second = Outbox(helpdesk);
        WriteBackResult? secondResult = null;
        helpdesk.During = async () =>
        {
            helpdesk.During = null;
            secondResult = await second.PostAsync(id, None);
        };

        var first = await Outbox(helpdesk).PostAsync(id, None);

        Assert.True(first!.Succeeded);
        Assert.Null(secondResult);
        Assert.Single(helpdesk.Received);
    }

    [StoreFact]
    public async Task A_case_investigated_again_while_its_post_was_made_keeps_the_new_post_due()
    {
        var id = await CompletedAsync(FromZendesk());
        var helpdesk = new ScriptedWriteBack();
        // The customer comments and the case completes again while the first outcome is being posted.
        helpdesk.During = async () =>
        {
            helpdesk.During = null;
            var current = await StoredAsync(id);
            _time.Advance(TimeSpan.FromSeconds(1));
            await Store.UpdateIfUnchangedAsync(current, current with { UpdatedAt = _time.GetUtcNow() }, [], HelpdeskPost.DueNow(_time.GetUtcNow()), None);
        };

        await Outbox(helpdesk).PostAsync(id, None);

        var after = await StoredAsync(id);
        Assert.Equal(new HelpdeskPost(HelpdeskPostStatus.Pending, _time.GetUtcNow()), after.HelpdeskPost);
        Assert.Equal([id], await Store.ListHelpdeskPostsDueAsync(_time.GetUtcNow(), None));
        Assert.Equal(1, await Outbox(helpdesk).PostDueAsync(None));
        Assert.Equal(2, helpdesk.Received.Count);
    }

    [StoreFact]
    public async Task An_unconfigured_helpdesk_is_recorded_as_skipped_on_the_case_without_a_timeline_event_and_a_bad_ticket_id_with_one()
    {
        var unconfigured = await CompletedAsync(FromZendesk());
        await Outbox(new ScriptedWriteBack(WriteBackResult.Skipped(WriteBackSkipReason.NotConfigured, "Zendesk is not configured."))).PostAsync(unconfigured, None);
        var badId = await CompletedAsync(FromZendesk() with { ExternalId = "../../etc" });
        await Outbox(new ScriptedWriteBack(WriteBackResult.Skipped(WriteBackSkipReason.InvalidExternalId, "The Zendesk ticket id is not a ticket number."))).PostAsync(badId, None);

        var skipped = await StoredAsync(unconfigured);
        Assert.Equal((HelpdeskPostStatus.Skipped, "Zendesk is not configured."), (skipped.HelpdeskPost!.Status, skipped.HelpdeskPost.LastError));
        Assert.DoesNotContain(skipped.Timeline, e => e.Kind == CaseEventKind.HelpdeskNotPosted);
        Assert.Equal("Not posted: The Zendesk ticket id is not a ticket number.", Assert.Single((await StoredAsync(badId)).Timeline, e => e.Kind == CaseEventKind.HelpdeskNotPosted).Detail);
        Assert.Empty(await Store.ListHelpdeskPostsDueAsync(_time.GetUtcNow(), None));
    }

    [StoreFact]
    public async Task A_stop_during_a_post_leaves_it_due_at_once_for_the_next_start()
    {
        var id = await CompletedAsync(FromZendesk());
        using var stopping = new CancellationTokenSource();
        var helpdesk = new ScriptedWriteBack { During = () => stopping.CancelAsync() };
        var stoppable = new CancellingWriteBack(helpdesk);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Outbox(stoppable).PostAsync(id, stopping.Token));

        Assert.Equal([id], await Store.ListHelpdeskPostsDueAsync(_time.GetUtcNow(), None));
    }

    /// <summary>Throws the caller's cancellation after the inner write-back, as an HTTP call cut short by a stop does.</summary>
    private sealed class CancellingWriteBack(IHelpdeskWriteBack inner) : IHelpdeskWriteBack
    {
        public async Task<WriteBackResult> PostAsync(SupportCase supportCase, CancellationToken cancellationToken)
        {
            var result = await inner.PostAsync(supportCase, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            return result;
        }
    }

    [StoreFact]
    public async Task An_update_that_does_not_set_the_post_keeps_theStored_one()
    {
        var id = await CompletedAsync(FromZendesk());
        var stale = await StoredAsync(id);
        await Outbox(new ScriptedWriteBack()).PostAsync(id, None);

        // A writer holding the case from before the post (a lead's edit) stores it: the post stays as recorded.
        await Store.UpdateAsync(stale with { Error = "edited" }, None);

        Assert.Equal(HelpdeskPostStatus.Posted, (await StoredAsync(id)).HelpdeskPost!.Status);
        Assert.Empty(await Store.ListHelpdeskPostsDueAsync(_time.GetUtcNow(), None));
    }

    [StoreFact]
    public async Task A_commentStored_while_the_case_is_investigated_is_never_overwritten_by_that_investigation()
    {
        string? id = null;
        var commented = false;
        var worker = Caseworker(duringIntake: async () =>
        {
            if (commented)
            {
                return;
            }

            // What the webhook inbox does when a comment arrives: one conditional write over the case as read.
            commented = true;
            var current = await StoredAsync(id!);
            _time.Advance(TimeSpan.FromSeconds(1));
            var comment = new TicketComment("Priya Raman", "It still fails after I rotated the key.", _time.GetUtcNow());
            Assert.NotNull(await Store.UpdateIfUnchangedAsync(current,
                current with { Status = CaseStatus.Queued, UpdatedAt = _time.GetUtcNow(), Ticket = current.Ticket with { Comments = [comment] } },
                [new CaseEvent(CaseEventKind.CustomerCommented, _time.GetUtcNow(), "zendesk")], None));
        });
        id = (await worker.AcceptAsync(FromZendesk(), None)).Id;

        var dropped = await worker.ProcessAsync(id, CaseRetryPolicy.Default, None);

        Assert.Equal(CaseStatus.Queued, dropped.Status);
        Assert.Null(dropped.Decision);
        Assert.Null(dropped.HelpdeskPost);
        Assert.Single(dropped.Ticket.Comments);

        var again = await worker.ProcessAsync(id, CaseRetryPolicy.Default, None);
        Assert.Equal(CaseStatus.Completed, again.Status);
        Assert.Equal("It still fails after I rotated the key.", Assert.Single(again.Ticket.Comments).Body);
        Assert.Equal([CaseEventKind.Opened, CaseEventKind.CustomerCommented], again.Timeline.Select(e => e.Kind).Take(2));
        Assert.Equal(HelpdeskPostStatus.Pending, again.HelpdeskPost!.Status);
    }
}

public sealed class SqliteHelpdeskOutboxTests : HelpdeskOutboxTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => SqliteTestDatabase.CreateAsync();
}

[RequiresPostgres]
public sealed class PostgresHelpdeskOutboxTests(PostgresDatabaseFixture postgres) : HelpdeskOutboxTests, IClassFixture<PostgresDatabaseFixture>
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => postgres.EmptyDatabaseAsync();
}
