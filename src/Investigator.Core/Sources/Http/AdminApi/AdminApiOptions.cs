namespace Investigator.Core.Sources.Http.AdminApi;

/// <summary>
/// The product's admin API, implementing the contract Investigator publishes at
/// <c>GET /contracts/admin-api.openapi.json</c>. It answers for accounts and for deploys.
/// </summary>
public sealed class AdminApiOptions : IHttpSourceOptions
{
    public string? BaseUrl { get; set; }

    /// <summary>A bearer token by default; set Header (X-Api-Key) and an empty Scheme for an API-key header.</summary>
    public SourceAuthOptions Auth { get; set; } = new();

    public SourceResilienceOptions Resilience { get; set; } = new();

    /// <summary>Accounts one e-mail address may match before the rest are left out (they make the match ambiguous anyway).</summary>
    public int MaxCandidates { get; set; } = 5;

    /// <summary>The newest configuration changes read per account.</summary>
    public int MaxConfigChanges { get; set; } = 200;

    public IEnumerable<string> Problems(string section)
    {
        foreach (var problem in HttpSourceValidation.Problems(this, section))
        {
            yield return problem;
        }

        if (MaxCandidates is < 2 or > 50)
        {
            yield return $"{section}:MaxCandidates ({MaxCandidates}) must be between 2 and 50.";
        }

        if (MaxConfigChanges is < 1 or > 1000)
        {
            yield return $"{section}:MaxConfigChanges ({MaxConfigChanges}) must be between 1 and 1000.";
        }
    }
}
