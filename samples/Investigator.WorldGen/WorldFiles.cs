using System.Text;
using System.Text.Json;
using Investigator.Core.Diagnostics;
using Investigator.Core.Sources;

namespace Investigator.WorldGen;

/// <summary>Writes the world's files byte-stable: UTF-8 without BOM, "\n" line endings, final newline.</summary>
internal static class WorldFiles
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static void WriteJson<T>(string path, T value)
    {
        // The indented writer uses Environment.NewLine; normalise so Windows and Linux write the same bytes.
        var text = JsonSerializer.Serialize(value, ContractJson.Indented).Replace("\r\n", "\n", StringComparison.Ordinal);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text + "\n", Utf8);
    }

    public static void WriteJsonLines(string path, IEnumerable<LogEntry> lines)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var writer = new StreamWriter(path, append: false, Utf8);
        foreach (var line in lines)
        {
            writer.Write(JsonSerializer.Serialize(line, ContractJson.Options));
            writer.Write('\n');
        }
    }
}
