using System.Collections.Concurrent;
using System.Threading.Channels;
using Investigator.Core.Cases;

namespace Investigator.Api.Processing;

/// <summary>
/// The in-process queue of accepted cases. The store, not this queue, is the source of truth: a case
/// is stored before it is enqueued, and the worker re-enqueues unfinished cases after a restart.
/// Callers that asked to wait can await a case's completion.
/// </summary>
public sealed class CaseBacklog
{
    private readonly Channel<string> _channel = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = false });
    private readonly ConcurrentDictionary<string, TaskCompletionSource<SupportCase>> _waiters = new(StringComparer.Ordinal);

    public ChannelReader<string> Reader => _channel.Reader;

    public void Enqueue(string caseId) => _channel.Writer.TryWrite(caseId);

    /// <summary>Waits for a case to be processed, or returns null when the time is up (the case goes on in the background).</summary>
    public async Task<SupportCase?> WaitAsync(string caseId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waiter = _waiters.GetOrAdd(caseId, _ => new TaskCompletionSource<SupportCase>(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            return await waiter.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            return null;
        }
        finally
        {
            _waiters.TryRemove(caseId, out _);
        }
    }

    /// <summary>Registers interest before the case is enqueued, so a fast worker cannot finish before the caller waits.</summary>
    public void Expect(string caseId) =>
        _waiters.GetOrAdd(caseId, _ => new TaskCompletionSource<SupportCase>(TaskCreationOptions.RunContinuationsAsynchronously));

    public void Completed(SupportCase supportCase)
    {
        if (_waiters.TryGetValue(supportCase.Id, out var waiter))
        {
            waiter.TrySetResult(supportCase);
        }
    }
}
