namespace Investigator.Core.Diagnostics;

/// <summary>FNV-1a over UTF-16 code units: the same in every process and on every machine, unlike string.GetHashCode.</summary>
public static class StableHash
{
    public static uint Of(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    public static string Hex(string text) => Of(text).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
}
