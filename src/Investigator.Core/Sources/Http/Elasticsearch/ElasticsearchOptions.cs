namespace Investigator.Core.Sources.Http.Elasticsearch;

/// <summary>An Elasticsearch or OpenSearch cluster that holds the product's logs as documents.</summary>
public sealed class ElasticsearchOptions : IHttpSourceOptions
{
    public string? BaseUrl { get; set; }

    /// <summary>Elasticsearch API keys go in Authorization with the scheme "ApiKey"; Basic with Username/Password.</summary>
    public SourceAuthOptions Auth { get; set; } = new() { Scheme = "ApiKey" };

    public SourceResilienceOptions Resilience { get; set; } = new();

    /// <summary>The index, alias, data stream or pattern to search, for example logs-flowpoint-*.</summary>
    public string Index { get; set; } = "logs-*";

    /// <summary>
    /// Document fields. The account, service, level and error-code fields must be keyword fields
    /// (exact terms), for example accountId.keyword on a dynamic mapping.
    /// </summary>
    public LogFieldNames Fields { get; set; } = new();

    /// <summary>The most documents one search returns (the index's max_result_window is 10000 by default).</summary>
    public int MaxHits { get; set; } = 5000;

    public IEnumerable<string> Problems(string section)
    {
        foreach (var problem in HttpSourceValidation.Problems(this, section).Concat(Fields.Problems(section)))
        {
            yield return problem;
        }

        if (string.IsNullOrWhiteSpace(Index) || Index.Any(c => char.IsWhiteSpace(c) || c is '/' or '?' or '#'))
        {
            yield return $"{section}:Index '{Index}' is not an index name or pattern.";
        }

        if (MaxHits is < 1 or > 10_000)
        {
            yield return $"{section}:MaxHits ({MaxHits}) must be between 1 and 10000.";
        }
    }
}
