using Investigator.Core.Sources;

namespace Investigator.Core.Intake;

/// <summary>Where a fact came from.</summary>
public enum ProvenanceKind
{
    /// <summary>A span of the ticket's text (subject, body or a comment).</summary>
    TicketText,

    /// <summary>A field the helpdesk sent (requester, created time, tags, metadata).</summary>
    HelpdeskMetadata,

    /// <summary>The account source.</summary>
    AccountLookup,

    /// <summary>Inferred from other facts by a named rule.</summary>
    Derived,
}

/// <summary>
/// The origin of a fact. For ticket text, <see cref="Field"/> names the part ("subject", "body",
/// "comments[0]") and <see cref="Start"/>/<see cref="Length"/> locate the span in that part's cleaned text.
/// </summary>
public sealed record Provenance(ProvenanceKind Kind, string Field, int? Start = null, int? Length = null, string? Text = null)
{
    public static Provenance Metadata(string field, string? text = null) => new(ProvenanceKind.HelpdeskMetadata, field, Text: text);

    public static Provenance Lookup(string field, string? text = null) => new(ProvenanceKind.AccountLookup, field, Text: text);

    public static Provenance Rule(string rule, string? text = null) => new(ProvenanceKind.Derived, rule, Text: text);
}

/// <summary>A value with the place it came from.</summary>
public sealed record Fact<T>(T Value, Provenance Source);

/// <summary>Kinds of identifier a customer pastes.</summary>
public enum IdentifierKind { RequestId, TraceId, Uuid, ApiKeyPrefix, ExportJobId, InvoiceId, WorkflowId, RunId, UserId, AccountId, IpAddress }

public sealed record Identifier(IdentifierKind Kind, string Value);

public enum Frequency { Unknown, Always, Intermittent, Once }

public enum Reproducibility { Unknown, Reproducible, NotReproducible }

public enum WorkaroundStatus { Unknown, None, Available }

public enum Sentiment { Positive, Neutral, Frustrated, Angry }

/// <summary>The things that escalate a case at once, whatever else is true.</summary>
public enum ImmediateRisk { SecurityBreach, DataLoss, FullOutage, Compliance }

/// <summary>A required fact the ticket does not give, with the question that would get it.</summary>
public sealed record MissingField(string Field, string Question, string Why, string? Example = null);

/// <summary>What a pasted block of the ticket is.</summary>
public enum TextBlockKind { Log, StackTrace, Json, Command, Quoted }

/// <summary>A pasted log, stack trace, JSON document or shell session, kept whole and apart from the prose around it.</summary>
public sealed record TextBlock(TextBlockKind Kind, string Field, int Start, int Length, int Lines);

/// <summary>
/// Something intake corrected or refused: a model-extracted value that does not occur in the ticket,
/// a model reply that could not be used. Each note becomes a step of the case's trace.
/// </summary>
public sealed record IntakeNote(string Field, string Value, string Reason);

/// <summary>An account id written in the ticket that the requester does not belong to: flagged, never investigated.</summary>
public sealed record UntrustedAccountClaim(string ClaimedAccountId, string Reason, Provenance Source);

/// <summary>The account the case is verified to belong to; every tool is bound to it.</summary>
public sealed record AccountFacts(
    Fact<string> Id,
    Fact<string> Name,
    Fact<PlanTier> Plan,
    Fact<string> Region,
    Fact<string> BusinessCriticality,
    Fact<bool> AtRisk)
{
    /// <summary>How many webhook endpoints the account has: with one, a webhook problem names its endpoint by itself.</summary>
    public Fact<int>? WebhookEndpoints { get; init; }
}

/// <summary>
/// The normalized problem statement: a stable schema, never free text. Every field records its
/// provenance; what is required and absent is listed in <see cref="Missing"/> with its question.
/// </summary>
public sealed record CaseFacts
{
    public required Fact<string> ProblemStatement { get; init; }
    public required Fact<ProblemCategory> Category { get; init; }
    public required Fact<string> RequesterEmail { get; init; }
    public Fact<string>? RequesterName { get; init; }
    public AccountFacts? Account { get; init; }
    public Fact<string>? Product { get; init; }
    public Fact<string>? Version { get; init; }
    public Fact<string>? OperatingSystem { get; init; }
    public Fact<string>? Browser { get; init; }
    public Fact<string>? Device { get; init; }
    public Fact<string>? ActionAttempted { get; init; }
    public Fact<string>? ExpectedOutcome { get; init; }
    public Fact<string>? ActualOutcome { get; init; }
    public IReadOnlyList<Fact<string>> ErrorMessages { get; init; } = [];
    public IReadOnlyList<Fact<string>> ErrorCodes { get; init; } = [];
    public IReadOnlyList<Fact<Identifier>> Identifiers { get; init; } = [];
    public required Fact<DateTimeOffset> ReportedAt { get; init; }
    public Fact<DateTimeOffset>? StartedAt { get; init; }
    public Fact<DateTimeOffset>? LastKnownWorking { get; init; }

    /// <summary>Every time the ticket mentions (timestamps and phrases), resolved to UTC against <see cref="ReportedAt"/>, in text order.</summary>
    public IReadOnlyList<Fact<DateTimeOffset>> Times { get; init; } = [];
    public Fact<string>? RecentChanges { get; init; }
    public Fact<Frequency>? Frequency { get; init; }
    public Fact<Reproducibility>? Reproducibility { get; init; }
    public Fact<WorkaroundStatus>? Workaround { get; init; }
    public Fact<int>? UsersAffected { get; init; }
    public Fact<string>? BusinessImpact { get; init; }
    public required Fact<Sentiment> Sentiment { get; init; }
    public required Fact<string> Language { get; init; }
    public IReadOnlyList<Fact<ImmediateRisk>> Risks { get; init; } = [];

    /// <summary>What the customer wants besides a fix: "question" (asks how something works), "featureRequest".</summary>
    public IReadOnlyList<Fact<string>> Intents { get; init; } = [];
    public IReadOnlyList<UntrustedAccountClaim> UntrustedAccountClaims { get; init; } = [];
    public IReadOnlyList<MissingField> Missing { get; init; } = [];

    /// <summary>Pasted logs, stack traces, JSON and shell sessions, located in <see cref="CleanText"/>'s parts.</summary>
    public IReadOnlyList<TextBlock> Blocks { get; init; } = [];

    /// <summary>The ticket's attachments as the helpdesk described them (name, type, size); contents are never read.</summary>
    public IReadOnlyList<Fact<TicketAttachment>> Attachments { get; init; } = [];

    /// <summary>What intake dropped or corrected, and why; written to the trace.</summary>
    public IReadOnlyList<IntakeNote> Notes { get; init; } = [];

    /// <summary>The ticket's text after cleanup (quoted replies, signatures and footers removed).</summary>
    public required string CleanText { get; init; }

    public bool Has(ImmediateRisk flag) => Risks.Any(f => f.Value == flag);
}
