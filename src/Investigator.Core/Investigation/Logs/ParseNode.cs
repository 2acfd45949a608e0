namespace Investigator.Core.Investigation.Logs;

/// <summary>
/// A node of the miner's fixed-depth parse tree: an inner node routes by one leading token (looked up
/// by span, so routing allocates nothing), a leaf holds the templates of the lines routed to it.
/// </summary>
internal sealed class ParseNode
{
    private Dictionary<string, ParseNode>? _children;
    private Dictionary<string, ParseNode>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public ParseNode(ParseNode? parent, string? key)
    {
        Parent = parent;
        Key = key;
    }

    public ParseNode? Parent { get; }

    /// <summary>The token this node is reached by from its parent; null for the wildcard branch and the token-count layer.</summary>
    public string? Key { get; }

    /// <summary>Where tokens that hold variables go, and every token once the node is full.</summary>
    public ParseNode? Wildcard { get; set; }

    public List<LogTemplate>? Templates { get; set; }

    public int ChildCount => _children?.Count ?? 0;

    /// <summary>Every child, the wildcard branch included.</summary>
    public IEnumerable<ParseNode> Children
    {
        get
        {
            IEnumerable<ParseNode> named = _children is null ? [] : _children.Values;
            return Wildcard is null ? named : named.Append(Wildcard);
        }
    }

    public bool IsEmpty => ChildCount == 0 && Wildcard is null && (Templates is null || Templates.Count == 0);

    public ParseNode? Child(ReadOnlySpan<char> token) =>
        _children is not null && _lookup.TryGetValue(token, out var child) ? child : null;

    public ParseNode AddChild(ReadOnlySpan<char> token)
    {
        if (_children is null)
        {
            _children = new Dictionary<string, ParseNode>(StringComparer.Ordinal);
            _lookup = _children.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        var key = token.ToString();
        var child = new ParseNode(this, key);
        _children.Add(key, child);
        return child;
    }

    public void Remove(ParseNode child)
    {
        if (ReferenceEquals(Wildcard, child))
        {
            Wildcard = null;
        }
        else if (child.Key is not null)
        {
            _children?.Remove(child.Key);
        }
    }
}
