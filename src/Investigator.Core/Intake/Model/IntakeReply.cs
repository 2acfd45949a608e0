using Investigator.Core.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Investigator.Core.Intake.Model;

/// <summary>
/// The JSON object prompts/intake.md asks the model for. Every field is optional; enum-like fields are
/// strings so that one unknown value is a note, not a lost reply. Fields the prompt did not ask for
/// (an "account", say) land in <see cref="Unasked"/> and are never used.
/// </summary>
internal sealed record IntakeReply
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public string? Category { get; init; }
    public string? Product { get; init; }
    public string? Version { get; init; }
    public string? OperatingSystem { get; init; }
    public string? Browser { get; init; }
    public string? Device { get; init; }
    public string? ActionAttempted { get; init; }
    public string? ExpectedOutcome { get; init; }
    public string? ActualOutcome { get; init; }
    public IReadOnlyList<string?>? ErrorMessages { get; init; }
    public IReadOnlyList<string?>? ErrorCodes { get; init; }
    public IReadOnlyList<ReplyIdentifier?>? Identifiers { get; init; }
    public string? StartedAt { get; init; }
    public string? Frequency { get; init; }
    public string? Reproducibility { get; init; }
    public string? Workaround { get; init; }
    public int? UsersAffected { get; init; }
    public string? BusinessImpact { get; init; }
    public string? Sentiment { get; init; }
    public string? Language { get; init; }
    public IReadOnlyList<string?>? Risks { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unasked { get; init; }

    private bool AnsweredNothing =>
        new[] { Category, Product, Version, OperatingSystem, Browser, Device, ActionAttempted, ExpectedOutcome, ActualOutcome, StartedAt, Frequency, Reproducibility, Workaround, BusinessImpact, Sentiment, Language }.All(v => v is null)
        && ErrorMessages is null && ErrorCodes is null && Identifiers is null && UsersAffected is null && Risks is null;

    /// <summary>Reads the model's answer; when it is not the object asked for, says why in <paramref name="problem"/>.</summary>
    public static IntakeReply? Parse(string? content, out string problem)
    {
        var reply = ModelJson.Read<IntakeReply>(content, Json, out problem);
        if (reply is null)
        {
            return null;
        }

        if (reply is null || reply.AnsweredNothing)
        {
            problem = "the JSON object has none of the fields asked for";
            return null;
        }

        return reply;
    }
}

/// <summary>An identifier as the model reports it: a kind name (camelCase) and the value.</summary>
internal sealed record ReplyIdentifier(string? Kind, string? Value);
