using System.Buffers;

namespace Investigator.Core.Investigation.Logs;

/// <summary>
/// Splits a message into whitespace-separated tokens and masks their variable parts, by a character
/// scan into buffers that are reused line after line, so tokenizing allocates nothing. A token is cut
/// into pieces at punctuation that separates a name from its value (<c>rhost=10.0.0.1</c>,
/// <c>(uid=0)</c>, <c>host:port</c>); each piece that a <see cref="LogMasks"/> mask recognises becomes
/// <c>&lt;*&gt;</c> and the punctuation stays, so <c>rhost=10.0.0.1</c> reads <c>rhost=&lt;*&gt;</c>.
/// Paths and URLs are masked whole, before the cut, because they hold the same punctuation.
/// Not thread-safe: one per miner.
/// </summary>
internal sealed class LogTokenizer
{
    public const string Wildcard = "<*>";

    // Control characters and the space separate tokens. (SearchValues rather than the InRange searches, which allocate on char spans.)
    private static readonly SearchValues<char> Separators = SearchValues.Create(Enumerable.Range(0, ' ' + 1).Select(c => (char)c).ToArray());
    private static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");

    // Characters that separate a name from its value inside a token.
    private static readonly SearchValues<char> Delimiters = SearchValues.Create("=:,;()[]{}\"'<>|");
    // Three letters each; a match counts only at a multiple of three, so "anF" (from "JanFeb") is no name.
    private const string DateNames = "JanFebMarAprMayJunJulAugSepOctNovDecMonTueWedThuFriSatSun";
    // What sends a token down the slow path: a delimiter, a digit, a path separator or a dot.
    private static readonly SearchValues<char> Special = SearchValues.Create("=:,;()[]{}\"'<>|0123456789/\\.");
    private static readonly SearchValues<char> AsciiLetters = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");
    private static readonly SearchValues<char> HexDigitsAndDash = SearchValues.Create("0123456789abcdefABCDEF-");

    private readonly LogMasks _masks;
    private readonly int _maxTokens;
    private readonly int[] _starts;
    private readonly int[] _lengths;
    private readonly bool[] _variable;
    private char[] _chars = new char[256];
    private int _length;
    private int _count;

    public LogTokenizer(LogMasks masks, int maxTokens)
    {
        _masks = masks;
        _maxTokens = maxTokens;
        _starts = new int[maxTokens];
        _lengths = new int[maxTokens];
        _variable = new bool[maxTokens];
    }

    /// <summary>Tokens of the last message.</summary>
    public int Count => _count;

    public ReadOnlySpan<char> Token(int index) => _chars.AsSpan(_starts[index], _lengths[index]);

    /// <summary>Whether token <paramref name="index"/> reads exactly <paramref name="text"/>; the length check first spares most comparisons.</summary>
    public bool TokenEquals(int index, string text) =>
        _lengths[index] == text.Length && _chars.AsSpan(_starts[index], text.Length).SequenceEqual(text);

    /// <summary>Whether the token holds a masked part or a digit: such a token must not pick a branch of the parse tree.</summary>
    public bool IsVariable(int index) => _variable[index];

    /// <summary>The masked message: the tokens separated by single spaces. Equal for two lines exactly when their tokens are.</summary>
    public ReadOnlySpan<char> Masked => _chars.AsSpan(0, _length);

    public void Tokenize(ReadOnlySpan<char> message)
    {
        // A one-character piece can grow to the three characters of the wildcard; one more for the last separator.
        if (_chars.Length < message.Length * 3 + 1)
        {
            _chars = new char[Math.Max(message.Length * 3 + 1, _chars.Length * 2)];
        }

        _length = 0;
        _count = 0;
        var rest = message;
        while (_count < _maxTokens)
        {
            // Control characters separate tokens too, so garbage bytes cannot glue a line into one token.
            var skip = rest.IndexOfAnyExcept(Separators);
            if (skip < 0)
            {
                break;
            }

            rest = rest[skip..];
            var end = rest.IndexOfAny(Separators);
            if (end < 0)
            {
                Emit(rest);
                break;
            }

            Emit(rest[..end]);
            rest = rest[end..];
        }
    }

    private void Emit(ReadOnlySpan<char> token)
    {
        // The tokens are written one space apart, so the masked line is one contiguous span.
        if (_length > 0)
        {
            _chars[_length++] = ' ';
        }

        var start = _length;
        bool variable;
        if (!token.ContainsAny(Special))
        {
            // Most tokens are plain words: one vectorised search says so, and they are copied as they are.
            variable = (_masks & LogMasks.DateNames) != 0 && token.Length == 3 && IsDateName(token);
            Append(variable ? Wildcard : token);
        }
        else
        {
            variable = ((_masks & LogMasks.Paths) != 0 && token.ContainsAny('/', '\\') && TryEmitPath(token)) || EmitPieces(token);
        }

        _starts[_count] = start;
        _lengths[_count] = _length - start;
        _variable[_count] = variable;
        _count++;
    }

    /// <summary>Masks a token whose core, inside brackets and quotes and before trailing punctuation, is a path or URL.</summary>
    private bool TryEmitPath(ReadOnlySpan<char> token)
    {
        var open = 0;
        while (open < token.Length && token[open] is '(' or '[' or '{' or '"' or '\'' or '<')
        {
            open++;
        }

        var close = token.Length;
        while (close > open && token[close - 1] is ')' or ']' or '}' or '"' or '\'' or '>' or ',' or ';' or '.' or ':')
        {
            close--;
        }

        if (!IsPath(token[open..close]))
        {
            return false;
        }

        Append(token[..open]);
        Append(Wildcard);
        Append(token[close..]);
        return true;
    }

    /// <summary>Cuts a token at its delimiters and masks the variable pieces; true when the token holds a variable or a digit.</summary>
    private bool EmitPieces(ReadOnlySpan<char> token)
    {
        var variable = false;
        var k = 0;
        while (k < token.Length)
        {
            if (Delimiters.Contains(token[k]))
            {
                _chars[_length++] = token[k++];
                continue;
            }

            var length = token[k..].IndexOfAny(Delimiters);
            var piece = length < 0 ? token[k..] : token.Slice(k, length);
            var hasDigit = piece.ContainsAny(Digits);
            if (IsVariablePiece(piece, hasDigit))
            {
                Append(Wildcard);
                variable = true;
            }
            else
            {
                Append(piece);
                variable |= hasDigit;
            }

            k += piece.Length;
        }

        return variable;
    }

    private bool IsVariablePiece(ReadOnlySpan<char> piece, bool hasDigit)
    {
        if (hasDigit)
        {
            return (_masks & LogMasks.DigitWords) != 0
                   || ((_masks & LogMasks.Numbers) != 0 && IsNumber(piece))
                   || ((_masks & LogMasks.Hex) != 0 && IsHex(piece));
        }

        return ((_masks & LogMasks.DottedNames) != 0 && piece.Length >= 5 && piece.Count('.') >= 2 && IsDottedName(piece))
               || ((_masks & LogMasks.DateNames) != 0 && piece.Length == 3 && IsDateName(piece));
    }

    private void Append(ReadOnlySpan<char> text)
    {
        text.CopyTo(_chars.AsSpan(_length));
        _length += text.Length;
    }

    /// <summary>Digits with the separators of dates, times, versions and addresses, then at most a short unit (ms, s, KB).</summary>
    internal static bool IsNumber(ReadOnlySpan<char> piece)
    {
        var i = 0;
        var digits = 0;
        while (i < piece.Length && (char.IsAsciiDigit(piece[i]) || piece[i] is '.' or '-' or '+' or '_' or '/' or '%' or '#'))
        {
            digits += char.IsAsciiDigit(piece[i]) ? 1 : 0;
            i++;
        }

        var unit = piece[i..];
        return digits > 0 && unit.Length <= 3 && !unit.ContainsAnyExcept(AsciiLetters);
    }

    /// <summary>0x-prefixed hex, or six or more hex digits (dashes allowed, as in UUIDs).</summary>
    internal static bool IsHex(ReadOnlySpan<char> piece)
    {
        if (piece.Length > 2 && piece[0] == '0' && piece[1] is 'x' or 'X')
        {
            return !piece[2..].ContainsAnyExcept(HexDigits);
        }

        return !piece.ContainsAnyExcept(HexDigitsAndDash) && piece.Length - piece.Count('-') >= 6;
    }

    /// <summary>Three or more non-empty parts joined by dots, each of letters, digits, '_' or '-'.</summary>
    internal static bool IsDottedName(ReadOnlySpan<char> piece)
    {
        var parts = 1;
        var partLength = 0;
        foreach (var c in piece)
        {
            if (c == '.')
            {
                if (partLength == 0)
                {
                    return false;
                }

                parts++;
                partLength = 0;
            }
            else if (char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
            {
                partLength++;
            }
            else
            {
                return false;
            }
        }

        return parts >= 3 && partLength > 0;
    }

    /// <summary>Jan…Dec and Mon…Sun, as dates write them.</summary>
    internal static bool IsDateName(ReadOnlySpan<char> piece) =>
        piece.Length == 3 && char.IsAsciiLetterUpper(piece[0]) && DateNames.AsSpan().IndexOf(piece) % 3 == 0;

    /// <summary>/abs/path, ./rel, ../rel, ~/home, C:\dir, or anything with a URL scheme.</summary>
    internal static bool IsPath(ReadOnlySpan<char> core)
    {
        if (core.Length < 2)
        {
            return false;
        }

        return (core[0] == '/' && core[1] != '/')
               || core.StartsWith("./") || core.StartsWith("../") || core.StartsWith("~/")
               || (core.Length > 2 && char.IsAsciiLetter(core[0]) && core[1] == ':' && core[2] == '\\')
               || core.IndexOf("://") > 0;
    }
}
