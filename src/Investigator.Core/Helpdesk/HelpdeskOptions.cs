using System.ComponentModel.DataAnnotations;
using System.Net.Http.Headers;
using System.Text;
using Investigator.Core.Drafting;

namespace Investigator.Core.Helpdesk;

/// <summary>
/// Where case results are written back: a Zendesk and a Freshdesk account, which message kinds may go
/// to the customer as a public reply, and how hard to try. Section "Helpdesks". A helpdesk without a
/// BaseUrl is not configured, and its tickets are skipped.
/// </summary>
public sealed class HelpdeskOptions : IValidatableObject
{
    public const string Section = "Helpdesks";

    public ZendeskOptions Zendesk { get; set; } = new();

    public FreshdeskOptions Freshdesk { get; set; } = new();

    /// <summary>
    /// Message kinds (<see cref="MessageKind"/> names, for example "Acknowledgement") whose draft is also
    /// posted as a public reply when its grounding and leak checks passed. Empty (the default): never public.
    /// </summary>
    public List<string> PublicReplyKinds { get; set; } = [];

    /// <summary>Attempts per request, the first included: a 429, a 5xx, a refused connection or a timed-out attempt is tried again.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The longest wait before a retry; an answer whose Retry-After asks for more fails at once (its wait is in the result).</summary>
    public int MaxRetryDelaySeconds { get; set; } = 30;

    /// <summary>The first retry's base delay when the answer has no Retry-After; later ones double, with jitter.</summary>
    public int RetryDelayMilliseconds { get; set; } = 500;

    /// <summary>The time one attempt may take.</summary>
    public int AttemptTimeoutSeconds { get; set; } = 15;

    /// <summary>
    /// Write-backs of one case, each a full round of requests, before it is given up (the case's timeline says so and a
    /// person posts it by hand). A write-back that fails is due again after <see cref="PostRetryBaseSeconds"/>, doubling,
    /// at most <see cref="PostRetryMaxMinutes"/> apart, or after the helpdesk's Retry-After when that is longer.
    /// </summary>
    public int PostAttempts { get; set; } = 8;

    /// <summary>The wait after a case's first failed write-back.</summary>
    public int PostRetryBaseSeconds { get; set; } = 30;

    /// <summary>The longest wait between two write-backs of a case.</summary>
    public int PostRetryMaxMinutes { get; set; } = 30;

    /// <summary>How often the service looks for write-backs that are due (after a failure, or left by a stop).</summary>
    public int PostCheckSeconds { get; set; } = 15;

    /// <summary>How long a write-back is held by the poster that took it; one that dies holding it is due again after.</summary>
    public int PostLeaseSeconds { get; set; } = 600;

    /// <summary>The backoff between a case's write-backs, as <see cref="PostAttempts"/> and the delays above set it.</summary>
    public Cases.CaseRetryPolicy PostRetries() =>
        new(PostAttempts, TimeSpan.FromSeconds(PostRetryBaseSeconds), TimeSpan.FromMinutes(PostRetryMaxMinutes));

    /// <summary>The longest one request can take with every attempt and wait: the bound on a write-back's time per request.</summary>
    public TimeSpan MaxRequestTime =>
        (MaxAttempts * TimeSpan.FromSeconds(AttemptTimeoutSeconds)) + ((MaxAttempts - 1) * TimeSpan.FromSeconds(MaxRetryDelaySeconds));

    /// <summary>True when a draft of this kind may be posted publicly (the checks must still pass).</summary>
    public bool AllowsPublicReply(MessageKind kind) =>
        PublicReplyKinds.Any(k => string.Equals(k?.Trim(), kind.ToString(), StringComparison.OrdinalIgnoreCase));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        Problems().Select(p => new ValidationResult(p)).ToList();

    /// <summary>Every problem of these options, each naming its configuration key.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var problem in Zendesk.Problems($"{Section}:Zendesk").Concat(Freshdesk.Problems($"{Section}:Freshdesk")))
        {
            yield return problem;
        }

        foreach (var kind in PublicReplyKinds.Where(k => !Enum.TryParse<MessageKind>(k?.Trim(), ignoreCase: true, out _) || int.TryParse(k, out _)))
        {
            yield return $"{Section}:PublicReplyKinds '{kind}' is not a message kind ({string.Join(", ", Enum.GetNames<MessageKind>())}).";
        }

        if (MaxAttempts is < 1 or > 10)
        {
            yield return $"{Section}:MaxAttempts ({MaxAttempts}) must be between 1 and 10.";
        }

        if (MaxRetryDelaySeconds is < 1 or > 300)
        {
            yield return $"{Section}:MaxRetryDelaySeconds ({MaxRetryDelaySeconds}) must be between 1 and 300.";
        }

        if (RetryDelayMilliseconds < 0 || RetryDelayMilliseconds > MaxRetryDelaySeconds * 1000)
        {
            yield return $"{Section}:RetryDelayMilliseconds ({RetryDelayMilliseconds}) must be between 0 and MaxRetryDelaySeconds ({MaxRetryDelaySeconds} s).";
        }

        if (AttemptTimeoutSeconds is < 1 or > 120)
        {
            yield return $"{Section}:AttemptTimeoutSeconds ({AttemptTimeoutSeconds}) must be between 1 and 120.";
        }

        if (PostAttempts is < 1 or > 50)
        {
            yield return $"{Section}:PostAttempts ({PostAttempts}) must be between 1 and 50.";
        }

        if (PostRetryBaseSeconds is < 1 or > 3600)
        {
            yield return $"{Section}:PostRetryBaseSeconds ({PostRetryBaseSeconds}) must be between 1 and 3600.";
        }

        if (PostRetryMaxMinutes is < 1 or > 1440)
        {
            yield return $"{Section}:PostRetryMaxMinutes ({PostRetryMaxMinutes}) must be between 1 and 1440.";
        }

        if (PostCheckSeconds is < 1 or > 3600)
        {
            yield return $"{Section}:PostCheckSeconds ({PostCheckSeconds}) must be between 1 and 3600.";
        }

        // A lease shorter than one write-back could let a second poster take a case the first is still posting.
        if (PostLeaseSeconds < MaxRequestTime.TotalSeconds * 3 || PostLeaseSeconds > 86_400)
        {
            yield return $"{Section}:PostLeaseSeconds ({PostLeaseSeconds}) must be at least three requests' longest time ({MaxRequestTime.TotalSeconds * 3:0} s) and at most 86400.";
        }
    }

    /// <summary>
    /// An absolute https address; http only on a loopback address, because every request carries credentials.
    /// Null when <paramref name="baseUrl"/> is acceptable.
    /// </summary>
    internal static string? AddressProblem(string baseUrl, string key)
    {
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return $"{key} '{baseUrl}' must be an absolute https address.";
        }

        return uri.Scheme == "http" && !uri.IsLoopback
            ? $"{key} '{baseUrl}' must use https (http is accepted only on a loopback address): every request carries credentials."
            : null;
    }

    internal static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}

/// <summary>A Zendesk Support account, signed in with an agent's address and an API token.</summary>
public sealed class ZendeskOptions
{
    /// <summary>The account's address, for example https://acme.zendesk.com. Empty: Zendesk is not configured.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The agent the notes are written as.</summary>
    public string? Email { get; set; }

    /// <summary>An API token (Admin Center → Apps and integrations → Zendesk API).</summary>
    public string? ApiToken { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(BaseUrl);

    /// <summary>Zendesk's API-token sign-in: HTTP Basic with "{email}/token" as the user and the token as the password.</summary>
    public AuthenticationHeaderValue Authorization() => HelpdeskOptions.Basic($"{Email}/token", ApiToken ?? "");

    public IEnumerable<string> Problems(string section)
    {
        if (!IsConfigured)
        {
            yield break;
        }

        if (HelpdeskOptions.AddressProblem(BaseUrl!, $"{section}:BaseUrl") is { } address)
        {
            yield return address;
        }

        if (string.IsNullOrWhiteSpace(Email) || !Email.Contains('@', StringComparison.Ordinal))
        {
            yield return $"{section}:Email is required when {section}:BaseUrl is set (the agent's address the API token belongs to).";
        }

        if (string.IsNullOrWhiteSpace(ApiToken))
        {
            yield return $"{section}:ApiToken is required when {section}:BaseUrl is set.";
        }
    }
}

/// <summary>A Freshdesk account, signed in with an agent's API key.</summary>
public sealed class FreshdeskOptions
{
    /// <summary>The account's address, for example https://acme.freshdesk.com. Empty: Freshdesk is not configured.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The agent's API key (Profile settings → View API key).</summary>
    public string? ApiKey { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(BaseUrl);

    /// <summary>Freshdesk's sign-in: HTTP Basic with the API key as the user and "X" as the password.</summary>
    public AuthenticationHeaderValue Authorization() => HelpdeskOptions.Basic(ApiKey ?? "", "X");

    public IEnumerable<string> Problems(string section)
    {
        if (!IsConfigured)
        {
            yield break;
        }

        if (HelpdeskOptions.AddressProblem(BaseUrl!, $"{section}:BaseUrl") is { } address)
        {
            yield return address;
        }

        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            yield return $"{section}:ApiKey is required when {section}:BaseUrl is set.";
        }
    }
}
