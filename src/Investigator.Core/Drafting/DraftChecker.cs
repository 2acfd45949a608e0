using System.Text.RegularExpressions;
using Investigator.Core.Diagnostics;
using Investigator.Core.Intake;
using Investigator.Core.Investigation;

namespace Investigator.Core.Drafting;

/// <summary>
/// The grounding and leak checks that run on every draft, whoever wrote it. Grounding: each sentence's
/// specific claims (numbers, times, error codes, identifiers) must appear in the evidence it cites, in
/// the ticket, or in the decision's own figures; citations must name existing evidence. Leaks: no other
/// account's identifiers, internal hosts or addresses, secrets, stack traces, log lines, or other
/// people's e-mail addresses.
/// </summary>
public static partial class DraftChecker
{
    public static DraftCheck Check(string subject, string body, CaseFacts facts, IReadOnlyList<Evidence> evidence, string decisionText)
    {
        var issues = new List<DraftIssue>();
        var byId = evidence.ToDictionary(e => e.Id, StringComparer.Ordinal);
        var ticket = Normalize(facts.CleanText);
        var decision = Normalize(decisionText);
        var claims = 0;

        foreach (var (sentence, paragraphCitations) in Sentences(body))
        {
            // A sentence cites what it names, and what its paragraph names at the end (a quoted passage).
            var cited = Citation().Matches(sentence).Select(m => m.Groups["id"].Value).Union(paragraphCitations).ToList();
            foreach (var id in cited.Where(id => !byId.ContainsKey(id)))
            {
                issues.Add(new DraftIssue(DraftIssueKind.InvalidCitation, sentence, $"cites {id}, which is not in the evidence"));
            }

            var support = Normalize(string.Join(' ', cited.Where(byId.ContainsKey).Select(id => $"{byId[id].Finding} {byId[id].Excerpt}")));
            var withoutCitations = Citation().Replace(sentence, "");
            var tokens = ClaimToken().Matches(ListMarker().Replace(withoutCitations, "")).Select(m => m.Value.TrimEnd('.', ',')).Where(t => t.Length > 0).Distinct().ToList();
            if (tokens.Count == 0)
            {
                continue;
            }

            claims++;
            var unsupported = tokens.Where(t => !Contains(support, t) && !Contains(ticket, t) && !Contains(decision, t)).ToList();
            if (unsupported.Count > 0)
            {
                issues.Add(new DraftIssue(DraftIssueKind.UnsupportedClaim, sentence.Trim(),
                    $"{string.Join(", ", unsupported)} {(unsupported.Count == 1 ? "is" : "are")} not in the cited evidence, the ticket or the decision"));
            }
        }

        issues.AddRange(Leaks(subject + "\n" + body, facts));
        return new DraftCheck(issues.Count == 0, claims, issues);
    }

    /// <summary>What in a text would leak internal or other customers' information.</summary>
    public static IEnumerable<DraftIssue> Leaks(string text, CaseFacts facts)
    {
        var ownAccount = facts.Account?.Id.Value;
        var requester = facts.RequesterEmail.Value;
        foreach (Match m in Redactor.InternalHost().Matches(text))
            yield return new DraftIssue(DraftIssueKind.Leak, m.Value, "internal host name");
        foreach (Match m in Redactor.PrivateIp().Matches(text))
            yield return new DraftIssue(DraftIssueKind.Leak, m.Value, "internal IP address");
        foreach (Match m in Redactor.ApiKey().Matches(text))
            yield return new DraftIssue(DraftIssueKind.Leak, m.Groups["prefix"].Value + "…", "a whole API key (only the prefix may be shown)");
        foreach (Match m in AccountId().Matches(text))
        {
            if (!m.Value.Equals(ownAccount, StringComparison.OrdinalIgnoreCase))
                yield return new DraftIssue(DraftIssueKind.Leak, m.Value, "another account's identifier");
        }

        foreach (Match m in Redactor.Email().Matches(text))
        {
            if (!m.Value.Equals(requester, StringComparison.OrdinalIgnoreCase))
                yield return new DraftIssue(DraftIssueKind.Leak, m.Value, "someone else's e-mail address");
        }

        foreach (Match m in StackFrame().Matches(text))
            yield return new DraftIssue(DraftIssueKind.Leak, m.Value.Trim(), "a raw stack trace");
        foreach (Match m in LogLine().Matches(text))
            yield return new DraftIssue(DraftIssueKind.Leak, m.Value.Trim(), "a raw internal log line");
    }

    private static IEnumerable<(string Sentence, IReadOnlyList<string> ParagraphCitations)> Sentences(string body) =>
        body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(line =>
            {
                var trailing = TrailingCitations().Match(line) is { Success: true } m
                    ? Citation().Matches(m.Value).Select(c => c.Groups["id"].Value).ToList()
                    : [];
                return SentenceEnd().Split(line).Select(s => (s.Trim(), (IReadOnlyList<string>)trailing));
            })
            .Where(s => s.Item1.Length > 0);

    [GeneratedRegex(@"(?:\s*\[E\d+\])+\s*$")]
    private static partial Regex TrailingCitations();

    /// <summary>Lower case, with thousands separators dropped ("1,500" is "1500"); a comma between a number and a word stays a boundary.</summary>
    private static string Normalize(string text) => DigitGroupComma().Replace(text, "").ToLowerInvariant();

    [GeneratedRegex(@"(?<=\d),(?=\d)")]
    private static partial Regex DigitGroupComma();

    /// <summary>Whole-token containment: "16" is not supported by "2016", "401" is by "HTTP 401".</summary>
    private static bool Contains(string haystack, string token) =>
        Regex.IsMatch(haystack, $@"(?<![\w]){Regex.Escape(Normalize(token))}(?![\w])", RegexOptions.None, TimeSpan.FromSeconds(1));

    [GeneratedRegex(@"\[(?<id>E\d+)\]")]
    private static partial Regex Citation();

    [GeneratedRegex(@"^\s*\d{1,2}\.\s")]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"(?<=[^\d\s][.!?])\s+(?=[A-Z])")]
    private static partial Regex SentenceEnd();

    /// <summary>Specific claims: numbers (with separators), UPPER_SNAKE codes, and product identifiers.</summary>
    [GeneratedRegex(@"\b(?:fp_(?:live|test)_[A-Za-z0-9]{4}|(?:req|exp|inv|wf|run|usr|whe|key|acc)_[A-Za-z0-9_]+|kb-\d+|[A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+|\d[\d,]*(?:[.:]\d+)*(?![A-Za-z_\d]))")]
    private static partial Regex ClaimToken();

    [GeneratedRegex(@"\bacc_\d{4,8}\b", RegexOptions.IgnoreCase)]
    private static partial Regex AccountId();

    [GeneratedRegex(@"(?m)^\s*at [A-Za-z_][\w.]*\.[A-Za-z_][\w]*\(.*\)|\b[A-Z]\w+(?:\.\w+)+Exception:")]
    private static partial Regex StackFrame();

    [GeneratedRegex(@"(?m)^\s*(?:\{""ts""|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\S*\s+(?:INFO|WARN|ERROR|DEBUG))")]
    private static partial Regex LogLine();
}
