namespace Investigator.Core.Cases;

/// <summary>
/// One instance's hold on a case's work until <see cref="Until"/>. An instance takes the lease when it accepts or
/// claims a case, renews it by heartbeat while the case waits in its memory or is investigated, and gives it up with
/// the write that finishes the attempt. Another instance may take a case only when it has no lease or its lease has
/// run out (the holder crashed), and the finishing write is conditional on still holding it, so two instances never
/// both complete one case.
/// </summary>
/// <param name="Owner">The instance (<c>Processing:InstanceId</c>).</param>
/// <param name="Until">When the hold runs out unless renewed.</param>
public sealed record CaseLease(string Owner, DateTimeOffset Until);

/// <summary>
/// A lock held by at most one instance of the service at a time, for work that must not run twice at once (the SLA
/// check). In PostgreSQL an advisory lock on a connection held for the work; in the embedded store, which serves one
/// instance, an in-process lock.
/// </summary>
public interface IClusterLock
{
    /// <summary>
    /// Takes the lock named <paramref name="name"/> without waiting: a handle to dispose when the work is done, or null
    /// when another instance holds it now.
    /// </summary>
    Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken);
}

/// <summary>
/// The case store cannot be reached (the database is down or refuses connections). Nothing was written: a request
/// that meets it is answered 503 so that the sender retries, and work in the store waits there until it is back.
/// </summary>
public sealed class StoreUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>
/// This instance's name on the leases it takes (<see cref="Owner"/>) and how long a lease lasts unless renewed
/// (<see cref="Duration"/>). The embedded store serves one instance, whose name stays the same across restarts, so a
/// restarted service takes its own unfinished work back at once; instances sharing PostgreSQL each have their own.
/// </summary>
public sealed record CaseLeasing
{
    public CaseLeasing(string owner, TimeSpan duration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        Owner = owner;
        Duration = duration;
    }

    /// <summary>The one instance of the embedded store: 30 s leases.</summary>
    public static CaseLeasing Embedded { get; } = new("embedded", TimeSpan.FromSeconds(30));

    public string Owner { get; }

    public TimeSpan Duration { get; }

    /// <summary>A lease taken at <paramref name="now"/>.</summary>
    public CaseLease At(DateTimeOffset now) => new(Owner, now + Duration);
}
