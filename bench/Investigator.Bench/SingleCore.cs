using System.Diagnostics;

namespace Investigator.Bench;

/// <summary>What the one-core benchmarks share: pinning the process to one CPU, and percentiles.</summary>
internal static class SingleCore
{
    /// <summary>Pins the process to its first allowed CPU where the OS supports affinity (Linux, Windows).</summary>
    public static bool Pin()
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsWindows()))
        {
            return false;
        }

        try
        {
            using var process = Process.GetCurrentProcess();
            var allowed = (long)process.ProcessorAffinity;
            var first = allowed & -allowed;
            process.ProcessorAffinity = (nint)(first == 0 ? 1 : first);
            return true;
        }
        catch (Exception ex) when (ex is PlatformNotSupportedException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The nearest-rank percentile (p in 0–100) of the values.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }
}
