using System.Collections.Concurrent;
using System.Threading.Channels;
using Investigator.Core.Cases;

namespace Investigator.Api.Processing;

/// <summary>
/// The in-process queue of accepted cases. The store, not this queue, is the source of truth: a case
/// is stored before it is enqueued, the worker re-enqueues unfinished cases after a restart, and failed
/// cases come back from the store when their retry is due. A case is in the queue at most once, and
/// never worked by two workers at a time: enqueued again while being worked, it is worked again after.
/// Callers that asked to wait can await a case's completion.
/// </summary>
public sealed class CaseBacklog
{
    private enum Entry { Waiting, Running, RunningThenAgain }

    private readonly Channel<string> _channel = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = false });
    private readonly ConcurrentDictionary<string, TaskCompletionSource<SupportCase>> _waiters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Cases a worker is working.</summary>
    public int Running
    {
        get
        {
            lock (_gate) return _entries.Values.Count(e => e != Entry.Waiting);
        }
    }

    /// <summary>Cases waiting for a worker or being worked.</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _entries.Count;
        }
    }

    /// <summary>Queues a case for a worker; a case already waiting is not queued twice.</summary>
    public void Enqueue(string caseId)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(caseId, out var entry))
            {
                _entries[caseId] = Entry.Waiting;
                _channel.Writer.TryWrite(caseId);
            }
            else if (entry == Entry.Running)
            {
                // A worker has it: it is queued again when that worker lets it go, never worked twice at once.
                _entries[caseId] = Entry.RunningThenAgain;
            }
        }
    }

    /// <summary>The next case to work, marked as running until <see cref="Release"/>; null once <paramref name="stoppingToken"/> is cancelled.</summary>
    public async Task<string?> TakeAsync(CancellationToken stoppingToken)
    {
        if (stoppingToken.IsCancellationRequested)
        {
            return null;
        }

        try
        {
            var caseId = await _channel.Reader.ReadAsync(stoppingToken);
            lock (_gate)
            {
                _entries[caseId] = Entry.Running;
            }

            return caseId;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>A worker is done with a case (whatever came of it); queued again if it was enqueued meanwhile.</summary>
    public void Release(string caseId)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(caseId, out var entry) && entry == Entry.RunningThenAgain)
            {
                _entries[caseId] = Entry.Waiting;
                _channel.Writer.TryWrite(caseId);
            }
            else
            {
                _entries.Remove(caseId);
            }
        }
    }

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

    /// <summary>Hands a processed case (completed, failed with a retry scheduled, or parked) to whoever waits for it.</summary>
    public void Completed(SupportCase supportCase)
    {
        if (_waiters.TryGetValue(supportCase.Id, out var waiter))
        {
            waiter.TrySetResult(supportCase);
        }
    }
}
