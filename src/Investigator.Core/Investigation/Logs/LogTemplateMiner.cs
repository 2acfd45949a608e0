namespace Investigator.Core.Investigation.Logs;

/// <summary>
/// A streaming log template miner after Drain (He et al., "Drain: An Online Log Parsing Approach with
/// Fixed Depth Tree", ICWS 2017). Each line, one at a time: the header is cut off
/// (<see cref="LogMinerSettings.HeaderFormat"/>), the message is tokenized with variable parts masked
/// (<see cref="LogMasks"/>), the token count and the first <c>Depth − 2</c> tokens route it down a
/// fixed-depth tree to a leaf, and the leaf's most similar template absorbs it when at least
/// <see cref="LogMinerSettings.Similarity"/> of the positions agree; the positions that disagree become
/// <c>&lt;*&gt;</c>. Otherwise the line starts a new template.
/// <para>
/// Where this departs from Drain: a position that became a wildcard because lines disagreed there agrees
/// with any token, and a wildcard that came from a mask agrees only with a masked token (Drain counts no
/// wildcard as agreeing, which splits lines made mostly of variables into many templates). A line whose
/// masked form was seen before goes straight to the template it joined then, which is where it would be
/// routed again: templates only ever widen, so it still agrees with every position.
/// </para>
/// <para>
/// Memory is bounded: lines and token counts are capped, the tree's fan-out is capped, the exact-repeat
/// table is cleared when full, and past <see cref="LogMinerSettings.MaxTemplates"/> the least recently
/// seen template is forgotten and its empty branch pruned. A line that joins a known template allocates
/// nothing. Not thread-safe: one miner per stream.
/// </para>
/// </summary>
public sealed class LogTemplateMiner
{
    // How many distinct masked lines per kept template are remembered for the exact-repeat shortcut.
    private const int KnownLinesPerTemplate = 4;

    private readonly LogHeaderFormat? _header;
    private readonly LogTokenizer _tokenizer;
    private readonly ParseNode?[] _byLength;
    private readonly LinkedList<LogTemplate> _recency = new();
    private readonly Dictionary<string, LogTemplate> _known = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LogTemplate>.AlternateLookup<ReadOnlySpan<char>> _knownByMasked;
    private int _nextId;

    public LogTemplateMiner(LogMinerSettings? settings = null)
    {
        Settings = settings ?? new LogMinerSettings();
        Settings.Validate();
        _header = Settings.HeaderFormat is null ? null : LogHeaderFormat.Parse(Settings.HeaderFormat);
        _tokenizer = new LogTokenizer(Settings.Masks, Settings.MaxTokens);
        _byLength = new ParseNode?[Settings.MaxTokens + 1];
        _knownByMasked = _known.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public LogMinerSettings Settings { get; }

    /// <summary>Templates kept now (at most <see cref="LogMinerSettings.MaxTemplates"/>).</summary>
    public int TemplateCount => _recency.Count;

    /// <summary>Lines observed since the miner was made.</summary>
    public long LinesSeen { get; private set; }

    /// <summary>The templates kept, most recently seen first.</summary>
    public IEnumerable<LogTemplate> Templates => _recency;

    /// <summary>Learns from one line, seen at <paramref name="at"/>, and returns the template it now belongs to.</summary>
    public LogTemplate Observe(string line, DateTimeOffset at = default)
    {
        ArgumentNullException.ThrowIfNull(line);
        return Observe(line.AsSpan(), line, at);
    }

    /// <inheritdoc cref="Observe(string, DateTimeOffset)"/>
    public LogTemplate Observe(ReadOnlySpan<char> line, DateTimeOffset at = default) => Observe(line, null, at);

    /// <summary>The masked tokens of a line's message, joined by spaces, without learning from it.</summary>
    public string Mask(ReadOnlySpan<char> line)
    {
        _tokenizer.Tokenize(MessageOf(line));
        return _tokenizer.Masked.ToString();
    }

    /// <summary>Nodes in the parse tree, to show that it stays bounded.</summary>
    internal int NodeCount()
    {
        var count = 0;
        var pending = new Stack<ParseNode>(_byLength.Where(n => n is not null)!);
        while (pending.TryPop(out var node))
        {
            count++;
            foreach (var child in node.Children)
            {
                pending.Push(child);
            }
        }

        return count;
    }

    private LogTemplate Observe(ReadOnlySpan<char> line, string? original, DateTimeOffset at)
    {
        _tokenizer.Tokenize(MessageOf(line));
        var masked = _tokenizer.Masked;
        if (!_knownByMasked.TryGetValue(masked, out var template) || template.Leaf is null)
        {
            template = Match(line, original, at);
            if (_known.Count >= (long)Settings.MaxTemplates * KnownLinesPerTemplate)
            {
                _known.Clear();
            }

            _knownByMasked[masked] = template;
        }
        else
        {
            Touch(template);
        }

        template.Absorb(at);
        LinesSeen++;
        return template;
    }

    /// <summary>Routes the tokenized line down the tree to the template it joins, or creates one.</summary>
    private LogTemplate Match(ReadOnlySpan<char> line, string? original, DateTimeOffset at)
    {
        var leaf = Route();
        var template = BestMatch(leaf.Templates!);
        if (template is null)
        {
            return Create(leaf, line, original, at);
        }

        Merge(template);
        Touch(template);
        return template;
    }

    /// <summary>Moves a template to the front of the recency order, so the one forgotten is the one seen longest ago.</summary>
    private void Touch(LogTemplate template)
    {
        if (_recency.First != template.Recency)
        {
            _recency.Remove(template.Recency!);
            _recency.AddFirst(template.Recency!);
        }
    }

    private ReadOnlySpan<char> MessageOf(ReadOnlySpan<char> line)
    {
        if (line.Length > Settings.MaxLineLength)
        {
            line = line[..Settings.MaxLineLength];
        }

        return _header is null ? line.Trim() : _header.ContentOf(line);
    }

    private ParseNode Route()
    {
        var count = _tokenizer.Count;
        var node = _byLength[count] ??= new ParseNode(null, null);
        var routed = Math.Min(count, Settings.Depth - 2);
        for (var i = 0; i < routed; i++)
        {
            if (_tokenizer.IsVariable(i))
            {
                node = node.Wildcard ??= new ParseNode(node, null);
                continue;
            }

            var token = _tokenizer.Token(i);
            node = node.Child(token)
                   ?? (node.ChildCount < Settings.MaxChildren ? node.AddChild(token) : node.Wildcard ??= new ParseNode(node, null));
        }

        node.Templates ??= [];
        return node;
    }

    private LogTemplate? BestMatch(List<LogTemplate> candidates)
    {
        var count = _tokenizer.Count;
        if (count == 0)
        {
            return candidates.Count > 0 ? candidates[0] : null;
        }

        // A candidate that cannot reach the threshold any more is dropped mid-way.
        var needed = (int)Math.Ceiling(Settings.Similarity * count - 1e-9);
        LogTemplate? best = null;
        int bestAgreeing = -1, bestWildcards = -1;
        foreach (var candidate in candidates)
        {
            var tokens = candidate.Tokens;
            int agreeing = 0, wildcards = 0;
            for (var i = 0; i < count && agreeing + count - i >= needed; i++)
            {
                var token = tokens[i];
                if (ReferenceEquals(token, LogTokenizer.Wildcard))
                {
                    wildcards++;
                    if (candidate.IsOpen(i))
                    {
                        agreeing++;
                        continue;
                    }
                }

                if (_tokenizer.TokenEquals(i, token))
                {
                    agreeing++;
                }
            }

            // Ties go to the more general template, as in Drain.
            if (agreeing >= needed && (agreeing > bestAgreeing || (agreeing == bestAgreeing && wildcards > bestWildcards)))
            {
                best = candidate;
                bestAgreeing = agreeing;
                bestWildcards = wildcards;
            }
        }

        return best;
    }

    private void Merge(LogTemplate template)
    {
        var tokens = template.Tokens;
        for (var i = 0; i < tokens.Length; i++)
        {
            if (!template.IsOpen(i) && !_tokenizer.TokenEquals(i, tokens[i]))
            {
                template.Generalize(i);
            }
        }
    }

    private LogTemplate Create(ParseNode leaf, ReadOnlySpan<char> line, string? original, DateTimeOffset at)
    {
        var tokens = new string[_tokenizer.Count];
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = _tokenizer.Token(i);
            tokens[i] = token.SequenceEqual(LogTokenizer.Wildcard) ? LogTokenizer.Wildcard : token.ToString();
        }

        var max = Settings.MaxExampleLength;
        var example = line.Length > max ? string.Concat(line[..max], "…") : original ?? line.ToString();
        var template = new LogTemplate(++_nextId, tokens, at, example) { Leaf = leaf };
        leaf.Templates!.Add(template);
        template.Recency = _recency.AddFirst(template);

        // The new template is the most recent, so the one forgotten is never it and its leaf stays.
        if (_recency.Count > Settings.MaxTemplates)
        {
            Forget(_recency.Last!.Value);
        }

        return template;
    }

    private void Forget(LogTemplate template)
    {
        _recency.Remove(template.Recency!);
        var node = template.Leaf!;
        template.Leaf = null;
        node.Templates!.Remove(template);
        while (node.IsEmpty)
        {
            if (node.Parent is null)
            {
                _byLength[template.Tokens.Length] = null;
                break;
            }

            node.Parent.Remove(node);
            node = node.Parent;
        }
    }
}
