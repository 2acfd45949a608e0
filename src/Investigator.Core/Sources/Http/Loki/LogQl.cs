using System.Globalization;
using System.Text;

namespace Investigator.Core.Sources.Http.Loki;

/// <summary>
/// Builds the LogQL of a log search and of an affected-accounts count. Cheap line filters come first,
/// then the parser extracts only the two fields the filters need, under names of our own so they never
/// collide with stream labels.
/// </summary>
internal sealed class LogQl(LokiOptions options)
{
    internal const string AccountLabel = "investigator_account";
    internal const string LevelLabel = "investigator_level";

    /// <summary>The lines of one account: the query of <c>query_range</c>.</summary>
    public string Search(LogQuery query)
    {
        var text = new StringBuilder(Selector(query.Service, query.MinLevel, accountId: query.AccountId));
        if (options.AccountLabel is null or "")
        {
            text.Append(" |= ").Append(Quote(query.AccountId));
        }

        AppendContains(text, query.Contains);
        AppendParserAndFilters(text, query.AccountId, query.MinLevel);
        return text.ToString();
    }

    /// <summary>How many lines <see cref="Search"/> matches in the window: an instant metric query.</summary>
    public string CountLines(LogQuery query, TimeSpan window) =>
        $"sum(count_over_time({Search(query)} [{Seconds(window)}s]))";

    /// <summary>
    /// The number of distinct accounts with matching warn+ lines: Loki counts, and only the count comes
    /// back, so no other tenant's line ever reaches this process.
    /// </summary>
    public string CountAccounts(string contains, string? service, TimeSpan window)
    {
        var inner = new StringBuilder(Selector(service, "warn", accountId: null));
        AppendContains(inner, contains);
        AppendParserAndFilters(inner, accountId: null, "warn");
        var by = AccountGrouping;
        return $"count(sum by ({by}) (count_over_time({inner} [{Seconds(window)}s])))";
    }

    private string AccountGrouping => options.AccountLabel is { Length: > 0 } label ? label : AccountLabel;

    private string Selector(string? service, string? minLevel, string? accountId)
    {
        var matchers = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.StreamSelector))
        {
            matchers.Add(options.StreamSelector.Trim().TrimEnd(','));
        }

        matchers.Add(service is null ? $"{options.ServiceLabel}=~\".+\"" : $"{options.ServiceLabel}={Quote(service)}");
        if (options.AccountLabel is { Length: > 0 } accountLabel)
        {
            matchers.Add(accountId is null ? $"{accountLabel}=~\".+\"" : $"{accountLabel}={Quote(accountId)}");
        }

        if (options.LevelLabel is { Length: > 0 } levelLabel && !LevelNames.AdmitsAll(minLevel))
        {
            matchers.Add($"{levelLabel}=~{Quote(LevelPattern(minLevel!))}");
        }

        return "{" + string.Join(", ", matchers) + "}";
    }

    private static void AppendContains(StringBuilder text, string? contains)
    {
        if (!string.IsNullOrEmpty(contains))
        {
            // Case-insensitive like the local source: the text may be an error code or words of a message.
            text.Append(" |~ ").Append(Quote("(?i)" + EscapeRegex(contains)));
        }
    }

    private void AppendParserAndFilters(StringBuilder text, string? accountId, string? minLevel)
    {
        var extract = new List<string>();
        var accountInLine = options.AccountLabel is null or "";
        var levelInLine = (options.LevelLabel is null or "") && !LevelNames.AdmitsAll(minLevel);
        if (accountInLine)
        {
            extract.Add($"{AccountLabel}={Quote(options.Fields.Account)}");
        }

        if (levelInLine)
        {
            extract.Add($"{LevelLabel}={Quote(options.Fields.Level)}");
        }

        if (extract.Count == 0)
        {
            return;
        }

        text.Append(options.LineFormat == LogLineFormat.Logfmt ? " | logfmt " : " | json ").Append(string.Join(", ", extract));
        text.Append(" | __error__=\"\"");
        if (accountInLine)
        {
            text.Append(" | ").Append(AccountLabel).Append(accountId is null ? "!=\"\"" : "=" + Quote(accountId));
        }

        if (levelInLine)
        {
            text.Append(" | ").Append(LevelLabel).Append("=~").Append(Quote(LevelPattern(minLevel!)));
        }
    }

    /// <summary>Any spelling of a level at or above the minimum, in any case; info and below admit lines without a level.</summary>
    private static string LevelPattern(string minLevel)
    {
        var names = string.Join("|", LevelNames.AtLeast(minLevel));
        return LogLevels.Rank(LevelNames.Canonical(minLevel)) <= LogLevels.Rank("info") ? $"(?i)(|{names})" : $"(?i)({names})";
    }

    private static string Seconds(TimeSpan window) =>
        Math.Max(1, (long)Math.Ceiling(window.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>A LogQL double-quoted string (Go syntax).</summary>
    internal static string Quote(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }

        return text.Append('"').ToString();
    }

    /// <summary>Escapes RE2's metacharacters so the text matches literally.</summary>
    internal static string EscapeRegex(string value)
    {
        var text = new StringBuilder();
        foreach (var c in value)
        {
            if ("\\.+*?()|[]{}^$".Contains(c, StringComparison.Ordinal))
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        return text.ToString();
    }
}
