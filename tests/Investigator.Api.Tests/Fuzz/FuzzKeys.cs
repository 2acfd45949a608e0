using Investigator.Api.Access;

namespace Investigator.Api.Tests.Fuzz;

/// <summary>
/// The API keys the fuzzed service knows: the test key with every scope (<see cref="ServiceHost.TestKey"/>), one key
/// per single scope, and a key with none, so every route can be called with a key that lacks its scope.
/// </summary>
internal static class FuzzKeys
{
    public const string Reader = "inv_fuzz-reader-0123456789abcdefghijklmnopqrstuv";
    public const string Investigator = "inv_fuzz-investigator-0123456789abcdefghijklmno";
    public const string Reviewer = "inv_fuzz-reviewer-0123456789abcdefghijklmnopqrst";
    public const string Scopeless = "inv_fuzz-scopeless-0123456789abcdefghijklmnopqrs";

    private static readonly (string Id, string Key, string[] Scopes)[] Keys =
    [
        ("fuzz-reader", Reader, [Scopes.ReadCases]),
        ("fuzz-investigator", Investigator, [Scopes.Investigate]),
        ("fuzz-reviewer", Reviewer, [Scopes.Review]),
        ("fuzz-scopeless", Scopeless, []),
    ];

    /// <summary>The Access:ApiKeys entries for these keys (the test key is configured by <see cref="ServiceHost"/>).</summary>
    public static (string Key, string Value)[] Settings() =>
    [
        .. Keys.SelectMany((k, i) => new[] { ($"Access:ApiKeys:{i}:Id", k.Id), ($"Access:ApiKeys:{i}:Sha256", ApiKeys.HashHex(k.Key)) }
            .Concat(k.Scopes.Select((s, j) => ($"Access:ApiKeys:{i}:Scopes:{j}", s)))),
    ];

    /// <summary>The known keys that do not carry <paramref name="scope"/>.</summary>
    public static IReadOnlyList<string> Lacking(string scope) => [.. Keys.Where(k => !k.Scopes.Contains(scope)).Select(k => k.Key)];
}
