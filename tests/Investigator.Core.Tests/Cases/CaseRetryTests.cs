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

/// <summary>The processing state machine: failed attempts retried on a backoff, parked when they are used up, interrupted attempts given back. Run against every store.</summary>
public abstract class CaseRetryTests : StoreContract
{
    private static readonly CancellationToken None = CancellationToken.None;

    // No jitter, so each scheduled time is exact: 5 s, 10 s, 20 s, 40 s.
    private static readonly CaseRetryPolicy FourAttempts = new(4, TimeSpan.FromSeconds(5), TimeSpan.FromHours(1), jitter: 0);

    private readonly FakeTimeProvider _time = new(TinyWorld.Reported);

    /// <summary>Intake that fails the first attempts the way a test says (a layer error by default), then does its job.</summary>
    private sealed class FlakyIntake(ITicketIntake inner, int failures, Func<CancellationToken, Exception>? failure = null) : ITicketIntake
    {
        public int Calls { get; private set; }

        public Task<CaseFacts> NormalizeAsync(Ticket ticket, CancellationToken cancellationToken)
        {
            Calls++;
            return Calls <= failures
                ? Task.FromException<CaseFacts>(failure?.Invoke(cancellationToken) ?? new InvalidOperationException("accounts source refused the connection"))
                : inner.NormalizeAsync(ticket, cancellationToken);
        }
    }

    private (Caseworker Worker, FlakyIntake Intake) Caseworker(int failures, Func<CancellationToken, Exception>? failure = null)
    {
        var world = TinyWorld.Create();
        var playbooks = PlaybookCatalog.LoadDefault();
        var intake = new FlakyIntake(new RuleBasedIntake(new LocalAccountSource(world), _time), failures, failure);
        var pipeline = new CasePipeline(intake, new PlaybookInvestigator(Engine.Sources(world), playbooks, _time), new PolicyDecider(Engine.Policy(), playbooks), new TemplateDrafter(playbooks), _time);
        return (new Caseworker(Store, pipeline, Substitute.For<ICaseLearner>(), _time, NullLogger<Caseworker>.Instance), intake);
    }

    private static Ticket RevokedKey() => TinyWorld.Ticket("API returns 401 since yesterday", "Every call from our CI pipeline gets 401 Unauthorized since yesterday evening.");

    private async Task<SupportCase> StoredAsync(string id) => (await Store.GetAsync(id, None))!;

    // What processing decides about a case (the record's lists compare by reference, so not the whole case).
    private static (CaseStatus, int, string?, DateTimeOffset?, DateTimeOffset, int) Processing(SupportCase c) =>
        (c.Status, c.Attempts, c.Error, c.NextAttemptAt, c.UpdatedAt, c.Timeline.Count);

    [StoreFact]
    public async Task A_failing_case_is_retried_on_a_doubling_backoff_and_parked_after_its_last_attempt_with_its_error()
    {
        var (worker, _) = Caseworker(failures: int.MaxValue);
        var id = (await worker.AcceptAsync(RevokedKey(), None)).Id;
        var waits = new List<TimeSpan>();

        for (var attempt = 1; attempt < FourAttempts.MaxAttempts; attempt++)
        {
            var failed = await worker.ProcessAsync(id, FourAttempts, None);

            Assert.Equal((CaseStatus.Failed, attempt), (failed.Status, failed.Attempts));
            Assert.Contains("The intake layer failed: accounts source refused the connection", failed.Error, StringComparison.Ordinal);
            var due = failed.NextAttemptAt!.Value;
            waits.Add(due - _time.GetUtcNow());
            Assert.Equal(Processing(failed), Processing(await StoredAsync(id)));

            // Not before its time: neither listed as due nor requeued, and a worker given it leaves it alone.
            _time.Advance(due - _time.GetUtcNow() - TimeSpan.FromSeconds(1));
            Assert.Empty(await Store.ListDueForRetryAsync(_time.GetUtcNow(), None));
            Assert.False(await worker.RequeueDueAsync(id, None));
            Assert.Equal(CaseStatus.Failed, (await worker.ProcessAsync(id, FourAttempts, None)).Status);
            Assert.Equal(attempt, (await StoredAsync(id)).Attempts);

            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal([id], await Store.ListDueForRetryAsync(_time.GetUtcNow(), None));
            Assert.True(await worker.RequeueDueAsync(id, None));
            Assert.False(await worker.RequeueDueAsync(id, None));
            var requeued = await StoredAsync(id);
            Assert.Equal((CaseStatus.Queued, (DateTimeOffset?)null), (requeued.Status, requeued.NextAttemptAt));
        }

        var parked = await worker.ProcessAsync(id, FourAttempts, None);

        Assert.Equal([TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20)], waits);
        Assert.Equal((CaseStatus.Parked, 4, (DateTimeOffset?)null), (parked.Status, parked.Attempts, parked.NextAttemptAt));
        Assert.Contains("accounts source refused the connection", parked.Error, StringComparison.Ordinal);
        var parkedEvent = parked.Timeline[^1];
        Assert.Equal((CaseEventKind.Parked, Core.Cases.Caseworker.By, _time.GetUtcNow()), (parkedEvent.Kind, parkedEvent.By, parkedEvent.At));
        Assert.Contains("4 failed attempts", parkedEvent.Detail, StringComparison.Ordinal);
        Assert.Equal(Processing(parked), Processing(await StoredAsync(id)));
        Assert.Equal(parkedEvent, (await StoredAsync(id)).Timeline[^1]);
        Assert.Empty(await Store.ListDueForRetryAsync(_time.GetUtcNow().AddDays(1), None));
        Assert.Empty(await Store.ListUnfinishedAsync(None));
    }

    [StoreFact]
    public async Task A_case_that_fails_then_succeeds_completes_with_its_attempts_counted_and_no_error_left()
    {
        var (worker, intake) = Caseworker(failures: 2);
        var id = (await worker.AcceptAsync(RevokedKey(), None)).Id;

        for (var i = 0; i < 2; i++)
        {
            var failed = await worker.ProcessAsync(id, FourAttempts, None);
            _time.Advance(failed.NextAttemptAt!.Value - _time.GetUtcNow());
            Assert.True(await worker.RequeueDueAsync(id, None));
        }

        var completed = await worker.ProcessAsync(id, FourAttempts, None);

        Assert.Equal((CaseStatus.Completed, 3, 3), (completed.Status, completed.Attempts, intake.Calls));
        Assert.Null(completed.Error);
        Assert.Null(completed.NextAttemptAt);
        Assert.NotNull(completed.Draft);
        Assert.DoesNotContain(completed.Timeline, e => e.Kind == CaseEventKind.Parked);
    }

    [StoreFact]
    public async Task An_unexpected_exception_is_a_failed_attemptStored_with_its_error_not_a_case_left_investigating()
    {
        // A source's own timeout surfaces as a cancellation the pipeline does not wrap, though nobody cancelled the case.
        var (worker, _) = Caseworker(failures: 1, _ => new TaskCanceledException("The request to the account source timed out."));
        var id = (await worker.AcceptAsync(RevokedKey(), None)).Id;

        var failed = await worker.ProcessAsync(id, FourAttempts, None);

        Assert.Equal(Processing(failed), Processing(await StoredAsync(id)));
        Assert.Equal((CaseStatus.Failed, 1), (failed.Status, failed.Attempts));
        Assert.Equal("Processing failed unexpectedly: The request to the account source timed out.", failed.Error);
        Assert.Equal(_time.GetUtcNow().AddSeconds(5), failed.NextAttemptAt);
    }

    [StoreFact]
    public async Task An_attempt_interrupted_by_a_shutdown_goes_back_to_the_queue_and_does_not_count_toward_parking()
    {
        var stopping = new CancellationTokenSource();
        // The first attempt fails; the next two are interrupted as the service stops, however the layer reports it.
        var calls = 0;
        var (worker, _) = Caseworker(failures: 3, token =>
        {
            if (++calls == 1) return new InvalidOperationException("boom");
            stopping.Cancel();
            return calls == 2 ? new OperationCanceledException(token) : new InvalidOperationException("the model call was aborted", new TaskCanceledException());
        });
        var twoAttempts = FourAttempts with { MaxAttempts = 2 };
        var id = (await worker.AcceptAsync(RevokedKey(), None)).Id;
        var failed = await worker.ProcessAsync(id, twoAttempts, None);
        _time.Advance(failed.NextAttemptAt!.Value - _time.GetUtcNow());
        Assert.True(await worker.RequeueDueAsync(id, None));

        for (var interruption = 1; interruption <= 2; interruption++)
        {
            stopping.Dispose();
            stopping = new CancellationTokenSource();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => worker.ProcessAsync(id, twoAttempts, stopping.Token));

            // Back in the queue as before the attempt: one attempt counted (the failed one), its error kept, nothing scheduled.
            var requeued = await StoredAsync(id);
            Assert.Equal((CaseStatus.Queued, 1, "The intake layer failed: boom"), (requeued.Status, requeued.Attempts, requeued.Error));
            Assert.Null(requeued.NextAttemptAt);
            Assert.Equal([id], await Store.ListUnfinishedAsync(None));
        }

        Assert.Equal(3, calls);
        stopping.Dispose();

        // The next start works it: its second attempt, not its fourth.
        var completed = await worker.ProcessAsync(id, twoAttempts, None);
        Assert.Equal((CaseStatus.Completed, 2), (completed.Status, completed.Attempts));
    }

    [StoreFact]
    public async Task An_attempt_cut_short_by_a_crash_counts_so_a_case_that_crashes_the_service_is_parked()
    {
        var (worker, _) = Caseworker(failures: int.MaxValue);
        var t0 = _time.GetUtcNow();
        // What a crash in the last allowed attempt leaves: investigating, the attempt already counted.
        await Store.InsertAsync(new SupportCase("case_crashed", CaseStatus.Investigating, t0, t0, RevokedKey(), Attempts: 3), None);

        var parked = await worker.ProcessAsync("case_crashed", FourAttempts, None);

        Assert.Equal((CaseStatus.Parked, 4), (parked.Status, parked.Attempts));
    }

    [StoreFact]
    public async Task A_person_retries_a_parked_or_failed_case_with_a_fresh_set_of_attempts_and_the_timeline_records_who_asked()
    {
        var (worker, _) = Caseworker(failures: int.MaxValue);
        var id = (await worker.AcceptAsync(RevokedKey(), None)).Id;
        var once = FourAttempts with { MaxAttempts = 1 };
        Assert.Equal(CaseStatus.Parked, (await worker.ProcessAsync(id, once, None)).Status);

        _time.Advance(TimeSpan.FromMinutes(3));
        var retried = await worker.RetryAsync(id, "  lead@example.com ", None);

        Assert.Equal((CaseStatus.Queued, 0, (DateTimeOffset?)null), (retried.Status, retried.Attempts, retried.NextAttemptAt));
        Assert.Equal(Processing(retried), Processing(await StoredAsync(id)));
        var asked = retried.Timeline[^1];
        Assert.Equal((CaseEventKind.RetryRequested, "lead@example.com", _time.GetUtcNow()), (asked.Kind, asked.By, asked.At));
        Assert.Equal("Re-queued from parked after 1 attempts; last error: The intake layer failed: accounts source refused the connection", asked.Detail);
        Assert.Equal([id], await Store.ListUnfinishedAsync(None));

        // A failed case waiting for its automatic retry can be retried at once, too.
        var failed = await worker.ProcessAsync(id, FourAttempts, None);
        Assert.Equal((CaseStatus.Failed, 1), (failed.Status, failed.Attempts));
        Assert.Equal(CaseStatus.Queued, (await worker.RetryAsync(id, "lead@example.com", None)).Status);
        Assert.Empty(await Store.ListDueForRetryAsync(_time.GetUtcNow().AddDays(1), None));

        // Only failed and parked cases: a queued one is already going to be worked.
        var conflict = await Assert.ThrowsAsync<InvalidOperationException>(() => worker.RetryAsync(id, "lead@example.com", None));
        Assert.Contains("is queued", conflict.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => worker.RetryAsync("case_missing", "lead@example.com", None));
        await Assert.ThrowsAsync<ArgumentException>(() => worker.RetryAsync(id, " ", None));
    }

    [StoreFact]
    public async Task A_stale_copy_cannot_move_a_case_someone_else_moved_first()
    {
        var (worker, _) = Caseworker(failures: int.MaxValue);
        var id = (await worker.AcceptAsync(RevokedKey(), None)).Id;
        var failed = await worker.ProcessAsync(id, FourAttempts, None);
        _time.Advance(TimeSpan.FromMinutes(1));

        // A person retries it while the retry check holds the failed copy.
        await worker.RetryAsync(id, "lead@example.com", None);
        Assert.Null(await Store.UpdateIfUnchangedAsync(failed, failed with { Status = CaseStatus.Queued, NextAttemptAt = null }, [], None));
        Assert.False(await worker.RequeueDueAsync(id, None));

        // It fails again: failed once more, but not the failure the stale copy saw.
        var again = await worker.ProcessAsync(id, FourAttempts, None);
        Assert.Equal(failed.Status, again.Status);
        Assert.Null(await Store.UpdateIfUnchangedAsync(failed, failed with { Status = CaseStatus.Queued, NextAttemptAt = null }, [], None));

        var stored = await StoredAsync(id);
        Assert.Equal((CaseStatus.Failed, 1, again.NextAttemptAt), (stored.Status, stored.Attempts, stored.NextAttemptAt));
        Assert.NotNull(await Store.UpdateIfUnchangedAsync(stored, stored with { Error = "checked" }, [], None));
    }
}

public sealed class SqliteCaseRetryTests : CaseRetryTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => SqliteTestDatabase.CreateAsync();
}

[RequiresPostgres]
public sealed class PostgresCaseRetryTests(PostgresDatabaseFixture postgres) : CaseRetryTests, IClassFixture<PostgresDatabaseFixture>
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => postgres.EmptyDatabaseAsync();
}

/// <summary>The retry backoff, which needs no store.</summary>
public sealed class CaseRetryPolicyTests
{
    [Theory]
    [InlineData(1, 0.0, 5)]
    [InlineData(2, 0.0, 10)]
    [InlineData(3, 0.0, 20)]
    [InlineData(3, 0.5, 22)]
    [InlineData(3, 1.0, 24)]
    [InlineData(7, 0.0, 300)]    // 320 s capped
    [InlineData(60, 0.9, 300)]   // no overflow, however many attempts
    public void The_backoff_doubles_from_the_base_adds_up_to_the_jitter_share_and_stops_at_the_longest_delay(int failedAttempts, double unit, int seconds)
    {
        var policy = new CaseRetryPolicy(100, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), jitter: 0.2);

        Assert.Equal(TimeSpan.FromSeconds(seconds), policy.DelayAfter(failedAttempts, unit));
    }

    [Fact]
    public void A_retry_policy_that_cannot_work_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CaseRetryPolicy(0, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CaseRetryPolicy(3, TimeSpan.Zero, TimeSpan.FromMinutes(5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CaseRetryPolicy(3, TimeSpan.FromSeconds(5), TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => CaseRetryPolicy.Default with { MaxAttempts = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new CaseRetryPolicy(3, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), jitter: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => CaseRetryPolicy.Default.DelayAfter(0, 0));
    }
}
