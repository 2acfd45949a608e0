using System.Text;
using Investigator.Api.Access;
using Investigator.Api.Tests.Webhooks;

namespace Investigator.Api.Tests.Fuzz;

/// <summary>What an API request presents: a key with every scope, no usable key, or a known key without the route's scope.</summary>
internal enum KeyKind { Valid, Refused, Unscoped }

/// <summary>The headers (and query) an API request authenticates with, and what they are.</summary>
internal sealed record ApiCredential(string Name, KeyKind Kind, IReadOnlyList<KeyValuePair<string, string>> Headers, string Query = "");

/// <summary>API keys presented rightly and wrongly.</summary>
internal static class ApiCredentials
{
    private const string Key = ServiceHost.TestKey;

    public static ApiCredential Valid(Random random) => random.Next(8) switch
    {
        0 => new("the key in X-Api-Key", KeyKind.Valid, [new("X-Api-Key", Key)]),
        1 => new("a lowercase bearer scheme", KeyKind.Valid, [new("Authorization", "bearer " + Key)]),
        _ => new("the key as a bearer token", KeyKind.Valid, [Bearer(Key)]),
    };

    /// <summary>Presentations that authenticate nobody: none, unknown keys, near misses, wrong schemes, ambiguous pairs.</summary>
    public static ApiCredential Refused(Random random) => random.Next(19) switch
    {
        0 or 1 or 2 => new("no key", KeyKind.Refused, []),
        3 => new("an unknown key", KeyKind.Refused, [Bearer("inv_" + string.Concat(Enumerable.Range(0, 43).Select(_ => (char)random.Next('a', 'z' + 1))))]),
        4 => new("the key with its last character changed", KeyKind.Refused, [Bearer(Key[..^1] + (Key[^1] == 'q' ? 'r' : 'q'))]),
        5 => new("the key cut short", KeyKind.Refused, [Bearer(Key[..^1])]),
        6 => new("the key with a character appended", KeyKind.Refused, [Bearer(Key + "x")]),
        7 => new("the key in capitals", KeyKind.Refused, [Bearer(Key.ToUpperInvariant())]),
        8 => new("an empty bearer token", KeyKind.Refused, [new("Authorization", random.Next(2) == 0 ? "Bearer " : "Bearer       ")]),
        9 => new("the key as basic credentials", KeyKind.Refused, [new("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("tests:" + Key)))]),
        10 => new("the key without a scheme", KeyKind.Refused, [new("Authorization", Key)]),
        11 => new("the key under a Token scheme", KeyKind.Refused, [new("Authorization", "Token " + Key)]),
        12 => new("a 20,000-character key", KeyKind.Refused, [Bearer(new string('k', 20_000))]),
        13 => new("an unknown X-Api-Key", KeyKind.Refused, [new("X-Api-Key", "inv_unknown")]),
        14 => new("a non-ASCII key", KeyKind.Refused, [new("X-Api-Key", "inv_ключ-🔑")]),
        15 => new("the key in the query string", KeyKind.Refused, [], random.Next(2) == 0 ? "api_key=" + Key : "access_token=" + Key),
        16 => new("a wrong X-Api-Key beside a valid bearer key", KeyKind.Refused, [new("X-Api-Key", "inv_wrong"), Bearer(Key)]),
        17 => new("a webhook secret as the key", KeyKind.Refused, [new("X-Api-Key", WebhookRequests.GenericSecret)]),
        _ => new("the key's SHA-256 instead of the key", KeyKind.Refused, [new("X-Api-Key", ApiKeys.HashHex(Key))]),
    };

    /// <summary>A known key that lacks <paramref name="scope"/>.</summary>
    public static ApiCredential Unscoped(Random random, string scope)
    {
        var keys = FuzzKeys.Lacking(scope);
        var key = keys[random.Next(keys.Count)];
        var name = $"a key without {scope} ({key[4..key.IndexOf('-', 9)]})";
        return random.Next(2) == 0 ? new(name, KeyKind.Unscoped, [Bearer(key)]) : new(name, KeyKind.Unscoped, [new("X-Api-Key", key)]);
    }

    private static KeyValuePair<string, string> Bearer(string key) => new("Authorization", "Bearer " + key);
}
