using Investigator.Core.Decisioning;
using Investigator.Core.Intake;

namespace Investigator.Evals.Format;

/// <summary>
/// One recorded case of a suite: a ticket (inline, or a file relative to the repository root), and
/// what a support engineer expects every layer to produce. Labels are written before the engine is run.
/// </summary>
public sealed record EvalCase
{
    public required string Id { get; init; }

    public string Title { get; init; } = "";

    /// <summary>The ticket, inline.</summary>
    public Ticket? Ticket { get; init; }

    /// <summary>Or a ticket file, relative to the repository root (samples/tickets/…).</summary>
    public string? TicketFile { get; init; }

    public required ExpectedOutcome Expected { get; init; }

    /// <summary>A recorded model transcript (fixture) for model-engine replay, relative to the suite folder.</summary>
    public string? Transcript { get; init; }

    /// <summary>Free labels for slicing results: voice:angry, adversarial:injection, scenario:S3, …</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
}

/// <summary>What each layer should produce for a case. Omitted parts are not scored.</summary>
public sealed record ExpectedOutcome
{
    public ExpectedFacts? Facts { get; init; }

    /// <summary>Evidence that must be found, by source and key; a key ending in '*' is a prefix.</summary>
    public IReadOnlyList<ExpectedEvidence> Evidence { get; init; } = [];

    public Disposition? Disposition { get; init; }

    public CaseType? Type { get; init; }

    public Priority? Priority { get; init; }

    public SupportTier? Tier { get; init; }

    public ExpectedEscalation? Escalation { get; init; }

    /// <summary>Fields of <see cref="MissingField.Field"/> that intake should ask for.</summary>
    public IReadOnlyList<string>? MissingFields { get; init; }

    public ExpectedReply? Reply { get; init; }
}

/// <summary>Expected intake facts. Lists are compared as sets; text fields by token overlap.</summary>
public sealed record ExpectedFacts
{
    /// <summary>The verified account id, or "none" when the requester must not be matched to any account.</summary>
    public string? Account { get; init; }

    public ProblemCategory? Category { get; init; }

    public string? Product { get; init; }

    public string? Version { get; init; }

    /// <summary>Identifier values (request ids, key prefixes, export job ids, …).</summary>
    public IReadOnlyList<string>? Identifiers { get; init; }

    /// <summary>HTTP statuses, product error codes and exception names.</summary>
    public IReadOnlyList<string>? ErrorCodes { get; init; }

    public string? Action { get; init; }

    public string? ExpectedOutcome { get; init; }

    public string? ActualOutcome { get; init; }

    /// <summary>Account ids the ticket claims that must be flagged as untrusted.</summary>
    public IReadOnlyList<string>? UntrustedAccounts { get; init; }

    public IReadOnlyList<ImmediateRisk>? Risks { get; init; }
}

public sealed record ExpectedEvidence(string Source, string Key);

public sealed record ExpectedEscalation(bool Escalate, bool Immediate = false, EscalationTrigger? Trigger = null);

/// <summary>Phrases the reply must contain (case-insensitive) and must not contain.</summary>
public sealed record ExpectedReply(IReadOnlyList<string>? MustContain = null, IReadOnlyList<string>? MustNotContain = null);

/// <summary>A suite: where its world is, and its cases (one JSON file each in cases/).</summary>
public sealed record SuiteManifest
{
    public required string Name { get; init; }

    public string Description { get; init; } = "";

    /// <summary>World folder, relative to the repository root.</summary>
    public string World { get; init; } = "samples/world";

    /// <summary>Resolved cases in memory at the start, relative to the repository root.</summary>
    public string? MemorySeed { get; init; } = "samples/world/resolved-cases.json";

    public string Policy { get; init; } = "policy/support-policy.json";
}
