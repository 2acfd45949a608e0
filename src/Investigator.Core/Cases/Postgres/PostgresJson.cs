using System.Text.Json;
using System.Text.RegularExpressions;
using Investigator.Core.Diagnostics;

namespace Investigator.Core.Cases.Postgres;

/// <summary>Documents as the contract writes them, made storable in jsonb.</summary>
internal static partial class PostgresJson
{
    /// <summary>
    /// <paramref name="value"/> as <see cref="ContractJson.Options"/> writes it, except that a NUL character (which no
    /// PostgreSQL text or jsonb value can hold) becomes U+FFFD. A ticket pasted from a binary file can carry one; the
    /// rest of its text is kept as it came.
    /// </summary>
    public static string Serialize<T>(T value)
    {
        var json = JsonSerializer.Serialize(value, ContractJson.Options);
        return json.Contains("\\u0000", StringComparison.Ordinal) ? EscapedNul().Replace(json, "\\uFFFD") : json;
    }

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, ContractJson.Options) ?? throw new InvalidDataException($"The store holds a JSON null where a {typeof(T).Name} belongs.");

    // \u0000 as an escape, not as text: preceded by an even number of backslashes (escaped backslashes), not an odd one.
    [GeneratedRegex(@"(?<=(?:^|[^\\])(?:\\\\)*)\\u0000")]
    private static partial Regex EscapedNul();
}
