using Investigator.Core.Sources;

namespace Investigator.WorldGen.Logs;

/// <summary>How busy an account is at a given hour: business hours in the account's region, quiet weekends.</summary>
internal static class TrafficShape
{
    public static int UtcOffsetHours(string region) => region switch
    {
        WorldFacts.UsEast => -5,
        WorldFacts.ApSoutheast => 8,
        _ => 0,
    };

    public static DateTimeOffset Local(string region, DateTimeOffset utc) => utc.ToOffset(TimeSpan.FromHours(UtcOffsetHours(region)));

    public static bool IsWeekend(string region, DateTimeOffset utc) =>
        Local(region, utc).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    public static double Factor(string region, DateTimeOffset utc)
    {
        var hour = Local(region, utc).Hour;
        var factor = hour switch
        {
            >= 9 and < 18 => 1.6,
            (>= 7 and < 9) or (>= 18 and < 21) => 0.8,
            _ => 0.3,
        };
        return IsWeekend(region, utc) ? factor * 0.35 : factor;
    }

    /// <summary>Logged requests per hour at factor 1, before the account's own activity multiplier.</summary>
    public static double HourlyRate(PlanTier plan) => plan switch
    {
        PlanTier.Enterprise => 7.0,
        PlanTier.Professional => 2.8,
        _ => 0.9,
    };

    public static IEnumerable<DateTimeOffset> Hours()
    {
        for (var t = WorldFacts.WindowFrom; t < WorldFacts.WindowTo; t = t.AddHours(1))
        {
            yield return t;
        }
    }

    public static IEnumerable<DateTimeOffset> Days()
    {
        for (var t = WorldFacts.WindowFrom; t < WorldFacts.WindowTo; t = t.AddDays(1))
        {
            yield return t;
        }
    }

    /// <summary>A moment between 09:00 and 17:00 local time on the local day that starts nearest to <paramref name="dayUtc"/>.</summary>
    public static DateTimeOffset BusinessMoment(Random rng, string region, DateTimeOffset dayUtc) =>
        rng.Moment(dayUtc.AddHours(9 - UtcOffsetHours(region)), TimeSpan.FromHours(8));
}
