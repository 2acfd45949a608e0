namespace Investigator.Core.Sources.Http.Statuspage;

/// <summary>An Atlassian Statuspage (its public v2 API), for example https://status.example.com.</summary>
public sealed class StatuspageOptions : IHttpSourceOptions
{
    public string? BaseUrl { get; set; }

    /// <summary>Public pages need none; an audience-specific page takes a token.</summary>
    public SourceAuthOptions Auth { get; set; } = new();

    public SourceResilienceOptions Resilience { get; set; } = new();

    /// <summary>
    /// True when the page groups components by region (a group "eu-west" holding "API"): component names
    /// then become "API (eu-west)", the form incidents are matched to an account's region by.
    /// </summary>
    public bool ComponentGroupsAreRegions { get; set; }

    public IEnumerable<string> Problems(string section) => HttpSourceValidation.Problems(this, section);
}
