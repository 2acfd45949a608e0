namespace Investigator.Core.Investigation.Logs;

/// <summary>
/// The generic masks applied to every token before it reaches the parse tree. A masked part becomes
/// <c>&lt;*&gt;</c>, so lines that differ only in it look alike to the tree from the first line on.
/// </summary>
[Flags]
public enum LogMasks
{
    None = 0,

    /// <summary>Numbers with their separators and a short unit: 42, -7, 0.25, 9.8s, 33ms, 2005-06-03, 10.1.2.3, 15:42:50.</summary>
    Numbers = 1,

    /// <summary>0x-prefixed values and runs of six or more hex digits holding a digit: 0x1f, 9f4ef63, UUIDs.</summary>
    Hex = 2,

    /// <summary>Absolute and relative paths and URLs: /etc/hosts, ./run, C:\temp, https://example.com/a.</summary>
    Paths = 4,

    /// <summary>Any word holding a digit: ids such as node-246, blk_-69522958, appattempt_1445_0020, t761.</summary>
    DigitWords = 8,

    /// <summary>Names of three or more dot-separated parts: host names and package names (ns.example.com, com.tencent.qt).</summary>
    DottedNames = 16,

    /// <summary>Month and weekday abbreviations of a written-out date (Fri Jul 1 09:00:00 2005), title case only.</summary>
    DateNames = 32,

    /// <summary>What a log line's variables usually look like, without dotted names: in a product's own logs those are mostly
    /// exception and class names, the constant part worth telling apart.</summary>
    Default = Numbers | Hex | Paths | DigitWords | DateNames,
}

/// <summary>
/// How a <see cref="LogTemplateMiner"/> parses one system's logs. Per-system differences (header layout,
/// which masks, threshold, depth) are values of this record, never code branches.
/// </summary>
public sealed record LogMinerSettings
{
    /// <summary>The header before the message, as <c>&lt;Field&gt;</c> placeholders and literals, with a <c>&lt;Content&gt;</c> field;
    /// null when lines are messages already. A space matches any run of spaces. Lines that do not fit are taken whole.</summary>
    public string? HeaderFormat { get; init; }

    public LogMasks Masks { get; init; } = LogMasks.Default;

    /// <summary>
    /// The share of a template's positions a line must agree with to join it (Drain's st). 0.8 because with
    /// open wildcards agreeing (see <see cref="LogTemplateMiner"/>) one differing word in a short message
    /// must still make a new template; on loghub-2k any value from 0.75 to 0.9 scored within 0.01 of it.
    /// </summary>
    public double Similarity { get; init; } = 0.8;

    /// <summary>Depth of the parse tree counting the root and the token-count layer: Depth − 2 leading tokens route a line (Drain's depth).</summary>
    public int Depth { get; init; } = 4;

    /// <summary>Children per tree node; past it, new leading tokens share the wildcard branch, which bounds the tree.</summary>
    public int MaxChildren { get; init; } = 100;

    /// <summary>Templates kept; past it the least recently seen is forgotten, which bounds memory on endless distinct lines.</summary>
    public int MaxTemplates { get; init; } = 10_000;

    /// <summary>Tokens of a line that count; the rest of a longer line is ignored.</summary>
    public int MaxTokens { get; init; } = 200;

    /// <summary>Characters of a line that are read; the rest of a longer line is ignored.</summary>
    public int MaxLineLength { get; init; } = 8_192;

    /// <summary>Characters kept of a template's example line.</summary>
    public int MaxExampleLength { get; init; } = 500;

    /// <summary>Fails fast on settings that would make the miner misbehave.</summary>
    public void Validate()
    {
        if (Similarity is < 0 or > 1 || double.IsNaN(Similarity))
        {
            throw new ArgumentOutOfRangeException(nameof(Similarity), Similarity, "Similarity must be between 0 and 1.");
        }

        if (Depth < 3)
        {
            throw new ArgumentOutOfRangeException(nameof(Depth), Depth, "Depth must be at least 3 (root, token count, one leading token).");
        }

        if (MaxChildren < 1 || MaxTemplates < 1 || MaxTokens < 1 || MaxLineLength < 1 || MaxExampleLength < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTemplates), "MaxChildren, MaxTemplates, MaxTokens, MaxLineLength and MaxExampleLength must be positive.");
        }
    }
}
