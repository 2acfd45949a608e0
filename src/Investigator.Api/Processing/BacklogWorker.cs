using Investigator.Api.Extensions;
using Investigator.Core.Cases;
using Investigator.Core.Diagnostics;
using Investigator.Core.Helpdesk;
using Microsoft.Extensions.Options;

namespace Investigator.Api.Processing;

/// <summary>
/// Works accepted cases with bounded concurrency. At start it takes (with this instance's lease) and enqueues every
/// case the store holds as queued or interrupted and no other live instance holds, so a crash or restart loses
/// nothing that was accepted. Every <c>Processing:HeartbeatSeconds</c> it renews the leases of the cases it holds;
/// every <c>Processing:ClaimCheckSeconds</c>, when it has room, it takes the unfinished cases whose lease ran out
/// (another instance crashed) or that nobody holds (a retry made due by another instance). Every
/// <c>Processing:RetryCheckSeconds</c> (on the injected clock) it moves the failed cases whose retry is due
/// back to the queue. At shutdown it takes no new case and gives the cases being worked
/// <c>Processing:ShutdownGraceSeconds</c> to finish; those still running then are interrupted and go back
/// to the queue in the store, their attempt not counted. A completed case from Zendesk or Freshdesk is
/// posted back to its ticket at once; every <c>Helpdesks:PostCheckSeconds</c> the posts that failed and are due
/// again, or that a stop or crash left, are posted from the store's outbox (<see cref="HelpdeskOutbox"/>).
/// </summary>
internal sealed class BacklogWorker(
    CaseBacklog queue,
    ICaseStore store,
    Caseworker caseworker,
    HelpdeskOutbox outbox,
    CaseLeasing leasing,
    TimeProvider time,
    IOptions<ProcessingOptions> options,
    IOptions<HelpdeskOptions> helpdesks,
    IOptions<HostOptions> host,
    ILogger<BacklogWorker> logger) : BackgroundService
{
    // Cancelled when the shutdown grace is over: the cases still being worked are returned to the queue. Never
    // disposed: it has no timer to release, and a host disposed while StopAsync still runs (seen in the tests'
    // hosts) would otherwise make the interruption throw ObjectDisposedException.
    private readonly CancellationTokenSource _interrupt = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var resumed = await ResumeUnfinishedAsync(stoppingToken);
        if (resumed > 0)
        {
            logger.LogInformation("Resuming {Count} unfinished cases", resumed);
        }

        var retries = options.Value.ToRetryPolicy();
        var loops = Enumerable.Range(0, options.Value.Concurrency).Select(_ => WorkAsync(retries, stoppingToken))
            .Append(ScheduleRetriesAsync(stoppingToken))
            .Append(PostDueWriteBacksAsync(stoppingToken))
            .Append(RenewLeasesAsync(stoppingToken))
            .Append(TakeOverOrphansAsync(stoppingToken));
        await Task.WhenAll(loops);
    }

    /// <summary>
    /// At start: every unfinished case this instance may take (none held, held by this instance's name before a
    /// restart, or held by a crashed instance), a batch at a time, all enqueued. Returns how many.
    /// </summary>
    private async Task<int> ResumeUnfinishedAsync(CancellationToken stoppingToken)
    {
        var total = 0;
        while (true)
        {
            var now = time.GetUtcNow();
            var batch = await store.ClaimUnfinishedAsync(leasing.At(now), now, ResumeBatch, includeOwn: true, stoppingToken);
            foreach (var id in batch)
            {
                queue.Enqueue(id);
            }

            total += batch.Count;
            if (batch.Count < ResumeBatch)
            {
                return total;
            }
        }
    }

    private const int ResumeBatch = 500;

    /// <summary>The heartbeat: the leases of every case this instance holds (waiting in its queue or being worked) are renewed.</summary>
    private Task RenewLeasesAsync(CancellationToken stoppingToken) =>
        EveryAsync(TimeSpan.FromSeconds(options.Value.HeartbeatSeconds), "renew the leases of this instance's cases", async () =>
        {
            await store.RenewLeasesAsync(leasing.Owner, time.GetUtcNow() + leasing.Duration, stoppingToken);
        }, stoppingToken);

    /// <summary>
    /// Takes unfinished cases whose lease ran out or that nobody holds, up to <see cref="TakeOverBatch"/> at a check,
    /// when this instance's own queue is short (fewer than two cases per worker), so the work of a crashed instance
    /// goes to the instances with time for it. Taken cases wait here under this instance's renewed leases.
    /// </summary>
    private Task TakeOverOrphansAsync(CancellationToken stoppingToken) =>
        EveryAsync(TimeSpan.FromSeconds(options.Value.ClaimCheckSeconds), "take over unfinished cases", async () =>
        {
            if (queue.Count >= 2 * options.Value.Concurrency)
            {
                return;
            }

            var now = time.GetUtcNow();
            var taken = await store.ClaimUnfinishedAsync(leasing.At(now), now, TakeOverBatch, includeOwn: false, stoppingToken);
            foreach (var id in taken)
            {
                queue.Enqueue(id);
            }

            if (taken.Count > 0)
            {
                logger.LogInformation("Took over {Count} unfinished cases that no live instance held", taken.Count);
            }
        }, stoppingToken);

    private const int TakeOverBatch = 100;

    /// <summary>Runs <paramref name="work"/> now and then every <paramref name="period"/> until stopping; a failure is logged and tried again at the next tick.</summary>
    private async Task EveryAsync(TimeSpan period, string what, Func<Task> work, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(period, time);
        try
        {
            do
            {
                try
                {
                    await work();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Could not {What}; trying again at the next check", what);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what this loop would have done waits in the store for the next start or another instance.
        }
    }

    /// <summary>
    /// Stops taking cases, waits up to the grace (within the host's own shutdown timeout) for the cases being worked,
    /// then interrupts the rest and waits for them to be back in the queue.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        var grace = Grace(TimeSpan.FromSeconds(options.Value.ShutdownGraceSeconds), host.Value.ShutdownTimeout);
        using (var graceOver = new CancellationTokenSource(grace, time))
        using (var finishBy = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, graceOver.Token))
        {
            // Cancels the stopping token (no new case is taken; the retry check stops) and waits for the loops.
            await base.StopAsync(finishBy.Token);
        }

        if (ExecuteTask is not { IsCompleted: false } running)
        {
            return;
        }

        logger.LogWarning("Shutdown grace of {Grace} is over: interrupting {Count} cases, which go back to the queue", grace, queue.Running);
        await _interrupt.CancelAsync();
        await running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!running.IsCompleted)
        {
            logger.LogError("The host's shutdown timeout passed before every interrupted case was back in the queue; those resume at the next start");
        }
    }

    /// <summary>The configured grace, leaving a quarter of the host's timeout (at most 5 s) to return interrupted cases.</summary>
    internal static TimeSpan Grace(TimeSpan configured, TimeSpan hostShutdownTimeout)
    {
        if (hostShutdownTimeout == Timeout.InfiniteTimeSpan)
        {
            return configured;
        }

        var reserve = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(5).Ticks, hostShutdownTimeout.Ticks / 4));
        var available = hostShutdownTimeout - reserve;
        return available <= TimeSpan.Zero ? TimeSpan.Zero : configured < available ? configured : available;
    }

    private async Task WorkAsync(CaseRetryPolicy retries, CancellationToken stoppingToken)
    {
        while (await queue.TakeAsync(stoppingToken) is { } caseId)
        {
            try
            {
                // Not the stopping token: a case being worked may finish during the grace.
                var processed = await caseworker.ProcessAsync(caseId, retries, _interrupt.Token);
                if (processed.Status == CaseStatus.Queued)
                {
                    // A comment queued it again while it was investigated: this instance still holds it and works it again.
                    queue.Enqueue(processed.Id);
                }
                else if (processed.Status != CaseStatus.Investigating)
                {
                    // Investigating means another instance holds it now; whoever waits here keeps waiting (or gets 202).
                    queue.Completed(processed);
                }

                if (processed.HelpdeskPost is { Status: HelpdeskPostStatus.Pending })
                {
                    await WriteBackAsync(processed.Id);
                }
            }
            catch (OperationCanceledException) when (_interrupt.IsCancellationRequested)
            {
                // The grace is over; the caseworker has put the case back in the queue in the store for the next start.
                return;
            }
            catch (Exception ex)
            {
                // The caseworker stores every failed attempt; this is the store itself failing. The case stays as
                // stored (investigating: resumed at the next start).
                logger.LogError(ex, "Case {CaseId} could not be processed", caseId);
            }
            finally
            {
                queue.Release(caseId);
            }
        }
    }

    /// <summary>
    /// Posts a finished case to the helpdesk it came from (a private note; <see cref="HelpdeskOutbox"/>). Its outcome is
    /// on the case; a failure here leaves the post due in the store, where the periodic check finds it.
    /// </summary>
    private async Task WriteBackAsync(string caseId)
    {
        try
        {
            await outbox.PostAsync(caseId, _interrupt.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Case {CaseId} could not be posted to its helpdesk; the post stays due and is tried at the next check", caseId);
        }
    }

    private Task PostDueWriteBacksAsync(CancellationToken stoppingToken) =>
        EveryAsync(TimeSpan.FromSeconds(helpdesks.Value.PostCheckSeconds), "post the due helpdesk write-backs", () => outbox.PostDueAsync(stoppingToken), stoppingToken);

    private Task ScheduleRetriesAsync(CancellationToken stoppingToken) =>
        EveryAsync(TimeSpan.FromSeconds(options.Value.RetryCheckSeconds), "requeue the retries due", () => RequeueDueRetriesAsync(stoppingToken), stoppingToken);

    private async Task RequeueDueRetriesAsync(CancellationToken stoppingToken)
    {
        IReadOnlyList<string> due;
        try
        {
            due = await store.ListDueForRetryAsync(time.GetUtcNow(), stoppingToken);
            InvestigatorMetrics.QueueDepth(await store.CountQueueAsync(time.GetUtcNow(), stoppingToken));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not list the retries due; trying again at the next check");
            return;
        }

        foreach (var caseId in due)
        {
            try
            {
                // Queued in the store first: were the service to stop now, the next start would still resume it.
                if (await caseworker.RequeueDueAsync(caseId, stoppingToken))
                {
                    queue.Enqueue(caseId);
                    logger.LogInformation("Case {CaseId} is due for another attempt and back in the queue", caseId);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Case {CaseId} could not be requeued for its retry; trying again at the next check", caseId);
            }
        }
    }
}
