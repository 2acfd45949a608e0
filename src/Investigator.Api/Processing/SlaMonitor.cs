using Investigator.Api.Extensions;
using Investigator.Core.Cases;
using Microsoft.Extensions.Options;

namespace Investigator.Api.Processing;

/// <summary>
/// Checks the open cases every <c>Sla:CheckEvery</c> (and once at start) on the injected clock, and appends what
/// <see cref="SlaWatch"/> finds due: breaches and time escalations. The rules live in the watch; a restart
/// repeats nothing because the timeline already holds what was recorded. With several instances on one store, one
/// check runs at a time: each check holds the cluster lock <see cref="LockName"/>, and an instance that finds it held
/// skips that check (the holder records what is due).
/// </summary>
internal sealed class SlaMonitor(ICaseStore store, SlaWatch watch, IClusterLock clusterLock, TimeProvider time, IOptions<SlaOptions> options, ILogger<SlaMonitor> logger) : BackgroundService
{
    public const string LockName = "investigator:sla-check";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckEvery, time);
        do
        {
            await CheckAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task CheckAsync(CancellationToken stoppingToken)
    {
        IAsyncDisposable? held;
        try
        {
            held = await clusterLock.TryAcquireAsync(LockName, stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "SLA check could not take its lock; trying again at the next check");
            return;
        }

        if (held is null)
        {
            logger.LogDebug("SLA check skipped: another instance is running it");
            return;
        }

        await using (held)
        {
            await CheckOpenCasesAsync(stoppingToken);
        }
    }

    private async Task CheckOpenCasesAsync(CancellationToken stoppingToken)
    {
        IReadOnlyList<SupportCase> open;
        try
        {
            open = await store.ListOpenAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "SLA check could not list the open cases; trying again at the next check");
            return;
        }

        foreach (var listed in open)
        {
            if (watch.Check(listed).Count == 0)
            {
                continue;
            }

            using var scope = logger.BeginScope(new Dictionary<string, object> { ["CaseId"] = listed.Id });
            try
            {
                // Checked again on a fresh read: an acknowledgement or resolution may have landed since the listing.
                var current = await store.GetAsync(listed.Id, stoppingToken);
                var events = current is null ? [] : watch.Check(current);
                if (events.Count == 0)
                {
                    continue;
                }

                await store.AppendEventsAsync(listed.Id, events, stoppingToken);
                foreach (var e in events)
                {
                    if (e.Kind == CaseEventKind.SlaBreached)
                    {
                        logger.LogWarning("Case {CaseId} breached its {SlaMeasure} SLA (due {Due})", listed.Id, e.Breach, e.Due);
                    }
                    else
                    {
                        logger.LogInformation("Case {CaseId} escalated to {Tier} by time: {Reason}", listed.Id, e.Tier, e.Detail);
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "SLA check of case {CaseId} failed; it is checked again at the next check", listed.Id);
            }
        }
    }
}
