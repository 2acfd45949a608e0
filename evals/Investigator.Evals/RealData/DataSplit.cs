using Investigator.Core.Diagnostics;

namespace Investigator.Evals.RealData;

/// <summary>
/// The deterministic train/test split every real-data suite uses: 30% test by FNV-1a of the record id
/// (<see cref="StableHash.Of"/> % 100 &lt; 30 → test). The same id lands on the same side in every
/// process and on every machine, and no record is on both sides.
/// </summary>
public static class DataSplit
{
    public const int TestPercent = 30;

    public static bool IsTest(string id) => StableHash.Of(id) % 100 < TestPercent;

    public static (List<T> Train, List<T> Test) Of<T>(IEnumerable<T> records, Func<T, string> id)
    {
        var train = new List<T>();
        var test = new List<T>();
        foreach (var record in records)
        {
            (IsTest(id(record)) ? test : train).Add(record);
        }

        return (train, test);
    }

    public static string Describe(int train, int test) =>
        $"Split: 30% test by FNV-1a of the id (StableHash.Of(id) % 100 < 30): {train} train, {test} test.";
}
