using Investigator.Core.Sources;
using Investigator.WorldGen.Accounts;

namespace Investigator.WorldGen.Logs;

/// <summary>What a scenario generator writes with: the accounts, the book and its own random source.</summary>
internal sealed class ScenarioContext(IReadOnlyList<AccountPlan> accounts, LogBook book, Random rng)
{
    public Random Rng { get; } = rng;

    public IReadOnlyList<AccountPlan> Accounts { get; } = accounts;

    public AccountPlan Account(string id) => Accounts.Single(a => a.Id == id);

    /// <summary>A line caused by a request: it carries fresh request and trace ids unless given.</summary>
    public void Request(AccountPlan account, DateTimeOffset at, string service, string level, string message,
        int? status = null, int? latency = null, string? code = null, string? requestId = null, string? traceId = null) =>
        book.Add(new LogEntry(at, level, service, account.Region, account.Id, requestId ?? Rng.RequestId(), traceId ?? Rng.TraceId(), message, status, latency, code));

    /// <summary>A line of a background job of the account (no request behind it).</summary>
    public void Job(AccountPlan account, DateTimeOffset at, string service, string level, string message, string? code = null) =>
        book.Add(new LogEntry(at, level, service, account.Region, account.Id, null, null, message, ErrorCode: code));

    /// <summary>A line of the platform itself, belonging to no account.</summary>
    public void Internal(string region, DateTimeOffset at, string service, string level, string message) =>
        book.Add(new LogEntry(at, level, service, region, null, null, null, message));

    /// <summary>The next gap for a client that retries: short while the customer is at work, long otherwise.</summary>
    public TimeSpan Gap(string region, DateTimeOffset t, (int Min, int Max) busyMinutes, (int Min, int Max) quietMinutes)
    {
        var (min, max) = TrafficShape.Factor(region, t) >= 1.6 ? busyMinutes : quietMinutes;
        return TimeSpan.FromMilliseconds(Rng.Between(min * 60_000, max * 60_000));
    }
}
