namespace Investigator.WorldGen;

/// <summary>Draws on a seeded <see cref="Random"/>; everything random in the world goes through here.</summary>
internal static class RandomExtensions
{
    public const string Hex = "0123456789abcdef";
    public const string Base36 = "0123456789abcdefghijklmnopqrstuvwxyz";
    public const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string Chars(this Random rng, string alphabet, int length)
    {
        Span<char> buffer = stackalloc char[length];
        for (var i = 0; i < length; i++)
        {
            buffer[i] = alphabet[rng.Next(alphabet.Length)];
        }

        return new string(buffer);
    }

    public static string RequestId(this Random rng) => "req_" + rng.Chars(Hex, 16);

    public static string TraceId(this Random rng) => rng.Chars(Hex, 32);

    public static string RunId(this Random rng) => "run_" + rng.Chars(Hex, 8);

    public static string ExportId(this Random rng) => "exp_" + rng.Chars(Hex, 10);

    public static string WorkflowId(this Random rng) => "wf_" + rng.Chars(Base36, 4);

    public static T Pick<T>(this Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    public static bool Chance(this Random rng, double probability) => rng.NextDouble() < probability;

    /// <summary>Inclusive on both ends, which reads better for counts and durations.</summary>
    public static int Between(this Random rng, int min, int max) => rng.Next(min, max + 1);

    /// <summary>A millisecond-aligned moment in [from, from + span).</summary>
    public static DateTimeOffset Moment(this Random rng, DateTimeOffset from, TimeSpan span) =>
        from.AddMilliseconds(rng.NextInt64((long)span.TotalMilliseconds));

    /// <summary>A second-aligned moment in [from, to), for dates in account histories.</summary>
    public static DateTimeOffset MomentBetween(this Random rng, DateTimeOffset from, DateTimeOffset to) =>
        to <= from ? from : from.AddSeconds(rng.NextInt64((long)(to - from).TotalSeconds));

    /// <summary>Knuth's method for small rates, a rounded normal for large ones.</summary>
    public static int Poisson(this Random rng, double lambda)
    {
        if (lambda <= 0)
        {
            return 0;
        }

        if (lambda > 40)
        {
            var normal = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            return Math.Max(0, (int)Math.Round(lambda + (Math.Sqrt(lambda) * normal)));
        }

        var limit = Math.Exp(-lambda);
        var product = 1.0;
        var k = 0;
        do
        {
            k++;
            product *= rng.NextDouble();
        }
        while (product > limit);

        return k - 1;
    }
}
