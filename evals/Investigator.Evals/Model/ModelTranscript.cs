using System.Text.Json;

namespace Investigator.Evals.Model;

/// <summary>
/// A recorded model conversation for one case: the OpenAI chat.completion responses, in the order the
/// engine asked for them. Hand-written ones are fixtures and say so in <see cref="Note"/>.
/// </summary>
public sealed record ModelTranscript(string? Note, string? Model, IReadOnlyList<JsonElement> Responses)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true };

    public static ModelTranscript Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<ModelTranscript>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path}: empty transcript");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: line {ex.LineNumber + 1}: {ex.Message}", ex);
        }
    }

    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));
}
