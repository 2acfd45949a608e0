using System.ComponentModel.DataAnnotations;

namespace Investigator.Api.Access;

/// <summary>
/// Who may call the API. Section "Access". Keys are stored as the SHA-256 of the key (hex), never the key:
/// a key is 32 random bytes, so a plain hash is enough to make a stolen configuration useless.
/// </summary>
public sealed class AccessOptions : IValidatableObject
{
    public const string Section = "Access";

    public List<ApiKeyEntry> ApiKeys { get; set; } = [];

    /// <summary>
    /// With no keys configured, a key with every scope is generated at start and written to this file
    /// (relative to the content root), for this run only; empty turns that off and leaves the API closed.
    /// </summary>
    public string DevelopmentKeyFile { get; set; } = "data/dev-api-key";

    /// <summary>Requests each client (API key, or address when unauthenticated) may make per minute.</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerMinute { get; set; } = 600;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < ApiKeys.Count; i++)
        {
            var key = ApiKeys[i];
            if (string.IsNullOrWhiteSpace(key.Id))
            {
                yield return new ValidationResult($"Access:ApiKeys:{i}:Id is required.");
            }

            if (key.Sha256 is not { Length: 64 } hash || !hash.All(Uri.IsHexDigit))
            {
                yield return new ValidationResult($"Access:ApiKeys:{i}:Sha256 must be the 64 hex digits of the key's SHA-256 (run `Investigator.Api new-api-key`).");
            }

            foreach (var scope in key.Scopes.Where(s => !Scopes.All.Contains(s)))
            {
                yield return new ValidationResult($"Access:ApiKeys:{i}:Scopes has unknown scope '{scope}'; expected {string.Join(", ", Scopes.All)}.");
            }
        }

        if (ApiKeys.GroupBy(k => k.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            yield return new ValidationResult($"Access:ApiKeys has the id '{duplicate.Key}' twice.");
        }
    }
}

/// <summary>One API key: a name for logs and limits, the SHA-256 of the key, and what it may do.</summary>
public sealed class ApiKeyEntry
{
    public string Id { get; set; } = "";

    public string Sha256 { get; set; } = "";

    public List<string> Scopes { get; set; } = [];
}

/// <summary>What a key may do.</summary>
public static class Scopes
{
    /// <summary>Read cases, SLA breaches, knowledge suggestions and the API's documents.</summary>
    public const string ReadCases = "cases:read";

    /// <summary>Start investigations.</summary>
    public const string Investigate = "investigations:write";

    /// <summary>Act on cases as a lead: acknowledge, resolve, retry.</summary>
    public const string Review = "cases:review";

    public static readonly IReadOnlyList<string> All = [ReadCases, Investigate, Review];
}
