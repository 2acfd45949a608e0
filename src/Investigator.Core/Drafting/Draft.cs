namespace Investigator.Core.Drafting;

/// <summary>The kinds of message a support engineer sends.</summary>
public enum MessageKind { Acknowledgement, RequestForInformation, ProgressUpdate, Resolution, Workaround, EscalationNotice, IncidentUpdate }

/// <summary>What a check found wrong with one sentence of a draft.</summary>
public enum DraftIssueKind { UnsupportedClaim, InvalidCitation, Leak }

public sealed record DraftIssue(DraftIssueKind Kind, string Sentence, string Problem);

/// <summary>The grounding and leak checks' verdict on a draft. A draft with any issue is not sendable.</summary>
public sealed record DraftCheck(bool Passed, int ClaimsChecked, IReadOnlyList<DraftIssue> Issues);

/// <summary>Layer 4's output: a reply that states only what the evidence proves, and a note for the agent.</summary>
public sealed record Draft(
    MessageKind Kind,
    string Subject,
    string Body,
    IReadOnlyList<string> Citations,
    string InternalNote,
    DraftCheck Check,
    string Language,
    string Engine)
{
    public bool Sendable => Check.Passed;
}
