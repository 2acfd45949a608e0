namespace Investigator.WorldGen;

/// <summary>Constants of the demo world that every generator shares.</summary>
internal static class WorldFacts
{
    public const string Product = "Flowpoint";
    public const int Seed = 20261102;
    public const int GeneratorVersion = 1;

    public const string UsEast = "us-east";
    public const string EuWest = "eu-west";
    public const string ApSoutheast = "ap-southeast";

    public static readonly DateTimeOffset WindowFrom = Nov(2, 0, 0);
    public static readonly DateTimeOffset WindowTo = Nov(16, 0, 0);

    public static readonly IReadOnlyList<string> Services =
        [Svc.Api, Svc.Auth, Svc.Engine, Svc.Webhooks, Svc.Exports, Svc.Billing, Svc.Dashboard];

    public static readonly IReadOnlyList<string> Regions = [UsEast, EuWest, ApSoutheast];

    public static DateTimeOffset Nov(int day, int hour, int minute, int second = 0) =>
        new(2026, 11, day, hour, minute, second, TimeSpan.Zero);

    /// <summary>One seed per concern, so that changing one generator does not reshuffle the others.</summary>
    public static int SeedFor(string concern) => Seed ^ StableHash(concern);

    /// <summary>FNV-1a: string.GetHashCode is randomized per process and cannot seed a reproducible world.</summary>
    public static int StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 16777619u;
        }

        return unchecked((int)hash);
    }
}

/// <summary>The product's service names, as they appear in the <c>service</c> of a log line.</summary>
internal static class Svc
{
    public const string Api = "api-gateway";
    public const string Auth = "auth";
    public const string Engine = "workflow-engine";
    public const string Webhooks = "webhook-dispatcher";
    public const string Exports = "exports";
    public const string Billing = "billing";
    public const string Dashboard = "dashboard";
}
