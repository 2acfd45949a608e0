using System.Text.Json;
using Investigator.Core.Diagnostics;

namespace Investigator.Core.Sources.Local;

/// <summary>
/// A world folder (the demo world, or an evaluation's recorded world) loaded once into memory.
/// Logs are indexed by account and time so that a search touches only the case's own tenant.
/// </summary>
public sealed class LocalWorld
{
    private readonly Dictionary<string, Account> _accountsById;
    private readonly Dictionary<string, LogEntry[]> _logsByAccount;

    private LocalWorld(string root, IReadOnlyList<Account> accounts, IReadOnlyList<Deploy> deploys, IReadOnlyList<StatusIncident> incidents, IEnumerable<LogEntry> logs)
    {
        Root = root;
        Accounts = accounts;
        Deploys = deploys;
        Incidents = incidents;
        _accountsById = accounts.ToDictionary(a => a.Id, StringComparer.OrdinalIgnoreCase);
        _logsByAccount = logs
            .Where(l => l.AccountId is not null)
            .GroupBy(l => l.AccountId!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.OrderBy(l => l.Ts).ToArray(), StringComparer.OrdinalIgnoreCase);
        LogLineCount = _logsByAccount.Values.Sum(v => v.Length);
    }

    public string Root { get; }

    public IReadOnlyList<Account> Accounts { get; }

    public IReadOnlyList<Deploy> Deploys { get; }

    public IReadOnlyList<StatusIncident> Incidents { get; }

    /// <summary>Lines that belong to an account (system lines without one are not searchable by tenant).</summary>
    public int LogLineCount { get; }

    public Account? Account(string id) => _accountsById.GetValueOrDefault(id);

    /// <summary>The account's lines between two instants, oldest first.</summary>
    public ReadOnlySpan<LogEntry> LogsOf(string accountId, DateTimeOffset from, DateTimeOffset to)
    {
        if (!_logsByAccount.TryGetValue(accountId, out var lines))
        {
            return [];
        }

        var start = LowerBound(lines, from);
        var end = LowerBound(lines, to);
        return lines.AsSpan(start, end - start);
    }

    /// <summary>Every account's lines in a window; used only for counts, never returned to a tool.</summary>
    public IEnumerable<(string AccountId, LogEntry Line)> AllLogs(DateTimeOffset from, DateTimeOffset to)
    {
        foreach (var (account, lines) in _logsByAccount)
        {
            var start = LowerBound(lines, from);
            var end = LowerBound(lines, to);
            for (var i = start; i < end; i++)
            {
                yield return (account, lines[i]);
            }
        }
    }

    /// <summary>A world made from records (evaluation fixtures and tests); <paramref name="root"/> is where its kb/ folder would be.</summary>
    public static LocalWorld Create(string root, IReadOnlyList<Account> accounts, IReadOnlyList<Deploy> deploys, IReadOnlyList<StatusIncident> incidents, IEnumerable<LogEntry> logs) =>
        new(root, accounts, deploys, incidents, logs);

    /// <summary>Loads a world folder. Missing optional parts (logs, status) load as empty.</summary>
    public static LocalWorld Load(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"World folder '{root}' does not exist.");
        }

        var accounts = Read<List<Account>>(Path.Combine(root, "accounts.json")) ?? [];
        var deploys = Read<List<Deploy>>(Path.Combine(root, "deploys.json")) ?? [];
        var incidents = Read<StatusIncidentsDocument>(Path.Combine(root, "status", "incidents.json"))?.Incidents ?? [];
        var logs = new List<LogEntry>();
        var logDir = Path.Combine(root, "logs");
        if (Directory.Exists(logDir))
        {
            foreach (var file in Directory.EnumerateFiles(logDir, "*.jsonl").Order(StringComparer.Ordinal))
            {
                var lineNumber = 0;
                foreach (var line in File.ReadLines(file))
                {
                    lineNumber++;
                    if (line.Length == 0)
                    {
                        continue;
                    }

                    try
                    {
                        logs.Add(JsonSerializer.Deserialize<LogEntry>(line, ContractJson.Options)
                                 ?? throw new InvalidDataException("null log line"));
                    }
                    catch (JsonException ex)
                    {
                        throw new InvalidDataException($"{file}:{lineNumber}: not a log line: {ex.Message}", ex);
                    }
                }
            }
        }

        return new LocalWorld(root, accounts, deploys, incidents, logs);
    }

    private static T? Read<T>(string path) where T : class
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<T>(stream, ContractJson.Options);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: line {ex.LineNumber + 1}: {ex.Message}", ex);
        }
    }

    private static int LowerBound(LogEntry[] lines, DateTimeOffset at)
    {
        int lo = 0, hi = lines.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (lines[mid].Ts < at) lo = mid + 1;
            else hi = mid;
        }

        return lo;
    }
}
