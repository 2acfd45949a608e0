namespace Investigator.Api.Webhooks;

/// <summary>
/// Serializes, within this process, the deliveries about one helpdesk ticket, so that a comment and its ticket's
/// creation, or a burst of retries, are handled one after the other. Across processes the delivery log's unique
/// keys still decide; this only keeps one process from racing itself. A fixed set of stripes: memory does not grow
/// with the number of tickets, and two tickets that share a stripe merely wait for each other.
/// </summary>
internal sealed class TicketLocks : IDisposable
{
    private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public async Task<IDisposable> EnterAsync(string source, string externalId, CancellationToken cancellationToken)
    {
        var stripe = _stripes[(uint)StringComparer.Ordinal.GetHashCode($"{source}\n{externalId}") % (uint)_stripes.Length];
        await stripe.WaitAsync(cancellationToken);
        return new Held(stripe);
    }

    public void Dispose()
    {
        foreach (var stripe in _stripes)
        {
            stripe.Dispose();
        }
    }

    private sealed class Held(SemaphoreSlim stripe) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                stripe.Release();
            }
        }
    }
}
