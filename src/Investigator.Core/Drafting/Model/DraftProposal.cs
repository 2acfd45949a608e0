using Investigator.Core.Diagnostics;
using System.Text.Json;

namespace Investigator.Core.Drafting.Model;

/// <summary>
/// The JSON object prompts/draft.md asks the model for. The kind is a string so that an unknown kind
/// is a reason the drafter gives, not a lost reply; whether the decision allows it is the drafter's call.
/// </summary>
internal sealed record DraftProposal
{
    /// <summary>Beyond this the reply is not a support message any more (a loop, a dump); it is not used.</summary>
    public const int MaxBodyChars = 8_000;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    private static readonly string[] Fields = ["kind", "subject", "body", "internalNote"];

    public string? Kind { get; init; }
    public string? Subject { get; init; }
    public string? Body { get; init; }
    public string? InternalNote { get; init; }

    /// <summary>The JSON schema sent as the response format: strict, camelCase, the message kinds the code knows.</summary>
    public static string Schema() => JsonSerializer.Serialize(new
    {
        type = "object",
        properties = new
        {
            kind = new { type = "string", @enum = Enum.GetNames<MessageKind>().Select(JsonNamingPolicy.CamelCase.ConvertName).ToArray() },
            subject = new { type = "string" },
            body = new { type = "string" },
            internalNote = new { type = "string" },
        },
        required = Fields,
        additionalProperties = false,
    });

    /// <summary>Reads the model's answer; when it is not a usable draft, says why in <paramref name="problem"/>.</summary>
    public static DraftProposal? Parse(string? content, out string problem)
    {
        var proposal = ModelJson.Read<DraftProposal>(content, Json, out problem);
        if (proposal is null)
        {
            return null;
        }

        if (proposal?.Subject is not { Length: > 0 } subject || string.IsNullOrWhiteSpace(subject) || proposal.Body is not { Length: > 0 } body || string.IsNullOrWhiteSpace(body))
        {
            problem = "the JSON object has no subject or no body";
            return null;
        }

        if (body.Length > MaxBodyChars)
        {
            problem = $"the body has {body.Length} characters, more than {MaxBodyChars}";
            return null;
        }

        return proposal with
        {
            // One line of subject; the body's line ends as the checker and the review page expect them.
            Subject = subject.ReplaceLineEndings(" ").Trim(),
            Body = body.ReplaceLineEndings("\n").Trim(),
            InternalNote = proposal.InternalNote?.Trim() ?? "",
        };
    }

    /// <summary>A message kind by its name (any case); numbers and unknown names are not.</summary>
    public static MessageKind? KindOf(string? value) =>
        value is { Length: > 0 } && value.All(char.IsAsciiLetter) && Enum.TryParse<MessageKind>(value, ignoreCase: true, out var kind) && Enum.IsDefined(kind)
            ? kind
            : null;
}
