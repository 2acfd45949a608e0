using System.Text.Json;

namespace Investigator.Core.Decisioning;

/// <summary>
/// Where each member of a JSON file starts: a map from JSON path (<c>sla.P3.firstResponse</c>,
/// <c>routing[2].tier</c>) to its 1-based line, read in one pass, so that an error found later in
/// the parsed document can name the line a person has to edit. A path that is not in the file (a
/// missing member) gets the line of the nearest enclosing member that is.
/// </summary>
internal sealed class PolicyLines
{
    /// <summary>How policy files are parsed: comments and trailing commas allowed, as in <c>ContractJson</c>.</summary>
    public static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = DocumentOptions.CommentHandling, AllowTrailingCommas = DocumentOptions.AllowTrailingCommas };

    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    private PolicyLines()
    {
    }

    /// <summary>
    /// Reads <paramref name="utf8"/> once. A syntax error throws a <see cref="JsonException"/> whose
    /// <see cref="JsonException.LineNumber"/> (0-based) and <see cref="JsonException.Path"/> say where it is.
    /// </summary>
    public static PolicyLines Read(ReadOnlySpan<byte> utf8)
    {
        var newlines = new List<int>();
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                newlines.Add(i);
            }
        }

        var map = new PolicyLines();
        var open = new List<(string Path, bool IsArray, int Items)>();   // the containers the reader is in
        var member = "";                                                  // the path of the value after a property name
        var last = "";                                                    // the path of the last token read, for syntax errors
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        try
        {
            while (reader.Read())
            {
                var line = LineAt(newlines, reader.TokenStartIndex);
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    member = last = Child(open[^1].Path, reader.GetString()!);
                    map._lines.TryAdd(member, line);
                    continue;
                }

                if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    last = open[^1].Path;
                    open.RemoveAt(open.Count - 1);
                    continue;
                }

                // A value: the root, an array item or a member's value (whose line is its name's).
                var path = member;
                if (open.Count == 0)
                {
                    path = "";
                    map._lines.TryAdd(path, line);
                }
                else if (open[^1].IsArray)
                {
                    var (container, isArray, items) = open[^1];
                    open[^1] = (container, isArray, items + 1);
                    path = $"{container}[{items}]";
                    map._lines.TryAdd(path, line);
                }

                last = path;
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    open.Add((path, reader.TokenType == JsonTokenType.StartArray, 0));
                }
            }
        }
        catch (JsonException ex)
        {
            // The reader's message repeats the position 0-based ("LineNumber: 2 | ..."); the caller says it 1-based.
            var message = ex.Message.Split(" LineNumber:", 2)[0];
            throw new JsonException(message, last, ex.LineNumber, ex.BytePositionInLine, ex);
        }

        return map;
    }

    /// <summary>The path of member <paramref name="name"/> of the object at <paramref name="parent"/>.</summary>
    public static string Child(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";

    /// <summary>The path of item <paramref name="index"/> of the array at <paramref name="parent"/>.</summary>
    public static string Item(string parent, int index) => $"{parent}[{index}]";

    /// <summary>The line where <paramref name="path"/> starts, else where its nearest enclosing member does.</summary>
    public int LineOf(string path)
    {
        for (var p = path; ; p = Parent(p))
        {
            if (_lines.TryGetValue(p, out var line))
            {
                return line;
            }

            if (p.Length == 0)
            {
                return 1;
            }
        }
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut < 0 ? "" : path[..cut];
    }

    private static int LineAt(List<int> newlines, long offset)
    {
        var index = newlines.BinarySearch((int)offset);
        return (index < 0 ? ~index : index) + 1;
    }
}
