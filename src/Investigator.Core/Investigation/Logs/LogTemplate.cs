namespace Investigator.Core.Investigation.Logs;

/// <summary>
/// One kind of log line the miner has learned: its tokens with the varying positions as <c>&lt;*&gt;</c>,
/// how many lines it has absorbed, when it was first and last seen, and the line that created it.
/// The miner updates it in place as more lines arrive, so its <see cref="Id"/> is the stable name of the group.
/// </summary>
public sealed class LogTemplate
{
    private string? _text;
    private bool[]? _open;

    internal LogTemplate(int id, string[] tokens, DateTimeOffset at, string example)
    {
        Id = id;
        Tokens = tokens;
        FirstSeen = at;
        LastSeen = at;
        Example = example;
    }

    public int Id { get; }

    /// <summary>The template as text: tokens joined by single spaces.</summary>
    public string Text => _text ??= string.Join(' ', Tokens);

    public int Count { get; private set; }

    public DateTimeOffset FirstSeen { get; private set; }

    public DateTimeOffset LastSeen { get; private set; }

    /// <summary>The line that created the template (capped in length).</summary>
    public string Example { get; }

    internal string[] Tokens { get; }

    /// <summary>Where the template lives in the parse tree, so that forgetting it can prune the branch.</summary>
    internal ParseNode? Leaf { get; set; }

    /// <summary>Its place in the miner's most-recently-seen order.</summary>
    internal LinkedListNode<LogTemplate>? Recency { get; set; }

    internal void Absorb(DateTimeOffset at)
    {
        Count++;
        if (at < FirstSeen)
        {
            FirstSeen = at;
        }

        if (at > LastSeen)
        {
            LastSeen = at;
        }
    }

    /// <summary>
    /// Whether position <paramref name="index"/> became a wildcard because lines disagreed there. Such a
    /// position is known to vary, so any token matches it; a wildcard that came from a mask matches only
    /// masked tokens, else a template of one masked token would swallow every one-token line.
    /// </summary>
    internal bool IsOpen(int index) => _open is not null && _open[index];

    /// <summary>Turns position <paramref name="index"/> into an open wildcard.</summary>
    internal void Generalize(int index)
    {
        (_open ??= new bool[Tokens.Length])[index] = true;
        Tokens[index] = LogTokenizer.Wildcard;
        _text = null;
    }

    public override string ToString() => Text;
}
