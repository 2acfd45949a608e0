using System.Text.RegularExpressions;
using Investigator.Core.Intake;
using Investigator.Core.Investigation;

namespace Investigator.Core.Drafting;

/// <summary>
/// The customer's own sentences worth repeating back: the one that says what our evidence is about (an
/// escalation then shows the exact scope we passed on, "CSV exports with custom fields", not just
/// "exports"), and the one that states a feature request. A sentence is repeated only if it is prose (not
/// a pasted log, trace or JSON body), not shouted, not an instruction aimed at an assistant, and leaks
/// nothing the draft checks forbid.
/// </summary>
internal static partial class CustomerWords
{
    /// <summary>Longer sentences are not quoted: a quote should be read at a glance.</summary>
    public const int MaxQuoteLength = 260;

    /// <summary>
    /// The ticket sentence that shares the most words with the evidence (at least <paramref name="minShared"/>),
    /// the earliest on a tie; null when none does.
    /// </summary>
    public static string? MostRelevant(CaseFacts facts, IEnumerable<Evidence> evidence, int minShared = 2)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in evidence)
        {
            found.UnionWith(Terms($"{e.Finding} {e.Excerpt}"));
        }

        string? best = null;
        var bestScore = minShared - 1;
        foreach (var sentence in Sentences(facts.CleanText).Where(s => Quotable(s, facts)))
        {
            var score = Terms(sentence).Count(found.Contains);
            if (score > bestScore)
            {
                (best, bestScore) = (sentence, score);
            }
        }

        return best;
    }

    /// <summary>
    /// What a feature request asks for: the subject after a "Feature request:" label, else the first
    /// sentence that asks for something to be added or supported. Null when the ticket does not say it
    /// in a quotable way.
    /// </summary>
    public static (string Text, bool IsHeadline)? Request(CaseFacts facts)
    {
        var headline = facts.CleanText.Split('\n', 2)[0].Trim();
        if (RequestLabel().Match(headline) is { Success: true } labelled
            && labelled.Groups["what"].Value.Trim().TrimEnd('.', '!', '?') is { Length: > 2 } what
            && Quotable(what, facts, minWords: 1))
        {
            return (what, true);
        }

        var asked = Sentences(facts.CleanText).FirstOrDefault(s => AskCue().IsMatch(s) && Quotable(s, facts));
        return asked is null ? null : (asked, false);
    }

    /// <summary>The prose sentences of a text: indented (pasted code) lines are skipped, lines are split at sentence ends.</summary>
    public static IEnumerable<string> Sentences(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')
            .Where(line => line.Length > 0 && !char.IsWhiteSpace(line[0]))
            .SelectMany(line => SentenceEnd().Split(line.Trim()))
            .Select(s => s.Trim().TrimStart('-', '*', '•', ' '))
            .Where(s => s.Length > 0);

    /// <summary>Whether a sentence can be repeated to the customer as it stands.</summary>
    public static bool Quotable(string sentence, CaseFacts facts, int minWords = 5)
    {
        if (sentence.Length is < 3 or > MaxQuoteLength || Word().Count(sentence) < minWords)
        {
            return false;
        }

        var letters = sentence.Count(char.IsLetter);
        var upper = sentence.Count(char.IsUpper);
        return letters + sentence.Count(char.IsWhiteSpace) >= sentence.Length * 0.7
               && upper <= letters * 0.5                       // shouting is not worth repeating
               && sentence.IndexOfAny(['{', '}', '<', '>', '=', '|', '`', '\\']) < 0
               && !CodeOrTrace().IsMatch(sentence)
               && !AssistantInstruction().IsMatch(sentence)
               && !PhoneNumber().IsMatch(sentence)
               && !DraftChecker.Leaks(sentence, facts).Any();
    }

    /// <summary>
    /// The content words of a text, lower case and lightly stemmed: identifiers with digits are left out,
    /// code names are split ("WriteCustomFields", "EXPORT_FAILED"), common and template words are dropped.
    /// </summary>
    public static HashSet<string> Terms(string text)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match token in Token().Matches(text))
        {
            if (token.Value.Any(char.IsDigit))
            {
                continue;
            }

            foreach (var part in CodeNamePart().Matches(token.Value).Select(p => p.Value.ToLowerInvariant()))
            {
                if (part.Length >= 2 && !StopWords.Contains(part))
                {
                    terms.Add(Stem(part));
                }
            }
        }

        return terms;
    }

    private static string Stem(string word) => word switch
    {
        { Length: > 4 } when word.EndsWith("ies", StringComparison.Ordinal) => word[..^3] + "y",
        { Length: > 5 } when word.EndsWith("ing", StringComparison.Ordinal) => word[..^3],
        { Length: > 4 } when word.EndsWith("ed", StringComparison.Ordinal) => word[..^2],
        { Length: > 4 } when word.EndsWith("es", StringComparison.Ordinal) && !word.EndsWith("ses", StringComparison.Ordinal) => word[..^1],
        { Length: > 3 } when word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) => word[..^1],
        _ => word,
    };

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "could", "did", "do", "does", "for", "from",
        "had", "has", "have", "he", "her", "his", "how", "if", "in", "into", "is", "it", "its", "me", "my", "no", "not", "of",
        "on", "or", "our", "ours", "she", "so", "than", "that", "the", "their", "them", "then", "there", "these", "they",
        "this", "those", "to", "up", "us", "was", "we", "were", "what", "when", "where", "which", "who", "why", "will",
        "with", "would", "you", "your", "yours", "should", "about", "after", "before", "again", "still", "very", "just",
        "also", "only", "some", "any", "all", "each", "every", "one", "two", "more", "most", "other", "over", "under",
        "per", "via", "too", "now", "today", "yesterday", "time", "day", "days", "week", "morning", "afternoon",
        "evening", "night", "since", "between", "while", "during", "please", "thanks", "thank", "hi", "hello", "dear",
        "regards", "best", "support", "team", "flowpoint", "customer", "help", "get", "got", "use", "used", "using",
        "like", "out", "eg", "ie", "etc", "none", "show", "shows", "showed", "log", "logs", "event", "events", "account",
        "accounts", "http", "utc", "yes", "ok",
    };

    [GeneratedRegex(@"(?<=\S[.!?])\s+(?=[A-Z""“(])")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’][\p{L}]+)?")]
    private static partial Regex Word();

    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9_]*")]
    private static partial Regex Token();

    /// <summary>The words inside a code name: "WriteCustomFields" is write, custom, fields; "EXPORT_FAILED" is export, failed.</summary>
    [GeneratedRegex(@"[A-Z]{2,}(?![a-z])|[A-Z]?[a-z]+")]
    private static partial Regex CodeNamePart();

    [GeneratedRegex(@"^(?:feature\s+request|feature\s+idea|suggestion|idea|request)\s*[:\-–—]\s*(?<what>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex RequestLabel();

    [GeneratedRegex(@"\b(?:could|can|would|will)\s+you\s+(?:please\s+)?(?:add|support|build|offer|provide|consider|allow)\b|\bplease\s+add\b|\b(?:do|does)\s+(?:you|flowpoint)\s+(?:support|offer)\b|\bwould\s+(?:love|like)\s+(?:to\s+see|to\s+have|it\s+if)\b|\bfeature\s+request\b", RegexOptions.IgnoreCase)]
    private static partial Regex AskCue();

    [GeneratedRegex(@"Traceback|File ""|Exception\b|\w+Error:|^\s*at\s+\w+\.|\b(?:GET|POST|PUT|PATCH|DELETE)\s+/")]
    private static partial Regex CodeOrTrace();

    /// <summary>A telephone number: personal data that a reply has no reason to repeat.</summary>
    [GeneratedRegex(@"\+\d[\d\s().-]{6,}\d|\b\d{2,4}[ -]\d{3,4}(?:[ -]\d{2,4})?\b")]
    private static partial Regex PhoneNumber();

    /// <summary>Text addressed to an assistant rather than to us (a prompt injection) is never repeated.</summary>
    [GeneratedRegex(@"\b(?:ignore|disregard)\b.{0,40}\b(?:instructions?|rules?|prompts?)\b|\bsystem\s+(?:message|prompt)\b|\bassistant\b|\b(?:AI|LLM)\b|\byou\s+are\s+now\b|\bin\s+your\s+reply\b", RegexOptions.IgnoreCase)]
    private static partial Regex AssistantInstruction();
}
