using Investigator.Api.Extensions;
using Investigator.Core.Cases;
using Microsoft.Extensions.Options;

namespace Investigator.Api.Processing;

/// <summary>
/// Works accepted cases with bounded concurrency. At start it re-enqueues every case the store holds
/// as queued or interrupted, so a crash or restart loses nothing that was accepted.
/// </summary>
internal sealed class BacklogWorker(CaseBacklog queue, ICaseStore store, Caseworker caseworker, IOptions<ProcessingOptions> options, ILogger<BacklogWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var unfinished = await store.ListUnfinishedAsync(stoppingToken);
        foreach (var id in unfinished)
        {
            queue.Enqueue(id);
        }

        if (unfinished.Count > 0)
        {
            logger.LogInformation("Resuming {Count} unfinished cases", unfinished.Count);
        }

        var workers = Enumerable.Range(0, options.Value.Concurrency).Select(_ => WorkAsync(stoppingToken));
        await Task.WhenAll(workers);
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        await foreach (var caseId in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                var processed = await caseworker.ProcessAsync(caseId, stoppingToken);
                queue.Completed(processed);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Shutting down: the case stays "investigating" in the store and is resumed at the next start.
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Case {CaseId} could not be processed", caseId);
            }
        }
    }
}
