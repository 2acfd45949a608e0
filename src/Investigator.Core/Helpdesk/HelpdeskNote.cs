using System.Net;
using System.Text;
using Investigator.Core.Cases;
using Investigator.Core.Drafting;

namespace Investigator.Core.Helpdesk;

/// <summary>
/// The one private note a case leaves on its ticket: a line naming the case and its decision, the draft
/// reply under "Draft reply (not sent)" with its checks' verdict, and the note for the agent under
/// "Internal note". Plain text for Zendesk, HTML for Freshdesk.
/// </summary>
public sealed record HelpdeskNote(string Summary, string DraftHeading, string DraftSubject, string DraftBody, string Checks, string InternalNote)
{
    public const string DraftNotSent = "Draft reply (not sent)";
    public const string DraftSentPublicly = "Draft reply (also posted to the customer as a public reply)";
    public const string InternalNoteHeading = "Internal note";

    /// <param name="supportCase">A case with a draft.</param>
    /// <param name="publicReplyFollows">True when the draft is about to be posted publicly, so the note does not call it unsent.</param>
    public static HelpdeskNote For(SupportCase supportCase, bool publicReplyFollows)
    {
        var draft = supportCase.Draft ?? throw new ArgumentException("The case has no draft.", nameof(supportCase));
        var decision = supportCase.Decision is { } d ? $" · disposition {d.Disposition} · priority {d.Priority}" : "";
        return new HelpdeskNote(
            $"Investigator · case {supportCase.Id}{decision}",
            publicReplyFollows ? DraftSentPublicly : DraftNotSent,
            draft.Subject,
            draft.Body,
            Verdict(draft.Check),
            string.IsNullOrWhiteSpace(draft.InternalNote) ? "(none)" : draft.InternalNote);
    }

    /// <summary>The note as plain text (Zendesk comments).</summary>
    public string ToPlainText() => new StringBuilder()
        .AppendLine(Summary)
        .AppendLine()
        .AppendLine($"===== {DraftHeading} =====")
        .AppendLine($"Subject: {DraftSubject}")
        .AppendLine()
        .AppendLine(DraftBody.Trim())
        .AppendLine()
        .AppendLine(Checks)
        .AppendLine()
        .AppendLine($"===== {InternalNoteHeading} =====")
        .Append(InternalNote.Trim())
        .ToString();

    /// <summary>The note as HTML (Freshdesk notes), every text encoded.</summary>
    public string ToHtml() => new StringBuilder()
        .Append($"<p>{Encode(Summary)}</p>")
        .Append($"<h3>{Encode(DraftHeading)}</h3>")
        .Append($"<p><b>Subject:</b> {Encode(DraftSubject)}</p>")
        .Append(Paragraphs(DraftBody))
        .Append($"<p><i>{Encode(Checks)}</i></p>")
        .Append("<hr>")
        .Append($"<h3>{Encode(InternalNoteHeading)}</h3>")
        .Append(Paragraphs(InternalNote))
        .ToString();

    /// <summary>Plain text as HTML paragraphs: blank lines part paragraphs, single line breaks stay line breaks.</summary>
    public static string Paragraphs(string text) => string.Concat(
        text.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => $"<p>{string.Join("<br>", p.Split('\n').Select(Encode))}</p>"));

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Verdict(DraftCheck check) => check.Passed
        ? $"Checks: grounding and leak checks passed ({check.ClaimsChecked} claims checked)."
        : $"Checks: NOT passed, {check.Issues.Count} issue(s) ({string.Join(", ", check.Issues.Select(i => i.Kind).Distinct())}); do not send as written.";
}
