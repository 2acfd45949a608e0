using Investigator.Core.Investigation.Logs;

namespace Investigator.Evals.RealData;

/// <summary>
/// One loghub system as the miner is configured for it, and Drain's published grouping accuracy on its
/// 2k sample for comparison (null when none is published).
/// </summary>
public sealed record LoghubSystem(string Name, LogMinerSettings Settings, double? PublishedDrainGa);

/// <summary>
/// The per-system configuration of the "loghub" suite, as data. Only the header layout differs between
/// systems: every row shares <see cref="Shared"/> (the generic masks plus dotted names, the miner's
/// default threshold and depth). No row carries a system-specific mask or threshold.
/// <para>
/// Header layouts are the ones the loghub 2k files are written in (the same fields the loghub
/// _structured.csv columns name); they only say where the message starts. Published Drain figures are
/// the grouping accuracies of Drain's benchmark on loghub_2k as listed in logpai/logparser
/// (logparser/Drain/README.md), the benchmark released with Zhu et al., "Tools and Benchmarks for
/// Automated Log Parsing", ICSE-SEIP 2019; that benchmark tuned a regex list, a threshold and a depth
/// per dataset. They were scored against the loghub ground truth of their time, which has been revised since.
/// </para>
/// </summary>
public static class LoghubSystems
{
    /// <summary>What every system shares. Dotted names are masked: in these logs they are host and package names.</summary>
    public static readonly LogMinerSettings Shared = new() { Masks = LogMasks.Default | LogMasks.DottedNames };

    /// <summary>The settings for a system without a row: the shared ones, reading each line whole.</summary>
    public static readonly LogMinerSettings Unknown = Shared;

    public static readonly IReadOnlyList<LoghubSystem> All =
    [
        Row("Android", "<Date> <Time> <Pid> <Tid> <Level> <Component>: <Content>", 0.911),
        Row("Apache", "[<Time>] [<Level>] <Content>", 1.0),
        Row("BGL", "<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>", 0.9625),
        Row("HDFS", "<Date> <Time> <Pid> <Level> <Component>: <Content>", 0.9975),
        Row("HPC", "<LogId> <Node> <Component> <State> <Time> <Flag> <Content>", 0.887),
        Row("Hadoop", "<Date> <Time> <Level> [<Process>] <Component>: <Content>", 0.9475),
        Row("Linux", "<Month> <Date> <Time> <Host> <Component>: <Content>", 0.69),
        Row("Mac", "<Month> <Date> <Time> <Host> <Component>: <Content>", 0.7865),
        Row("OpenSSH", "<Date> <Day> <Time> <Host> <Component>: <Content>", 0.7875),
        Row("OpenStack", "<Logrecord> <Date> <Time> <Pid> <Level> <Component> [<ADDR>] <Content>", 0.7325),
        Row("Spark", "<Date> <Time> <Level> <Component>: <Content>", 0.92),
        Row("Zookeeper", "<Date> <Time> - <Level> [<Node>] - <Content>", 0.9665),
    ];

    private static LoghubSystem Row(string name, string header, double? publishedDrainGa) =>
        new(name, Shared with { HeaderFormat = header }, publishedDrainGa);
}
