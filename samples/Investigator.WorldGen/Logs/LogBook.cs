using Investigator.Core.Sources;

namespace Investigator.WorldGen.Logs;

/// <summary>Collects log lines per service; hands them out time-ordered.</summary>
internal sealed class LogBook
{
    private readonly Dictionary<string, List<LogEntry>> byService =
        WorldFacts.Services.ToDictionary(s => s, _ => new List<LogEntry>(), StringComparer.Ordinal);

    public void Add(LogEntry entry)
    {
        if (entry.Ts < WorldFacts.WindowFrom || entry.Ts >= WorldFacts.WindowTo)
        {
            return; // A run that finishes after the window closes is simply not logged yet.
        }

        byService[entry.Service].Add(entry);
    }

    /// <summary>OrderBy is stable, so lines with equal timestamps keep the order they were written in.</summary>
    public IReadOnlyList<LogEntry> Ordered(string service) => byService[service].OrderBy(e => e.Ts).ToList();

    public int Count(string service) => byService[service].Count;

    public IEnumerable<LogEntry> Lines(string service) => byService[service];
}
