using System.Diagnostics;
using Investigator.Core.Investigation.Logs;

namespace Investigator.Evals.RealData;

/// <summary>How fast the miner ran: the median of the timed windows, each window's rate, and the lines timed in all.</summary>
public sealed record ThroughputResult(double LinesPerSecond, IReadOnlyList<double> WindowRates, long LinesTimed);

/// <summary>
/// Lines per second of the miner on the calling thread: a pass puts every system's lines, header included,
/// through a fresh miner with that system's settings, so learning the templates is part of what is timed.
/// The lines are in memory (reading files is not timed). Passes repeat for a warm-up, so the JIT has
/// compiled the miner before the clock runs, and then for each timed window; the median window is the
/// figure, which one slow window on a busy machine does not move.
/// </summary>
public static class LoghubThroughput
{
    public static ThroughputResult Measure(
        IReadOnlyList<(LogMinerSettings Settings, string[] Lines)> systems, TimeSpan warmUp, TimeSpan window, int windows, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windows, 1);
        if (systems.Sum(s => s.Lines.Length) == 0)
        {
            return new ThroughputResult(0, [], 0);
        }

        var clock = Stopwatch.StartNew();
        do
        {
            Pass(systems, cancellationToken);
        }
        while (clock.Elapsed < warmUp);

        var rates = new List<double>();
        long timed = 0;
        for (var w = 0; w < windows; w++)
        {
            long lines = 0;
            clock.Restart();
            do
            {
                lines += Pass(systems, cancellationToken);
            }
            while (clock.Elapsed < window);

            rates.Add(lines / clock.Elapsed.TotalSeconds);
            timed += lines;
        }

        var sorted = rates.Order().ToList();
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        return new ThroughputResult(median, rates, timed);
    }

    private static long Pass(IReadOnlyList<(LogMinerSettings Settings, string[] Lines)> systems, CancellationToken cancellationToken)
    {
        long lines = 0;
        foreach (var (settings, systemLines) in systems)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var miner = new LogTemplateMiner(settings);
            foreach (var line in systemLines)
            {
                miner.Observe(line);
            }

            lines += systemLines.Length;
        }

        return lines;
    }
}
