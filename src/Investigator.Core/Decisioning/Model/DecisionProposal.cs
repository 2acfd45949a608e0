using Investigator.Core.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Investigator.Core.Decisioning.Model;

/// <summary>
/// The JSON object prompts/decision.md asks the model for. Values are strings so that an unknown
/// disposition or type is a note, not a lost reply; whether they are known is checked by the decider.
/// </summary>
internal sealed record DecisionProposal
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    private static readonly string[] Aspects = ["disposition", "type"];
    private static readonly string[] ReasonFields = ["aspect", "explanation", "evidence"];
    private static readonly string[] Fields = ["disposition", "type", "reasons"];

    public string? Disposition { get; init; }
    public string? Type { get; init; }
    public IReadOnlyList<ProposalReason?>? Reasons { get; init; }

    /// <summary>The JSON schema sent as the response format: strict, camelCase, the enum values the code knows.</summary>
    public static string Schema() => JsonSerializer.Serialize(new
    {
        type = "object",
        properties = new
        {
            disposition = new { type = "string", @enum = Names<Decisioning.Disposition>() },
            type = new { type = "string", @enum = Names<CaseType>() },
            reasons = new
            {
                type = "array",
                items = new
                {
                    type = "object",
                    properties = new
                    {
                        aspect = new { type = "string", @enum = Aspects },
                        explanation = new { type = "string" },
                        evidence = new { type = "array", items = new { type = "string" } },
                    },
                    required = ReasonFields,
                    additionalProperties = false,
                },
            },
        },
        required = Fields,
        additionalProperties = false,
    });

    /// <summary>An enum's member names as the prompt and the schema spell them (camelCase).</summary>
    public static string[] Names<T>() where T : struct, Enum =>
        [.. Enum.GetNames<T>().Select(JsonNamingPolicy.CamelCase.ConvertName)];

    /// <summary>Reads the model's answer; when it is not the object asked for, says why in <paramref name="problem"/>.</summary>
    public static DecisionProposal? Parse(string? content, out string problem)
    {
        var proposal = ModelJson.Read<DecisionProposal>(content, Json, out problem);
        if (proposal is null)
        {
            return null;
        }

        if (proposal is null || (proposal.Disposition is null && proposal.Type is null))
        {
            problem = "the JSON object has neither a disposition nor a type";
            return null;
        }

        return proposal;
    }

    /// <summary>A known member of <typeparamref name="T"/> by its name (any case); numbers and unknown names are not.</summary>
    public static T? Known<T>(string? value) where T : struct, Enum =>
        value is { Length: > 0 } && value.All(char.IsAsciiLetter) && Enum.TryParse<T>(value, ignoreCase: true, out var known) && Enum.IsDefined(known)
            ? known
            : null;
}

/// <summary>One reason the model gives: the aspect (disposition or type), a sentence and the evidence ids it rests on.</summary>
internal sealed record ProposalReason(string? Aspect, string? Explanation, IReadOnlyList<string?>? Evidence);
