using System.Globalization;
using System.Text.Json;

namespace Investigator.Core.Sources.Http.Loki;

/// <summary>
/// Logs from Grafana Loki: a LogQL log query over <c>query_range</c> for the case's account, and a
/// LogQL metric query for the affected-accounts count, so other tenants' lines never leave Loki.
/// </summary>
public sealed class LokiLogSource : ILogSource
{
    private const string Source = "logs";
    private readonly ILokiApi _api;
    private readonly LokiOptions _options;
    private readonly LogQl _logQl;
    private readonly LogEntryReader _reader;

    public LokiLogSource(ILokiApi api, LokiOptions options)
    {
        _api = api;
        _options = options;
        _logQl = new LogQl(options);
        _reader = new LogEntryReader(options.Fields);
    }

    public Task<LogSearchPage> SearchAsync(LogQuery query, CancellationToken cancellationToken) =>
        SourceCall.RunAsync(Source, async () =>
        {
            var limit = Math.Clamp(query.Limit, 1, _options.MaxLines);
            var requested = Math.Min(limit + 1, _options.MaxLines);
            var logQl = _logQl.Search(query);
            // Newest first, one line more than the page: a full answer means there may be more.
            var response = await _api.QueryRangeAsync(logQl, Nanoseconds(query.From), Nanoseconds(query.To), requested, "backward", cancellationToken);
            var lines = Streams(response)
                .SelectMany(stream => (stream.Values ?? []).Select(value => Line(stream.Stream ?? new Dictionary<string, string>(), value)))
                .OrderBy(line => line.Ts)
                .ToList();
            if (lines.Count < requested)
            {
                return new LogSearchPage(lines, lines.Count, false);
            }

            var total = await CountAsync(_logQl.CountLines(query, query.To - query.From), query.To, cancellationToken);
            var page = lines.Count > limit ? lines.GetRange(lines.Count - limit, limit) : lines;
            return new LogSearchPage(page, Math.Max(total, lines.Count), total > page.Count);
        }, cancellationToken);

    public Task<int> CountAffectedAccountsAsync(string contains, DateTimeOffset from, DateTimeOffset to, string? service, CancellationToken cancellationToken) =>
        SourceCall.RunAsync(Source, () => CountAsync(_logQl.CountAccounts(contains, service, to - from), to, cancellationToken), cancellationToken);

    private async Task<int> CountAsync(string logQl, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var response = await _api.QueryAsync(logQl, Nanoseconds(at), cancellationToken);
        Expect(response, "vector");
        var samples = response.Data!.Result ?? [];
        if (samples.Count == 0)
        {
            return 0;   // no matching line: Loki returns an empty vector
        }

        var value = samples[0].Value is [_, { ValueKind: JsonValueKind.String } number]
            ? number.GetString()
            : throw new InvalidDataException("a vector sample has no [time, \"value\"] pair");
        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var count)
            ? (int)Math.Round(count)
            : throw new InvalidDataException($"the sample value '{value}' is not a number");
    }

    private static IReadOnlyList<LokiResult> Streams(LokiResponse response)
    {
        Expect(response, "streams");
        return response.Data!.Result ?? [];
    }

    private static void Expect(LokiResponse response, string resultType)
    {
        if (response.Status != "success" || response.Data is null)
        {
            throw new InvalidDataException($"status '{response.Status}' without data");
        }

        if (response.Data.ResultType != resultType)
        {
            throw new InvalidDataException($"resultType '{response.Data.ResultType}' where '{resultType}' was expected");
        }
    }

    private LogEntry Line(IReadOnlyDictionary<string, string> labels, JsonElement[] value)
    {
        if (value is not [{ ValueKind: JsonValueKind.String } ns, { ValueKind: JsonValueKind.String } line, ..]
            || !long.TryParse(ns.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var nanoseconds))
        {
            throw new InvalidDataException("a stream value is not [\"<ns>\", \"<line>\"]");
        }

        var record = LogRecord.FromLine(line.GetString()!, _options.Fields.Message);
        var at = DateTimeOffset.UnixEpoch.AddTicks(nanoseconds / 100);
        return _reader.Read(record, labels, at, _options.ServiceLabel, _options.LevelLabel, _options.AccountLabel);
    }

    internal static long Nanoseconds(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
}
