using System.Security.Cryptography;
using System.Text;

namespace Investigator.Api.Access;

/// <summary>
/// The configured keys, matched by the SHA-256 of what the caller sent, compared in constant time. A key
/// is "inv_" followed by 43 base64url characters (32 random bytes).
/// </summary>
public sealed class ApiKeys(IReadOnlyList<ApiKeyEntry> entries)
{
    public const string Prefix = "inv_";

    private readonly List<(ApiKeyEntry Entry, byte[] Hash)> _keys =
        entries.Select(e => (e, Convert.FromHexString(e.Sha256))).ToList();

    public int Count => _keys.Count;

    /// <summary>The key's entry, or null when the presented key is unknown.</summary>
    public ApiKeyEntry? Find(string presented)
    {
        ArgumentNullException.ThrowIfNull(presented);
        var hash = Hash(presented);
        ApiKeyEntry? found = null;
        foreach (var (entry, stored) in _keys)
        {
            // Every entry is compared, so the time taken does not say which one matched.
            if (CryptographicOperations.FixedTimeEquals(hash, stored))
            {
                found = entry;
            }
        }

        return found;
    }

    /// <summary>The entry with this id as configured now, or null: a review session re-reads its key's scopes on every request.</summary>
    public ApiKeyEntry? ById(string id) => _keys.Select(k => k.Entry).FirstOrDefault(e => string.Equals(e.Id, id, StringComparison.Ordinal));

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static string HashHex(string key) => Convert.ToHexString(Hash(key)).ToLowerInvariant();

    /// <summary>A new random key.</summary>
    public static string NewKey() =>
        Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
