namespace Investigator.Core.Sources;

/// <summary>One structured log line of the product.</summary>
public sealed record LogEntry(
    DateTimeOffset Ts,
    string Level,
    string Service,
    string Region,
    string? AccountId,
    string? RequestId,
    string? TraceId,
    string Message,
    int? HttpStatus = null,
    int? LatencyMs = null,
    string? ErrorCode = null);

/// <summary>A log search; the account is mandatory so that a query can never span tenants.</summary>
public sealed record LogQuery(
    string AccountId,
    DateTimeOffset From,
    DateTimeOffset To,
    string? Service = null,
    string? MinLevel = null,
    string? Contains = null,
    int Limit = 500);

/// <summary>What a log search returned: at most <see cref="LogQuery.Limit"/> lines, newest last.</summary>
public sealed record LogSearchPage(IReadOnlyList<LogEntry> Lines, int TotalMatched, bool Truncated);

/// <summary>Levels in increasing severity, for minimum-level filters.</summary>
public static class LogLevels
{
    private static readonly string[] Ordered = ["debug", "info", "warn", "error", "fatal"];

    /// <summary>The rank of a level; unknown levels rank as info.</summary>
    public static int Rank(string level)
    {
        var i = Array.IndexOf(Ordered, level.ToLowerInvariant());
        return i < 0 ? 1 : i;
    }
}
