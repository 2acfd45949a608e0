using static Investigator.WorldGen.WorldFacts;

namespace Investigator.WorldGen;

/// <summary>
/// The times of the scenarios in samples/README.md. Accounts, logs, deploys and the status page all
/// read them from here, so the sources of one scenario can never disagree.
/// </summary>
internal static class ScenarioClock
{
    public static readonly DateTimeOffset S1DeployAt = Nov(12, 13, 30);
    public static readonly DateTimeOffset S1RollbackAt = Nov(12, 14, 40);
    public static readonly Interval S1Timeouts = new(Nov(12, 13, 35), Nov(12, 15, 10));

    public static readonly Interval S2Errors = new(Nov(9, 8, 2), Nov(9, 8, 55));

    public static readonly DateTimeOffset S3RevokedAt = Nov(11, 16, 2);
    public static readonly DateTimeOffset S3FailuresFrom = Nov(11, 16, 5);

    public static readonly DateTimeOffset S4ExpiredAt = Nov(13, 0, 0);

    public static readonly DateTimeOffset S5ChangedAt = Nov(10, 9, 12);
    public static readonly DateTimeOffset S5FailuresFrom = Nov(10, 9, 14);

    public static readonly Interval S6Bursts = new(Nov(14, 10, 0), Nov(14, 10, 30));

    public static readonly DateTimeOffset S7QuotaReachedAt = Nov(13, 17, 20);

    public static readonly DateTimeOffset S8DeployAt = Nov(11, 10, 0);

    public static readonly Interval S9SlowReports = new(Nov(13, 14, 0), Nov(13, 16, 0));

    public static readonly DateTimeOffset S10ChangedAt = Nov(10, 17, 45);
    public static readonly DateTimeOffset S10DisabledAt = Nov(11, 18, 0);

    public static readonly DateTimeOffset S11ChangedAt = Nov(12, 8, 0);

    public static readonly DateTimeOffset S14ChangedAt = Nov(5, 3, 47, 12);

    public static readonly DateTimeOffset S15ChangedAt = Nov(13, 12, 0);
    public static readonly DateTimeOffset S15PurgeAt = Nov(14, 2, 0);

    public static readonly Interval S18Misuse = new(Nov(15, 1, 10), Nov(15, 3, 40));
}
