using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Investigator.Api.Tests.Webhooks;

namespace Investigator.Api.Tests.Fuzz;

/// <summary>
/// How a delivery proves its sender, right or wrong: the headers it carries, whether they are valid credentials, and
/// when the body was changed after signing, the body actually sent.
/// </summary>
internal sealed record WebhookCredential(string Name, bool Valid, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[]? SentBody = null);

/// <summary>
/// Signatures computed here from the documented formulas (over raw bytes, so invalid UTF-8 bodies can be signed too),
/// and the ways a hostile sender gets them wrong: missing, malformed, for another secret or formula, stale, from the
/// future, or over a body that was changed afterwards.
/// </summary>
internal static class WebhookCredentials
{
    public const int MaxClockSkewSeconds = 300;

    private const string GenericSignatureHeader = "X-Investigator-Signature";
    private const string GenericTimestampHeader = "X-Investigator-Timestamp";
    private const string ZendeskSignatureHeader = "X-Zendesk-Webhook-Signature";
    private const string ZendeskTimestampHeader = "X-Zendesk-Webhook-Signature-Timestamp";
    private const string FreshdeskSecretHeader = "X-Freshdesk-Secret";

    private static readonly string[] MalformedTimestamps =
        ["abc", "-1", "99999999999999999999", "1e9", "12:00", "2024-13-45T99:99:99Z", "0x5F5E100", "１７００００００００", "NaN", "T"];

    /// <summary>Valid credentials for the body, as the helpdesk would send them (Freshdesk: the secret header, basic auth, or both).</summary>
    public static WebhookCredential Valid(Random random, BodyShape shape, byte[] body, DateTimeOffset now) => shape switch
    {
        BodyShape.GenericDelivery => new("signed", true, Generic(body, UnixSeconds(now))),
        BodyShape.ZendeskDelivery => new("signed", true, Zendesk(body, random.Next(3) == 0 ? UnixSeconds(now) : Iso(now))),
        BodyShape.FreshdeskDelivery => random.Next(6) switch
        {
            0 => new("basic auth", true, [Basic(WebhookRequests.FreshdeskUser, WebhookRequests.FreshdeskPassword)]),
            1 => new("secret header and basic auth", true, [Secret(WebhookRequests.FreshdeskSecret), Basic(WebhookRequests.FreshdeskUser, WebhookRequests.FreshdeskPassword)]),
            2 => new("the secret header in capitals", true, [new("X-FRESHDESK-SECRET", WebhookRequests.FreshdeskSecret)]),
            3 => new("the secret header, with wrong basic auth beside it", true, [Secret(WebhookRequests.FreshdeskSecret), Basic(WebhookRequests.FreshdeskUser, "wrong-password-0123456789")]),
            _ => new("secret header", true, [Secret(WebhookRequests.FreshdeskSecret)]),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "Not a webhook."),
    };

    /// <summary>Credentials that must be refused, whatever the body.</summary>
    public static WebhookCredential Refused(Random random, BodyShape shape, byte[] body, DateTimeOffset now) => shape switch
    {
        BodyShape.GenericDelivery => RefusedSigned(random, body, now, generic: true),
        BodyShape.ZendeskDelivery => RefusedSigned(random, body, now, generic: false),
        BodyShape.FreshdeskDelivery => RefusedFreshdesk(random),
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "Not a webhook."),
    };

    /// <summary>A delivery signed at a time more than the allowed skew ago.</summary>
    public static WebhookCredential Stale(BodyShape shape, byte[] body, DateTimeOffset now) => shape switch
    {
        BodyShape.GenericDelivery => new("signed 10 minutes ago", false, Generic(body, UnixSeconds(now.AddMinutes(-10)))),
        BodyShape.ZendeskDelivery => new("signed 10 minutes ago", false, Zendesk(body, Iso(now.AddMinutes(-10)))),
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "Only signed webhooks have a timestamp."),
    };

    public static List<KeyValuePair<string, string>> Generic(byte[] body, string timestamp) => Generic(body, timestamp, WebhookRequests.GenericSecret);

    public static List<KeyValuePair<string, string>> Zendesk(byte[] body, string timestamp) => Zendesk(body, timestamp, WebhookRequests.ZendeskSecret);

    private static List<KeyValuePair<string, string>> Generic(byte[] body, string timestamp, string secret) =>
        [new(GenericSignatureHeader, "sha256=" + Convert.ToHexStringLower(Mac(secret, timestamp + ".", body))), new(GenericTimestampHeader, timestamp)];

    private static List<KeyValuePair<string, string>> Zendesk(byte[] body, string timestamp, string secret) =>
        [new(ZendeskSignatureHeader, Convert.ToBase64String(Mac(secret, timestamp, body))), new(ZendeskTimestampHeader, timestamp)];

    private static WebhookCredential RefusedSigned(Random random, byte[] body, DateTimeOffset now, bool generic)
    {
        Func<byte[], string, string, List<KeyValuePair<string, string>>> sign = generic ? Generic : Zendesk;
        Func<DateTimeOffset, string> stamp = generic ? UnixSeconds : Iso;
        var secret = generic ? WebhookRequests.GenericSecret : WebhookRequests.ZendeskSecret;
        var otherSecret = generic ? WebhookRequests.ZendeskSecret : WebhookRequests.GenericSecret;
        var timestamp = stamp(now);
        var good = sign(body, timestamp, secret);
        var (signatureHeader, timestampHeader) = (good[0].Key, good[1].Key);
        switch (random.Next(12))
        {
            case 0:
                return new("no signature and no timestamp", false, []);
            case 1:
                return new("a timestamp without a signature", false, [good[1]]);
            case 2:
                return new("a signature without its timestamp", false, [good[0]]);
            case 3:
                return new("signed with another webhook's secret", false, sign(body, timestamp, otherSecret));
            case 4:
                var ago = TimeSpan.FromSeconds(MaxClockSkewSeconds + 1 + random.Next(86_400));
                return new($"signed {ago.TotalSeconds:0} s ago", false, sign(body, stamp(now - ago), secret));
            case 5:
                var ahead = TimeSpan.FromSeconds(MaxClockSkewSeconds + 60 + random.Next(86_400));
                return new($"signed {ahead.TotalSeconds:0} s in the future", false, sign(body, stamp(now + ahead), secret));
            case 6:
                var malformed = MalformedTimestamps[random.Next(MalformedTimestamps.Length)];
                return new($"signed with the timestamp '{malformed}'", false, sign(body, malformed, secret));
            case 7:
                var mac = Mac(secret, generic ? timestamp + "." : timestamp, body);
                // Each the right MAC (or none) in a form this webhook does not accept.
                string[] wrongForms = generic
                    ?
                    [
                        Convert.ToHexStringLower(mac), "sha1=" + Convert.ToHexStringLower(mac[..20]), "sha256=" + Convert.ToBase64String(mac),
                        "sha256=" + Convert.ToHexStringLower(mac)[..63], "sha256=" + Convert.ToHexStringLower(mac) + "00", "sha256=" + new string('0', 64),
                        "sha256=" + new string('z', 64), "sha256=" + Convert.ToHexStringLower([.. mac, .. mac]), "sha256= " + Convert.ToHexStringLower(mac), "", " ", "sha256=",
                    ]
                    :
                    [
                        Convert.ToHexStringLower(mac), "sha256=" + Convert.ToBase64String(mac), Convert.ToBase64String(mac[..31]), Convert.ToBase64String([.. mac, 0]),
                        Convert.ToBase64String(mac).TrimEnd('=') + "!", Convert.ToBase64String(new byte[32]), Convert.ToBase64String([.. mac, .. mac]), "", " ", "====",
                    ];
                var form = wrongForms[random.Next(wrongForms.Length)];
                return new($"the signature written as '{Preview(form)}'", false, [new(signatureHeader, form), new(timestampHeader, timestamp)]);
            case 8:
                var tampered = Tamper(random, body, out var how);
                return new($"signed, then the body {how}", false, good, tampered);
            case 9:
                var otherFormula = generic ? Zendesk(body, timestamp, secret) : Generic(body, timestamp, secret);
                return new("signed with the other webhook's formula, under this webhook's headers", false,
                    [new(signatureHeader, otherFormula[0].Value), new(timestampHeader, timestamp)]);
            case 10:
                return new("a wrong signature header before the right one", false,
                    [new(signatureHeader, generic ? "sha256=" + new string('a', 64) : Convert.ToBase64String(new byte[32])), good[0], good[1]]);
            default:
                // Signed over another body: a captured signature reused.
                byte[] captured = [.. "{\"captured\":"u8, .. Encoding.UTF8.GetBytes(body.Length.ToString(CultureInfo.InvariantCulture)), (byte)'}'];
                var other = sign(captured, timestamp, secret);
                return new("a signature captured from another body", false, other);
        }
    }

    private static WebhookCredential RefusedFreshdesk(Random random) => random.Next(11) switch
    {
        0 => new("no credentials", false, []),
        1 => new("a wrong secret", false, [Secret("wrong-secret-0123456789abcdef")]),
        2 => new("an empty secret header", false, [Secret("")]),
        3 => new("the secret with a character added", false, [Secret(WebhookRequests.FreshdeskSecret + "x")]),
        4 => new("the secret cut short", false, [Secret(WebhookRequests.FreshdeskSecret[..^1])]),
        5 => new("basic auth with a wrong password", false, [Basic(WebhookRequests.FreshdeskUser, "not-the-password")]),
        6 => new("basic auth for another user", false, [Basic("admin", WebhookRequests.FreshdeskPassword)]),
        7 => new("basic auth without a colon", false, [new("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(WebhookRequests.FreshdeskUser + WebhookRequests.FreshdeskPassword)))]),
        8 => new("basic auth that is not base64", false, [new("Authorization", random.Next(2) == 0 ? "Basic !!!not-base64!!!" : "Basic")]),
        9 => new("the secret as a bearer token", false, [new("Authorization", "Bearer " + WebhookRequests.FreshdeskSecret)]),
        _ => new("the generic webhook's secret", false, [Secret(WebhookRequests.GenericSecret)]),
    };

    private static byte[] Tamper(Random random, byte[] body, out string how)
    {
        switch (random.Next(4))
        {
            case 0 when body.Length > 0:
                var flipped = (byte[])body.Clone();
                var at = random.Next(flipped.Length);
                flipped[at] ^= 0x01;
                how = $"had byte {at} flipped";
                return flipped;
            case 1:
                how = "got a trailing newline";
                return [.. body, (byte)'\n'];
            case 2 when body.Length > 0:
                how = "lost its last byte";
                return body[..^1];
            default:
                how = "was replaced";
                return Encoding.UTF8.GetBytes("{\"event\":\"solved\",\"ticket\":{\"id\":\"1\"},\"freshdesk_webhook\":{\"event\":\"solved\",\"ticket_id\":\"1\"},\"externalId\":\"1\"}");
        }
    }

    private static KeyValuePair<string, string> Secret(string value) => new(FreshdeskSecretHeader, value);

    private static KeyValuePair<string, string> Basic(string user, string password) =>
        new("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static byte[] Mac(string secret, string prefix, byte[] body) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), (byte[])[.. Encoding.UTF8.GetBytes(prefix), .. body]);

    private static string UnixSeconds(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Preview(string text) => text.Length <= 24 ? text : text[..24] + "...";
}
