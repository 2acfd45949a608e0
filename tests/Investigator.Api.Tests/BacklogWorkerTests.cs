using Investigator.Api.Extensions;
using Investigator.Api.Processing;
using Investigator.Core.Cases;
using Investigator.Core.Decisioning;
using Investigator.Core.Diagnostics;
using Investigator.Core.Drafting;
using Investigator.Core.Intake;
using Investigator.Core.Investigation;
using Investigator.Core.Learning;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Investigator.Api.Tests;

/// <summary>The demo world's built-in engine, opened once for the worker tests.</summary>
public sealed class DemoEngine : IDisposable
{
    public DemoEngine()
    {
        var world = Path.Combine(ServiceHost.RepoRoot, "samples", "world");
        var memory = Path.Combine(Path.GetTempPath(), "investigator-api-tests", Guid.NewGuid().ToString("N"), "memory.db");
        Engine = BuiltInEngine.OpenAsync(new BuiltInEngineSettings(world, Path.Combine(ServiceHost.RepoRoot, "policy", "support-policy.json"), memory),
            TimeProvider.System, CancellationToken.None).GetAwaiter().GetResult();
    }

    public BuiltInEngine Engine { get; }

    public void Dispose() => Engine.Dispose();
}

/// <summary>The worker on a fake clock: retries picked up when due, and what a shutdown does to the cases being worked.</summary>
public sealed class BacklogWorkerTests : IClassFixture<DemoEngine>
{
    private static readonly CancellationToken None = CancellationToken.None;

    // A guard against a hung test, never an assertion about how long something took.
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(60);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private static readonly string TestsFolder = Path.Combine(Path.GetTempPath(), "investigator-api-tests");

    private readonly string _storePath = Path.Combine(TestsFolder, Guid.NewGuid().ToString("N"), "cases.db");
    private readonly SqliteCaseStore _store;

    public BacklogWorkerTests(DemoEngine demo)
    {
        _demo = demo;
        _store = new SqliteCaseStore(_storePath);
    }

    private readonly DemoEngine _demo;
    private readonly CaseBacklog _queue = new();

    /// <summary>The built-in intake behind a gate: it tells when an attempt has started, then waits to be let through (or interrupted).</summary>
    private sealed class GatedIntake(ITicketIntake inner) : ITicketIntake
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<CaseFacts> NormalizeAsync(Ticket ticket, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Open.Task.WaitAsync(cancellationToken);
            return await inner.NormalizeAsync(ticket, cancellationToken);
        }
    }

    private (BacklogWorker Worker, Caseworker Caseworker, GatedIntake Intake) Worker(int graceSeconds = 10)
    {
        var engine = _demo.Engine;
        var intake = new GatedIntake(new RuleBasedIntake(engine.Sources.Accounts, _time));
        var pipeline = new CasePipeline(intake, new PlaybookInvestigator(engine.Sources, engine.Playbooks, _time), new PolicyDecider(engine.Policy, engine.Playbooks),
            new TemplateDrafter(engine.Playbooks), _time);
        var caseworker = new Caseworker(_store, pipeline, new NoLearning(), _time, NullLogger<Caseworker>.Instance);
        var options = Options.Create(new ProcessingOptions { Concurrency = 1, ShutdownGraceSeconds = graceSeconds, RetryBaseSeconds = 5, RetryCheckSeconds = 1 });
        var host = Options.Create(new HostOptions { ShutdownTimeout = TimeSpan.FromSeconds(30) });
        var helpdesks = new Investigator.Core.Helpdesk.HelpdeskOptions();
        var outbox = new Investigator.Core.Helpdesk.HelpdeskOutbox(_store, new NoWriteBack(), helpdesks, _time, NullLogger<Investigator.Core.Helpdesk.HelpdeskOutbox>.Instance);
        return (new BacklogWorker(_queue, _store, caseworker, outbox, CaseLeasing.Embedded, _time, options, Options.Create(helpdesks), host, NullLogger<BacklogWorker>.Instance), caseworker, intake);
    }

    private sealed class NoWriteBack : Investigator.Core.Helpdesk.IHelpdeskWriteBack
    {
        public Task<Investigator.Core.Helpdesk.WriteBackResult> PostAsync(SupportCase supportCase, CancellationToken cancellationToken) =>
            Task.FromResult(Investigator.Core.Helpdesk.WriteBackResult.Skipped(Investigator.Core.Helpdesk.WriteBackSkipReason.UnsupportedSource, "not a helpdesk ticket"));
    }

    private sealed class NoLearning : ICaseLearner
    {
        public Task<LearningOutcome> LearnAsync(ResolvedCase resolved, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private static Ticket SampleTicket() =>
        System.Text.Json.JsonSerializer.Deserialize<Ticket>(ServiceHost.SampleTicket("s07-workflows-stopped-running.json"), ContractJson.Options)!;

    /// <summary>The case's lease as the embedded store's column holds it (the contract has no read of it).</summary>
    private async Task<DateTimeOffset?> LeaseUntilAsync(string id)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_storePath};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT lease_until FROM cases WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteScalarAsync() is string until ? DateTimeOffset.Parse(until, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private async Task<SupportCase> UntilAsync(string id, Func<SupportCase, bool> done)
    {
        for (var i = 0; i < 400; i++)
        {
            var c = (await _store.GetAsync(id, None))!;
            if (done(c))
            {
                return c;
            }

            await Task.Delay(25);
        }

        Assert.Fail($"case {id} never reached the expected state");
        return null!;
    }

    [Fact]
    public async Task A_case_still_being_worked_when_the_grace_is_over_goes_back_to_the_queue_without_its_attempt()
    {
        var (worker, caseworker, intake) = Worker(graceSeconds: 10);
        var accepted = await caseworker.AcceptAsync(SampleTicket(), None);
        _queue.Enqueue(accepted.Id);
        await worker.StartAsync(None);
        await intake.Entered.Task.WaitAsync(Hang);
        Assert.Equal((CaseStatus.Investigating, 1), ((await _store.GetAsync(accepted.Id, None))!.Status, (await _store.GetAsync(accepted.Id, None))!.Attempts));

        var stopping = worker.StopAsync(None);
        // The grace runs on the worker's clock: until it moves, the case may still finish.
        Assert.False(stopping.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(10));
        await stopping.WaitAsync(Hang);

        var returned = (await _store.GetAsync(accepted.Id, None))!;
        Assert.Equal((CaseStatus.Queued, 0, (string?)null), (returned.Status, returned.Attempts, returned.Error));
        Assert.Equal([accepted.Id], await _store.ListUnfinishedAsync(None));
        worker.Dispose();
    }

    [Fact]
    public async Task A_case_that_finishes_within_the_grace_is_completed_and_no_new_case_is_taken_after_the_stop()
    {
        var (worker, caseworker, intake) = Worker(graceSeconds: 10);
        var first = await caseworker.AcceptAsync(SampleTicket(), None);
        _queue.Enqueue(first.Id);
        await worker.StartAsync(None);
        await intake.Entered.Task.WaitAsync(Hang);

        var stopping = worker.StopAsync(None);
        var second = await caseworker.AcceptAsync(SampleTicket(), None);
        _queue.Enqueue(second.Id);
        intake.Open.SetResult();
        await stopping.WaitAsync(Hang);

        var completed = (await _store.GetAsync(first.Id, None))!;
        Assert.Equal((CaseStatus.Completed, 1), (completed.Status, completed.Attempts));
        Assert.NotNull(completed.Draft);
        var untouched = (await _store.GetAsync(second.Id, None))!;
        Assert.Equal((CaseStatus.Queued, 0), (untouched.Status, untouched.Attempts));
        worker.Dispose();
    }

    [Fact]
    public async Task A_failed_case_is_picked_up_when_its_retry_is_due_and_not_before()
    {
        var (worker, _, intake) = Worker();
        intake.Open.SetResult();
        var now = _time.GetUtcNow();
        await _store.InsertAsync(new SupportCase("case_retry", CaseStatus.Failed, now, now, SampleTicket(), Error: "The intake layer failed: boom", Attempts: 1)
        { NextAttemptAt = now.AddSeconds(5) }, None);
        await worker.StartAsync(None);

        // The check at start found nothing due, and the clock has not moved: the case is untouched, and nothing is running.
        Assert.False(intake.Entered.Task.IsCompleted);
        Assert.Equal(CaseStatus.Failed, (await _store.GetAsync("case_retry", None))!.Status);
        _time.Advance(TimeSpan.FromSeconds(5));

        var completed = await UntilAsync("case_retry", c => c.Status == CaseStatus.Completed);
        Assert.Equal(2, completed.Attempts);
        Assert.Null(completed.NextAttemptAt);
        await worker.StopAsync(None).WaitAsync(Hang);
        worker.Dispose();
    }

    [Fact]
    public async Task A_case_held_by_another_live_instance_is_left_alone_and_taken_over_once_its_lease_runs_out()
    {
        var (worker, _, intake) = Worker();
        intake.Open.SetResult();
        var now = _time.GetUtcNow();
        await _store.InsertAsync(new SupportCase("case_orphan", CaseStatus.Queued, now, now, SampleTicket()), new CaseLease("crashed-instance", now.AddSeconds(30)), None);
        await worker.StartAsync(None);

        // At start and at every check until the lease runs out, the case is the other instance's.
        _time.Advance(TimeSpan.FromSeconds(25));
        Assert.False(intake.Entered.Task.IsCompleted);
        Assert.Equal(CaseStatus.Queued, (await _store.GetAsync("case_orphan", None))!.Status);

        _time.Advance(TimeSpan.FromSeconds(6));
        var completed = await UntilAsync("case_orphan", c => c.Status == CaseStatus.Completed);
        Assert.Equal(1, completed.Attempts);
        await worker.StopAsync(None).WaitAsync(Hang);
        worker.Dispose();
    }

    [Fact]
    public async Task The_heartbeat_keeps_a_case_being_worked_from_being_taken_over_by_another_instance()
    {
        var (worker, caseworker, intake) = Worker();
        var accepted = await caseworker.AcceptAsync(SampleTicket(), None);
        _queue.Enqueue(accepted.Id);
        await worker.StartAsync(None);
        await intake.Entered.Task.WaitAsync(Hang);

        // The lease taken at the claim would run out at 30 s; the heartbeat at 25 s holds it to 55 s.
        _time.Advance(TimeSpan.FromSeconds(25));
        var heldUntil = _time.GetUtcNow().AddSeconds(30);
        for (var i = 0; i < 400 && await LeaseUntilAsync(accepted.Id) != heldUntil; i++)
        {
            await Task.Delay(25);
        }

        Assert.Equal(heldUntil, await LeaseUntilAsync(accepted.Id));
        // Another instance looking at 40 s finds nothing to take.
        Assert.Empty(await _store.ClaimUnfinishedAsync(new CaseLease("other-instance", _time.GetUtcNow().AddSeconds(45)), _time.GetUtcNow().AddSeconds(15), 10, includeOwn: false, None));

        intake.Open.SetResult();
        var completed = await UntilAsync(accepted.Id, c => c.Status == CaseStatus.Completed);
        Assert.Equal(1, completed.Attempts);
        await worker.StopAsync(None).WaitAsync(Hang);
        worker.Dispose();
    }

    [Theory]
    [InlineData(20, 30, 20)]      // within the host's timeout, with room to spare
    [InlineData(30, 30, 25)]      // 5 s kept to return interrupted cases
    [InlineData(20, 10, 7.5)]     // a short host timeout keeps a quarter of itself
    [InlineData(20, -1, 20)]      // no host timeout
    [InlineData(20, 0, 0)]
    public void The_grace_stays_within_the_host_s_shutdown_timeout(int configured, double hostSeconds, double expected)
    {
        var host = hostSeconds < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(hostSeconds);

        Assert.Equal(TimeSpan.FromSeconds(expected), BacklogWorker.Grace(TimeSpan.FromSeconds(configured), host));
    }

    [Fact]
    public async Task A_case_is_queued_once_and_queued_again_when_enqueued_while_being_worked()
    {
        var queue = new CaseBacklog();
        queue.Enqueue("case_a");
        queue.Enqueue("case_a");

        Assert.Equal("case_a", await queue.TakeAsync(None));
        Assert.Equal(1, queue.Running);
        // Nothing else is waiting: the second enqueue was the same wait.
        using (var empty = new CancellationTokenSource())
        {
            var next = queue.TakeAsync(empty.Token);
            Assert.False(next.IsCompleted);
            await empty.CancelAsync();
            Assert.Null(await next);
        }

        queue.Enqueue("case_a");   // while it is being worked
        queue.Release("case_a");
        Assert.Equal("case_a", await queue.TakeAsync(None));
        queue.Release("case_a");
        Assert.Equal(0, queue.Running);
    }
}
