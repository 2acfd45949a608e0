using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Investigator.Core.Sources.Http.Elasticsearch;

/// <summary>
/// Logs from Elasticsearch or OpenSearch: a <c>bool</c> filter query scoped to the case's account for a
/// search, and a <c>cardinality</c> aggregation with <c>size: 0</c> for the affected-accounts count, so
/// no other tenant's document is ever returned.
/// </summary>
public sealed class ElasticsearchLogSource : ILogSource
{
    private const string Source = "logs";
    private const string AccountsAggregation = "affected_accounts";
    private readonly IElasticsearchApi _api;
    private readonly ElasticsearchOptions _options;
    private readonly LogEntryReader _reader;

    public ElasticsearchLogSource(IElasticsearchApi api, ElasticsearchOptions options)
    {
        _api = api;
        _options = options;
        _reader = new LogEntryReader(options.Fields);
    }

    public Task<LogSearchPage> SearchAsync(LogQuery query, CancellationToken cancellationToken) =>
        SourceCall.RunAsync(Source, async () =>
        {
            var limit = Math.Clamp(query.Limit, 1, _options.MaxHits);
            var response = await _api.SearchAsync(_options.Index, SearchRequest(query, limit), cancellationToken);
            var hits = response.Hits ?? throw new InvalidDataException("no hits object");
            var lines = (hits.Hits ?? [])
                .Select(hit => _reader.Read(LogRecord.FromJson(hit.Source), labels: null, at: null))
                .OrderBy(line => line.Ts)
                .ToList();
            var total = Math.Max(Total(hits.Total), lines.Count);
            return new LogSearchPage(lines, total, total > lines.Count);
        }, cancellationToken);

    public Task<int> CountAffectedAccountsAsync(string contains, DateTimeOffset from, DateTimeOffset to, string? service, CancellationToken cancellationToken) =>
        SourceCall.RunAsync(Source, async () =>
        {
            var response = await _api.SearchAsync(_options.Index, CountRequest(contains, from, to, service), cancellationToken);
            if (response.Aggregations?.GetValueOrDefault(AccountsAggregation) is not { ValueKind: JsonValueKind.Object } aggregation
                || !aggregation.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Number)
            {
                throw new InvalidDataException($"no {AccountsAggregation}.value in aggregations");
            }

            return (int)value.GetInt64();
        }, cancellationToken);

    /// <summary>The newest <paramref name="limit"/> documents of one account, with an exact total.</summary>
    internal JsonObject SearchRequest(LogQuery query, int limit)
    {
        var fields = _options.Fields;
        var filter = new JsonArray
        {
            Range(query.From, query.To),
            Term(fields.Account, query.AccountId),
        };
        if (query.Service is not null)
        {
            filter.Add(Term(fields.Service, query.Service));
        }

        if (!LevelNames.AdmitsAll(query.MinLevel))
        {
            filter.Add(Levels(query.MinLevel!));
        }

        if (!string.IsNullOrEmpty(query.Contains))
        {
            filter.Add(Signature(query.Contains));
        }

        return new JsonObject
        {
            ["size"] = limit,
            ["track_total_hits"] = true,
            ["sort"] = new JsonArray { new JsonObject { [fields.Timestamp] = new JsonObject { ["order"] = "desc" } } },
            ["_source"] = new JsonArray([.. fields.All.Distinct().Select(f => (JsonNode)f)]),
            ["query"] = new JsonObject { ["bool"] = new JsonObject { ["filter"] = filter } },
        };
    }

    /// <summary>Distinct accounts with a matching warn+ document; no documents come back.</summary>
    internal JsonObject CountRequest(string contains, DateTimeOffset from, DateTimeOffset to, string? service)
    {
        var fields = _options.Fields;
        var filter = new JsonArray { Range(from, to), Levels("warn"), Signature(contains), Exists(fields.Account) };
        if (service is not null)
        {
            filter.Add(Term(fields.Service, service));
        }

        return new JsonObject
        {
            ["size"] = 0,
            ["track_total_hits"] = false,
            ["query"] = new JsonObject { ["bool"] = new JsonObject { ["filter"] = filter } },
            ["aggs"] = new JsonObject
            {
                [AccountsAggregation] = new JsonObject { ["cardinality"] = new JsonObject { ["field"] = fields.Account } },
            },
        };
    }

    private JsonObject Range(DateTimeOffset from, DateTimeOffset to) => new()
    {
        ["range"] = new JsonObject
        {
            [_options.Fields.Timestamp] = new JsonObject
            {
                ["gte"] = Iso(from),
                ["lt"] = Iso(to),
                ["format"] = "strict_date_optional_time",
            },
        },
    };

    private static JsonObject Term(string field, string value) => new() { ["term"] = new JsonObject { [field] = value } };

    private static JsonObject Exists(string field) => new() { ["exists"] = new JsonObject { ["field"] = field } };

    /// <summary>Every spelling of the admitted levels, lower and upper case, since terms are exact.</summary>
    private JsonObject Levels(string minLevel)
    {
        var names = LevelNames.AtLeast(minLevel).SelectMany(n => new[] { n, n.ToUpperInvariant() }).Select(n => (JsonNode)n);
        return new JsonObject { ["terms"] = new JsonObject { [_options.Fields.Level] = new JsonArray([.. names]) } };
    }

    /// <summary>The message contains the phrase, or the error code is exactly the text.</summary>
    private JsonObject Signature(string text) => new()
    {
        ["bool"] = new JsonObject
        {
            ["should"] = new JsonArray
            {
                new JsonObject { ["match_phrase"] = new JsonObject { [_options.Fields.Message] = text } },
                Term(_options.Fields.ErrorCode, text),
            },
            ["minimum_should_match"] = 1,
        },
    };

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static int Total(JsonElement total)
    {
        var value = total.ValueKind switch
        {
            JsonValueKind.Number => total.GetInt64(),
            JsonValueKind.Object when total.TryGetProperty("value", out var count) => count.GetInt64(),
            _ => 0L,
        };
        return (int)Math.Min(value, int.MaxValue);
    }
}
