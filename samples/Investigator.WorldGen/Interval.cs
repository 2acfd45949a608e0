namespace Investigator.WorldGen;

/// <summary>A half-open time interval [From, To).</summary>
internal readonly record struct Interval(DateTimeOffset From, DateTimeOffset To)
{
    public bool Contains(DateTimeOffset t) => t >= From && t < To;
}
