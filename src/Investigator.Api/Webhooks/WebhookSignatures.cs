using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Investigator.Api.Webhooks;

/// <summary>
/// The cryptography every webhook shares: HMAC-SHA256 over a prefix and the raw body, comparisons in constant time,
/// and the freshness of a signed timestamp.
/// </summary>
internal static class WebhookSignatures
{
    public const int HmacLength = 32;

    /// <summary>HMAC-SHA256 keyed with the secret's UTF-8 bytes, over the prefix's UTF-8 bytes followed by the body.</summary>
    public static byte[] Hmac(string secret, string prefix, ReadOnlySpan<byte> body)
    {
        var prefixBytes = Encoding.UTF8.GetBytes(prefix);
        var message = new byte[prefixBytes.Length + body.Length];
        prefixBytes.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefixBytes.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
    }

    /// <summary>Whether a presented signature equals the expected one, in time that does not depend on where they differ.</summary>
    public static bool SignatureMatches(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> presented) =>
        presented.Length == expected.Length && CryptographicOperations.FixedTimeEquals(expected, presented);

    /// <summary>
    /// Whether a presented secret equals the configured one. Both are hashed first, so the comparison takes the same
    /// time whatever the presented length is, and where the two differ.
    /// </summary>
    public static bool SecretMatches(string presented, string configured) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(configured)));

    /// <summary>A lowercase or uppercase hex digest of exactly <see cref="HmacLength"/> bytes, or null.</summary>
    public static byte[]? FromHex(string text)
    {
        if (text.Length != HmacLength * 2)
        {
            return null;
        }

        var bytes = new byte[HmacLength];
        return Convert.FromHexString(text, bytes, out _, out var written) == System.Buffers.OperationStatus.Done && written == HmacLength ? bytes : null;
    }

    /// <summary>A base64 digest of exactly <see cref="HmacLength"/> bytes, or null.</summary>
    public static byte[]? FromBase64(string text)
    {
        var bytes = new byte[HmacLength + 3];
        return Convert.TryFromBase64String(text, bytes, out var written) && written == HmacLength ? bytes[..HmacLength] : null;
    }

    /// <summary>A timestamp in unix seconds, or (as Zendesk sends it) ISO 8601.</summary>
    public static DateTimeOffset? ParseTimestamp(string text)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds() ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
        }

        return text.Contains('T', StringComparison.Ordinal)
               && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
    }

    /// <summary>
    /// Checks a signed timestamp: present, readable, and within the allowed skew of now in either direction (a
    /// replayed old delivery, or one signed by a clock far ahead, is refused).
    /// </summary>
    public static Verdict CheckTimestamp(string? text, DateTimeOffset now, TimeSpan maxSkew)
    {
        if (text is null)
        {
            return Verdict.Refused("missing timestamp");
        }

        if (ParseTimestamp(text) is not { } at)
        {
            return Verdict.Refused("malformed timestamp");
        }

        return (now - at).Duration() > maxSkew ? Verdict.Refused("stale timestamp") : Verdict.Accepted;
    }
}
