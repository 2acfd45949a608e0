using System.ComponentModel.DataAnnotations;

namespace Investigator.Api.Webhooks;

/// <summary>
/// The helpdesk webhooks. Section "Webhooks". A webhook without a secret (or, for Freshdesk, without basic-auth
/// credentials either) is not configured: its endpoint answers 404 with a problem that says which setting to add.
/// </summary>
public sealed class WebhookOptions : IValidatableObject
{
    public const string Section = "Webhooks";

    /// <summary>Secrets shorter than this are refused at start: they are shared with the helpdesk and guessable otherwise.</summary>
    public const int MinSecretLength = 16;

    /// <summary>How far a signed timestamp may be from now, either way, before the delivery is refused as stale.</summary>
    [Range(1, 3600)]
    public int MaxClockSkewSeconds { get; set; } = 300;

    /// <summary>POST /v1/webhooks/generic: the generic ticket JSON, signed with HMAC-SHA256 (<c>X-Investigator-Signature</c>).</summary>
    public SignedWebhookOptions Generic { get; set; } = new();

    /// <summary>POST /v1/webhooks/zendesk: a Zendesk trigger's webhook, signed by Zendesk (<c>X-Zendesk-Webhook-Signature</c>).</summary>
    public SignedWebhookOptions Zendesk { get; set; } = new();

    /// <summary>POST /v1/webhooks/freshdesk: a Freshdesk automation rule's webhook, with a shared-secret header or basic auth.</summary>
    public FreshdeskWebhookOptions Freshdesk { get; set; } = new();

    public TimeSpan MaxClockSkew => TimeSpan.FromSeconds(MaxClockSkewSeconds);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var problems = new List<ValidationResult>();
        CheckSecret(problems, Generic.Secret, $"{Section}:Generic:Secret");
        CheckSecret(problems, Zendesk.Secret, $"{Section}:Zendesk:Secret");
        CheckSecret(problems, Freshdesk.Secret, $"{Section}:Freshdesk:Secret");
        if (string.IsNullOrWhiteSpace(Freshdesk.SecretHeader) || !Freshdesk.SecretHeader.All(IsHeaderNameCharacter))
        {
            problems.Add(new ValidationResult($"{Section}:Freshdesk:SecretHeader '{Freshdesk.SecretHeader}' is not an HTTP header name.", [nameof(Freshdesk)]));
        }
        else if (Freshdesk.SecretHeader.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(new ValidationResult($"{Section}:Freshdesk:SecretHeader cannot be Authorization, which basic auth uses; set BasicUser and BasicPassword instead.", [nameof(Freshdesk)]));
        }

        var hasUser = !string.IsNullOrEmpty(Freshdesk.BasicUser);
        var hasPassword = !string.IsNullOrEmpty(Freshdesk.BasicPassword);
        if (hasUser != hasPassword)
        {
            problems.Add(new ValidationResult($"{Section}:Freshdesk:BasicUser and BasicPassword go together: set both, or neither.", [nameof(Freshdesk)]));
        }

        if (Freshdesk.BasicUser?.Contains(':', StringComparison.Ordinal) == true)
        {
            problems.Add(new ValidationResult($"{Section}:Freshdesk:BasicUser cannot contain ':' (basic auth separates user and password with it).", [nameof(Freshdesk)]));
        }

        if (hasPassword)
        {
            CheckSecret(problems, Freshdesk.BasicPassword, $"{Section}:Freshdesk:BasicPassword");
        }

        return problems;
    }

    private static void CheckSecret(List<ValidationResult> problems, string? secret, string key)
    {
        if (!string.IsNullOrEmpty(secret) && secret.Trim().Length < MinSecretLength)
        {
            problems.Add(new ValidationResult($"{key} is shorter than {MinSecretLength} characters; use a long random secret (or leave it empty to turn the webhook off).", [key]));
        }
    }

    // RFC 9110 token characters.
    private static bool IsHeaderNameCharacter(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);
}

/// <summary>A webhook signed with a shared secret (generic, Zendesk).</summary>
public sealed class SignedWebhookOptions
{
    /// <summary>The HMAC-SHA256 key shared with the sender. Empty: the webhook is off.</summary>
    public string? Secret { get; set; }

    public bool Configured => !string.IsNullOrWhiteSpace(Secret);
}

/// <summary>
/// Freshdesk's webhook: Freshdesk does not sign deliveries, so the automation rule sends a shared secret in a custom
/// header, or basic-auth credentials, or both (either one is enough).
/// </summary>
public sealed class FreshdeskWebhookOptions
{
    /// <summary>The value the rule sends in <see cref="SecretHeader"/>. Empty: no header secret.</summary>
    public string? Secret { get; set; }

    public string SecretHeader { get; set; } = "X-Freshdesk-Secret";

    /// <summary>Basic-auth user the rule sends (Freshdesk's "Requires authentication"). Empty: no basic auth.</summary>
    public string? BasicUser { get; set; }

    public string? BasicPassword { get; set; }

    public bool UsesSecret => !string.IsNullOrWhiteSpace(Secret);

    public bool UsesBasicAuth => !string.IsNullOrEmpty(BasicUser) && !string.IsNullOrEmpty(BasicPassword);

    public bool Configured => UsesSecret || UsesBasicAuth;
}
