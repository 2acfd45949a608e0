using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Investigator.Api.Tests.Fuzz;

/// <summary>A body as sent, and what was done to it.</summary>
internal sealed record MutatedBody(string Name, byte[] Bytes);

/// <summary>
/// Ways to break a well-formed JSON body: truncation, wrong types, deep nesting, huge strings around the body limit,
/// invalid UTF-8, hostile text, odd roots and literals. Most leave the body unreadable; some leave it valid but
/// hostile (unknown members, odd unicode, comments), which the service must also survive.
/// </summary>
internal static class JsonMutations
{
    private const string Sentinel = "FUZZ_SPLICE_5f1c9e";

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly (string Name, string Json)[] WrongValues =
    [
        ("a number", "{number}"), ("a negative number", "-{number}"), ("a fraction", "{number}.5"), ("1e400", "1e400"),
        ("a 40-digit integer", "1234567890123456789012345678901234567890"), ("true", "true"), ("false", "false"), ("null", "null"),
        ("an array", "[1,\"two\",null,{}]"), ("an empty array", "[]"), ("an object", "{\"nested\":{\"value\":1}}"), ("an empty object", "{}"),
        ("an empty string", "\"\""), ("a blank string", "\"   \""), ("another string", "\"fuzz-{number}\""),
    ];

    private static readonly (string Name, string Json)[] BrokenLiterals =
    [
        ("NaN", "NaN"), ("Infinity", "-Infinity"), ("undefined", "undefined"), ("a single-quoted string", "'text'"), ("hex", "0x1F"),
        ("a leading zero", "01"), ("a plus sign", "+1"), ("a bare fraction", ".5"), ("a dangling point", "1."), ("a double minus", "--1"),
        ("an invalid escape", "\"\\x41\""), ("a cut escape", "\"\\u12\""), ("a raw tab", "\"a\tb\""), ("a raw newline", "\"a\nb\""),
        ("an unterminated string", "\"open"), ("a bare word", "hello"),
    ];

    private static readonly (string Name, string Json)[] HostileStrings =
    [
        ("a lone high surrogate", "\"\\ud800\""), ("a lone low surrogate", "\"x\\udc00y\""), ("a reversed surrogate pair", "\"\\udc00\\ud800\""),
        ("NUL", "\"a\\u0000b\""), ("only NUL", "\"\\u0000\""), ("right-to-left override", "\"\\u202e\\u0645\\u0631\\u062d\\u0628\\u0627\""),
        ("zero-width characters", "\"\\ufeff\\u200b\\u200d\""), ("emoji and astral letters", "\"😀 𝕳𝖊𝖑𝖑𝖔 ケース\""),
        ("markup", "\"<script>alert(1)</script><img src=x onerror=alert(1)>\""), ("template placeholders", "\"{{ticket.id}} ${jndi:ldap://x/a} %s%n%x\""),
        ("SQL", "\"' OR '1'='1'; DROP TABLE cases; --\""), ("a path", "\"../../../../etc/passwd\""), ("header injection", "\"a\\r\\nX-Injected: 1\""),
        ("backslashes", "\"C:\\\\Windows\\\\System32\\\\..\\\\\""), ("control characters", "\"\\b\\f\\t\\u0007\\u001b[31m\""),
        ("combining marks", "\"Z\\u0351\\u0367\\u0334a\\u0336\\u0358l\\u0337g\\u0338o\""), ("an e-mail with a display name", "\"Dana <dana@northwind.example>\""),
    ];

    private static readonly (string Name, byte[] Bytes)[] InvalidUtf8 =
    [
        ("a lone continuation byte", [0x80]), ("0xFF", [0xFF]), ("an overlong NUL", [0xC0, 0x80]), ("an overlong slash", [0xC0, 0xAF]),
        ("a UTF-8-encoded surrogate", [0xED, 0xA0, 0x80]), ("a cut two-byte sequence", [0xC3]), ("a five-byte sequence", [0xF8, 0x88, 0x80, 0x80, 0x80]),
        ("a code point above U+10FFFF", [0xF4, 0x90, 0x80, 0x80]), ("Latin-1 é", [0xE9]), ("a cut four-byte sequence", [0xF0, 0x9F, 0x98]),
    ];

    private static readonly (string Name, Func<Random, JsonObject, long, MutatedBody> Mutate, int Weight)[] Mutations =
    [
        ("truncated", Truncated, 14), ("wrong type", WrongType, 16), ("dropped member", DroppedMember, 5), ("extra members", ExtraMembers, 4),
        ("deep nesting", DeepNesting, 6), ("huge string", HugeString, 3), ("invalid UTF-8", InvalidUtf8Bytes, 8), ("empty", Empty, 3),
        ("garbage", Garbage, 4), ("odd root", OddRoot, 4), ("duplicate member", DuplicateMember, 3), ("hostile text", HostileText, 8),
        ("lenient syntax", LenientSyntax, 3), ("wide collections", WideCollections, 2), ("broken literal", BrokenLiteral, 6),
    ];

    private static readonly int TotalWeight = Mutations.Sum(m => m.Weight);

    /// <summary>The body as it should be, serialized as the fuzz sends it.</summary>
    public static byte[] Serialize(JsonNode body) => Encoding.UTF8.GetBytes(body.ToJsonString(Relaxed));

    /// <summary>One mutation of <paramref name="valid"/>, chosen by weight.</summary>
    public static MutatedBody Any(Random random, JsonObject valid, long maxBytes)
    {
        var roll = random.Next(TotalWeight);
        foreach (var (_, mutate, weight) in Mutations)
        {
            if (roll < weight)
            {
                return mutate(random, valid, maxBytes);
            }

            roll -= weight;
        }

        throw new InvalidOperationException("The weights do not add up.");
    }

    public static MutatedBody Truncated(Random random, JsonObject valid, long maxBytes)
    {
        var bytes = Serialize(valid);
        var length = random.Next(0, bytes.Length);
        return new($"truncated to {length} of {bytes.Length} bytes", bytes[..length]);
    }

    public static MutatedBody WrongType(Random random, JsonObject valid, long maxBytes)
    {
        var root = Clone(valid);
        var slot = Pick(random, Slots(root));
        var (name, json) = WrongValues[random.Next(WrongValues.Length)];
        json = json.Replace("{number}", random.NextInt64(10_000_000_000, 99_999_999_999).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return new($"{slot.Path} as {name}", Splice(root, slot, Encoding.UTF8.GetBytes(json)));
    }

    public static MutatedBody DroppedMember(Random random, JsonObject valid, long maxBytes)
    {
        var root = Clone(valid);
        var slot = Pick(random, Slots(root).Where(s => s.Parent is JsonObject).ToList());
        ((JsonObject)slot.Parent).Remove(slot.Member!);
        return new($"without {slot.Path}", Serialize(root));
    }

    public static MutatedBody ExtraMembers(Random random, JsonObject valid, long maxBytes)
    {
        var root = Clone(valid);
        JsonNode?[] extras =
        [
            new JsonObject { ["admin"] = true }, "System.Diagnostics.Process, System", new JsonObject { ["prototype"] = new JsonObject() },
            "case_injected", "resolved", new JsonArray("*"),
        ];
        string[] names = ["__proto__", "$type", "constructor", "id", "status", "scopes"];
        var added = new List<string>();
        for (var i = 0; i < 1 + random.Next(3); i++)
        {
            var which = random.Next(names.Length);
            root[names[which]] = extras[which]?.DeepClone();
            added.Add(names[which]);
        }

        return new($"extra members {string.Join(", ", added)}", Serialize(root));
    }

    public static MutatedBody DeepNesting(Random random, JsonObject valid, long maxBytes)
    {
        int[] depths = [63, 64, 65, 1_000, 100_000];
        var depth = depths[random.Next(depths.Length)];
        var arrays = random.Next(2) == 0;
        var nested = arrays
            ? new string('[', depth) + "1" + new string(']', depth)
            : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
        var kind = arrays ? "arrays" : "objects";
        if (random.Next(3) == 0)
        {
            return new($"{depth} nested {kind} as the body", Encoding.UTF8.GetBytes(nested));
        }

        var root = Clone(valid);
        var slot = Pick(random, Slots(root));
        return new($"{depth} nested {kind} at {slot.Path}", Splice(root, slot, Encoding.UTF8.GetBytes(nested)));
    }

    /// <summary>A string field grown until the whole body is just under, at, or over the limit.</summary>
    public static MutatedBody HugeString(Random random, JsonObject valid, long maxBytes)
    {
        var root = Clone(valid);
        var strings = Slots(root).Where(s => s.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String).ToList();
        var slot = Pick(random, strings);
        (string Name, long Size)[] sizes =
        [
            ("just under the limit", maxBytes - 1 - random.Next(0, 256)), ("exactly at the limit", maxBytes), ("one byte over the limit", maxBytes + 1),
            ("over the limit and the server's margin", maxBytes + 65 * 1024 + random.Next(0, 4096)), ("64 KiB", 64 * 1024),
        ];
        var (sizeName, size) = sizes[random.Next(sizes.Length)];
        (string Name, byte[] Unit)[] fillers = [("a", "a"u8.ToArray()), ("é", "é"u8.ToArray()), ("\\n escapes", "\\n"u8.ToArray()), ("\\u0000 escapes", "\\u0000"u8.ToArray())];
        var (fillName, unit) = fillers[random.Next(fillers.Length)];

        var frame = Splice(root, slot, "\"\""u8.ToArray());
        var room = Math.Max(0, size - frame.Length);
        var fill = new byte[room];
        var whole = room / unit.Length * unit.Length;
        for (var i = 0L; i < whole; i += unit.Length)
        {
            unit.CopyTo(fill, i);
        }

        fill.AsSpan((int)whole).Fill((byte)'a');
        var quoted = new byte[room + 2];
        quoted[0] = quoted[^1] = (byte)'"';
        fill.CopyTo(quoted, 1);
        var bytes = Splice(root, slot, quoted);
        return new($"{slot.Path} of {fillName} making the body {bytes.Length} bytes, {sizeName}", bytes);
    }

    public static MutatedBody InvalidUtf8Bytes(Random random, JsonObject valid, long maxBytes)
    {
        var (name, invalid) = InvalidUtf8[random.Next(InvalidUtf8.Length)];
        if (random.Next(4) == 0)
        {
            var bytes = Serialize(valid);
            var at = random.Next(bytes.Length + 1);
            return new($"{name} at byte {at}", [.. bytes[..at], .. invalid, .. bytes[at..]]);
        }

        var root = Clone(valid);
        var slot = Pick(random, Slots(root));
        return new($"{name} inside {slot.Path}", Splice(root, slot, [.. "\"before "u8, .. invalid, .. " after\""u8]));
    }

    public static MutatedBody Empty(Random random, JsonObject valid, long maxBytes) =>
        random.Next(2) == 0 ? new("empty", []) : new("only whitespace", " \r\n\t "u8.ToArray());

    public static MutatedBody Garbage(Random random, JsonObject valid, long maxBytes)
    {
        string[] texts = ["<?xml version=\"1.0\"?><ticket><id>1</id></ticket>", "subject=x&body=y&requester.email=a%40b.example", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--", "\0\0\0\0"];
        if (random.Next(2) == 0)
        {
            var text = texts[random.Next(texts.Length)];
            return new($"not JSON: {text[..Math.Min(20, text.Length)]}", Encoding.UTF8.GetBytes(text));
        }

        var bytes = new byte[1 + random.Next(2048)];
        random.NextBytes(bytes);
        return new($"{bytes.Length} random bytes", bytes);
    }

    public static MutatedBody OddRoot(Random random, JsonObject valid, long maxBytes)
    {
        string[] roots = ["null", "\"a string\"", "42", "[]", "true", $"[{valid.ToJsonString(Relaxed)}]", "{}"];
        var root = roots[random.Next(roots.Length)];
        return new($"root {root[..Math.Min(12, root.Length)]}", Encoding.UTF8.GetBytes(root));
    }

    public static MutatedBody DuplicateMember(Random random, JsonObject valid, long maxBytes)
    {
        var root = Clone(valid);
        var slot = Pick(random, Slots(root).Where(s => s.Parent is JsonObject).ToList());
        var (name, json) = WrongValues[random.Next(WrongValues.Length)];
        json = json.Replace("{number}", random.NextInt64(10_000_000_000, 99_999_999_999).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        // The duplicate goes first: a reader that keeps the last value sees the valid one, one that keeps the first sees this.
        var text = root.ToJsonString(Relaxed);
        var parentText = slot.Parent.ToJsonString(Relaxed);
        var at = text.IndexOf(parentText, StringComparison.Ordinal) + 1;
        var duplicate = $"{JsonSerializer.Serialize(slot.Member)}:{json},";
        return new($"{slot.Path} twice, first as {name}", Encoding.UTF8.GetBytes(text.Insert(at, duplicate)));
    }

    public static MutatedBody HostileText(Random random, JsonObject valid, long maxBytes)
    {
        var root = Clone(valid);
        var strings = Slots(root).Where(s => s.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String).ToList();
        var slot = Pick(random, strings);
        var (name, json) = HostileStrings[random.Next(HostileStrings.Length)];
        return new($"{slot.Path} as {name}", Splice(root, slot, Encoding.UTF8.GetBytes(json)));
    }

    public static MutatedBody LenientSyntax(Random random, JsonObject valid, long maxBytes)
    {
        var text = valid.ToJsonString(Relaxed);
        return random.Next(4) switch
        {
            0 => new("a byte order mark", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)]),
            1 => new("a block comment", Encoding.UTF8.GetBytes("/* fuzz */" + text)),
            2 => new("a trailing comma", Encoding.UTF8.GetBytes(text[..^1] + ",}")),
            _ => new("trailing data", Encoding.UTF8.GetBytes(text + "{}")),
        };
    }

    public static MutatedBody WideCollections(Random random, JsonObject valid, long maxBytes)
    {
        var root = Clone(valid);
        var count = random.Next(2) == 0 ? 20_000 : 2_000;
        if (random.Next(2) == 0)
        {
            var items = new JsonArray();
            for (var i = 0; i < count; i++)
            {
                items.Add($"t{i}");
            }

            root[root.ContainsKey("tags") ? "tags" : "items"] = items;
            return new($"{count} array items", Serialize(root));
        }

        var members = new JsonObject();
        for (var i = 0; i < count; i++)
        {
            members[$"m{i}"] = i;
        }

        root["metadata"] = members;
        return new($"{count} members in metadata", Serialize(root));
    }

    public static MutatedBody BrokenLiteral(Random random, JsonObject valid, long maxBytes)
    {
        var root = Clone(valid);
        var slot = Pick(random, Slots(root));
        var (name, json) = BrokenLiterals[random.Next(BrokenLiterals.Length)];
        return new($"{slot.Path} as {name}", Splice(root, slot, Encoding.UTF8.GetBytes(json)));
    }

    /// <summary>A place in the document that holds a value: a member of an object or an item of an array.</summary>
    private sealed record Slot(JsonNode Parent, string? Member, int Item, string Path, JsonNode? Value);

    private static JsonObject Clone(JsonObject valid) => (JsonObject)valid.DeepClone();

    private static T Pick<T>(Random random, IReadOnlyList<T> items) =>
        items.Count > 0 ? items[random.Next(items.Count)] : throw new InvalidOperationException("Nothing to mutate.");

    private static List<Slot> Slots(JsonNode root)
    {
        var slots = new List<Slot>();
        Collect(root, "$", slots);
        return slots;
    }

    private static void Collect(JsonNode node, string path, List<Slot> slots)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    slots.Add(new Slot(o, name, -1, $"{path}.{name}", value));
                    if (value is not null)
                    {
                        Collect(value, $"{path}.{name}", slots);
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    slots.Add(new Slot(a, null, i, $"{path}[{i}]", a[i]));
                    if (a[i] is { } item)
                    {
                        Collect(item, $"{path}[{i}]", slots);
                    }
                }

                break;
        }
    }

    /// <summary>The document with the slot's value replaced by raw bytes (which need not be JSON, or UTF-8).</summary>
    private static byte[] Splice(JsonNode root, Slot slot, byte[] raw)
    {
        JsonNode marker = JsonValue.Create(Sentinel);
        if (slot.Parent is JsonObject o)
        {
            o[slot.Member!] = marker;
        }
        else
        {
            ((JsonArray)slot.Parent)[slot.Item] = marker;
        }

        var bytes = Serialize(root);
        var quoted = Encoding.UTF8.GetBytes($"\"{Sentinel}\"");
        var at = bytes.AsSpan().IndexOf(quoted);
        return [.. bytes[..at], .. raw, .. bytes[(at + quoted.Length)..]];
    }
}
