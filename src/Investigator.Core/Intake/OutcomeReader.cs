using System.Text.RegularExpressions;

namespace Investigator.Core.Intake;

/// <summary>
/// Reads what the customer tried (action), what they expected and what happened instead, as short
/// verbatim spans of the ticket. Each is taken from the clause that says it ("when I open a workflow",
/// "should download a CSV", "keeps throwing 429 errors"), never from a pasted log, a question or a
/// greeting; a field the ticket does not state stays empty rather than guessed.
/// </summary>
internal static partial class OutcomeReader
{
    private const int MaxSpan = 200;

    public sealed record Outcomes(Fact<string>? Action, Fact<string>? Expected, Fact<string>? Actual);

    public static Outcomes Read(IReadOnlyList<TextPart> parts, Func<TextPart, int, bool> inBlock)
    {
        var sentences = Sentences(parts, inBlock).ToList();
        var actual = ActualOutcome(sentences);
        var action = Action(sentences, actual);
        var expected = Expected(sentences);
        return new Outcomes(action, expected, actual);
    }

    /// <summary>A prose sentence of a part: where it starts in the part's text, and the text.</summary>
    private sealed record Sentence(TextPart Part, int Start, string Text, int Order)
    {
        public bool IsSubject => Part.Field == "subject";

        public bool IsQuestion => Text.EndsWith('?');

        public Fact<string> Span(int start, int length)
        {
            var text = Text.Substring(start, length);
            var trimmedStart = text.Length - text.TrimStart().Length;
            text = text.Trim().TrimEnd('.', ',', ';', ':', '!', ' ', '-');
            return new Fact<string>(text, new Provenance(ProvenanceKind.TicketText, Part.Field, Start + start + trimmedStart, text.Length, text));
        }
    }

    private static IEnumerable<Sentence> Sentences(IReadOnlyList<TextPart> parts, Func<TextPart, int, bool> inBlock)
    {
        var order = 0;
        foreach (var part in parts)
        {
            foreach (Match s in TextPatterns.Sentence().Matches(part.Text))
            {
                var text = s.Value.TrimEnd('\n').Trim();
                if (text.Length < 8 || text.Length > 400 || inBlock(part, s.Index) || NotProse(text))
                {
                    continue;
                }

                yield return new Sentence(part, s.Index + s.Value.IndexOf(text, StringComparison.Ordinal), text, order++);
            }
        }
    }

    private static bool NotProse(string text) =>
        text.StartsWith("at ", StringComparison.Ordinal) || text.StartsWith('{') || text.StartsWith('[') || text.StartsWith('$')
        || text.StartsWith("- ", StringComparison.Ordinal) || text.StartsWith('>') || text.StartsWith("HTTP/", StringComparison.Ordinal)
        || TextPatterns.IsoTimestamp().IsMatch(text[..Math.Min(30, text.Length)])
        || Greeting().IsMatch(text);

    // ---- Actual outcome ------------------------------------------------------------------------

    /// <summary>The clause that says what goes wrong, from the prose sentence that says it most plainly.</summary>
    private static Fact<string>? ActualOutcome(List<Sentence> sentences)
    {
        var candidates = sentences
            .Where(s => !s.IsQuestion && !NothingWrong().IsMatch(s.Text))
            .Select(s => (Sentence: s, Score: FailureScore(s)))
            .Where(x => x.Score > 0)
            .ToList();

        // The subject line is a headline: used only when the body never says what goes wrong.
        var best = candidates.Where(x => !x.Sentence.IsSubject).OrderByDescending(x => x.Score).ThenBy(x => x.Sentence.Order).FirstOrDefault();
        if (best.Sentence is null)
        {
            best = candidates.FirstOrDefault(x => x.Sentence.IsSubject && x.Score >= 4);
        }

        return best.Sentence is null ? null : FailureClause(best.Sentence);
    }

    private static double FailureScore(Sentence s)
    {
        var failure = Failure().Count(s.Text);
        if (failure == 0)
        {
            return 0;
        }

        var score = 2.0 + Math.Min(failure, 3);
        if (TextPatterns.HttpStatus().IsMatch(s.Text) || TextPatterns.ProductErrorCode().IsMatch(s.Text)) score += 1.5;
        if (FirstPerson().IsMatch(s.Text)) score += 0.5;
        if (Speculation().IsMatch(s.Text)) score -= 2;
        if (Predicate(s.Text) is not null) score += 1.5;
        return score - (s.Order * 0.15);
    }

    /// <summary>
    /// The clause around the first failure word, with the clause after it when that one carries the
    /// error ("... get an error page: SAML_AUDIENCE_MISMATCH"); a leading time or framing clause is dropped.
    /// </summary>
    private static Fact<string> FailureClause(Sentence s)
    {
        if (Predicate(s.Text) is { } predicate)
        {
            var end = predicate.Verb;
            foreach (var clause in Clauses(s.Text))
            {
                if (clause.Start + clause.Length > predicate.Verb)
                {
                    end = clause.Start + clause.Length;
                    break;
                }
            }

            return s.Span(predicate.Verb, Math.Min(end - predicate.Verb, MaxSpan));
        }

        var failure = Failure().Match(s.Text);
        var clauses = Clauses(s.Text);
        var index = clauses.FindIndex(c => failure.Index >= c.Start && failure.Index < c.Start + c.Length);
        if (index < 0)
        {
            return s.Span(0, s.Text.Length);
        }

        var (start, length) = clauses[index];
        if (index + 1 < clauses.Count && ErrorWords().IsMatch(s.Text.AsSpan(clauses[index + 1].Start, clauses[index + 1].Length)) && !ErrorWords().IsMatch(s.Text.AsSpan(start, length)))
        {
            length = clauses[index + 1].Start + clauses[index + 1].Length - start;
        }

        // A clause of two or three words ("it fails") says too little: take the sentence.
        return WordCount(s.Text.AsSpan(start, length)) < 4 && s.Text.Length <= MaxSpan ? s.Span(0, s.Text.Length) : s.Span(start, length);
    }

    // ---- Action --------------------------------------------------------------------------------

    /// <summary>What they were doing: "when I X", "trying to X", "cannot X", "every call to X", or the thing that fails.</summary>
    private static Fact<string>? Action(List<Sentence> sentences, Fact<string>? actual)
    {
        var prose = sentences.Where(s => !s.IsSubject && !NothingWrong().IsMatch(s.Text) && !WorkedBefore().IsMatch(s.Text)).ToList();

        // The object the failure happens to: "on every call to the API", "all our API calls get 401",
        // "our run-history exports have been failing".
        var failing = prose.FirstOrDefault(s => actual is not null && s.Part.Field == actual.Source.Field && s.Start <= actual.Source.Start && actual.Source.Start < s.Start + s.Text.Length);
        if (failing is not null && CannotDo().Match(failing.Text) is not { Success: true })
        {
            if (EveryCall().Match(failing.Text) is { Success: true } every)
            {
                return failing.Span(every.Groups["x"].Index, EndOfPhrase(failing.Text, every.Groups["x"].Index, every.Groups["x"].Length));
            }

            if (Predicate(failing.Text) is { } predicate)
            {
                return failing.Span(predicate.SubjectStart, predicate.SubjectLength);
            }
        }

        foreach (var pattern in (Regex[])[CannotDo(), DoingNow(), TriedTo(), WhenDoing()])
        {
            foreach (var s in prose)
            {
                var m = pattern.Match(s.Text);
                if (m.Success && WordCount(m.Groups["x"].ValueSpan) >= 2)
                {
                    return s.Span(m.Groups["x"].Index, EndOfPhrase(s.Text, m.Groups["x"].Index, m.Groups["x"].Length));
                }
            }
        }

        return null;
    }

    /// <summary>A sentence "SUBJECT [aux] FAILURE-VERB …": where the subject is and where the verb starts.</summary>
    private sealed record PredicateSplit(int SubjectStart, int SubjectLength, int Verb);

    private static PredicateSplit? Predicate(string text)
    {
        var lead = LeadingFrame().Match(text);
        var from = lead.Success ? lead.Length : 0;
        var m = SubjectOfFailure().Match(text, from);
        if (!m.Success || m.Index != from)
        {
            return null;
        }

        var subject = m.Groups["x"];
        var words = subject.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is < 2 or > 9 || Pronoun().IsMatch(words[0]) || Pronoun().IsMatch(words[^1]) || words.Any(w => Copula().IsMatch(w)))
        {
            return null;
        }

        return new PredicateSplit(subject.Index, subject.Length, m.Groups["v"].Index);
    }

    // ---- Expected outcome ----------------------------------------------------------------------

    /// <summary>Only what the ticket states: "should X", "expected X", "normally X", "instead of X", "please add X".</summary>
    private static Fact<string>? Expected(List<Sentence> sentences)
    {
        foreach (var pattern in (Regex[])[ExpectedTo(), Normally(), InsteadOf(), PleaseAdd(), BeforeItWas()])
        {
            foreach (var s in sentences)
            {
                var m = pattern.Match(s.Text);
                if (m.Success && !ShouldQuestion().IsMatch(s.Text) && !NegatedExpectation().IsMatch(m.Value) && !AboutSupport().IsMatch(m.Value)
                    && (pattern != InsteadOf() || FailureScore(s) > 0))
                {
                    var x = m.Groups["x"];
                    return s.Span(x.Index, EndOfPhrase(s.Text, x.Index, x.Length));
                }
            }
        }

        return null;
    }

    // ---- Clause helpers ------------------------------------------------------------------------

    /// <summary>Clauses split at ", ", "; ", ": ", " - " and " but "; each (start, length).</summary>
    private static List<(int Start, int Length)> Clauses(string text)
    {
        var clauses = new List<(int, int)>();
        var start = 0;
        foreach (Match b in ClauseBreak().Matches(text))
        {
            if (b.Index > start) clauses.Add((start, b.Index - start));
            start = b.Index + b.Length;
        }

        if (start < text.Length) clauses.Add((start, text.Length - start));
        return clauses;
    }

    /// <summary>Where a phrase that starts at <paramref name="start"/> ends: at the next clause break, bounded.</summary>
    private static int EndOfPhrase(string text, int start, int length)
    {
        var rest = text.AsSpan(start, length);
        var end = PhraseEnd().Match(rest.ToString());
        var cut = end.Success ? end.Index : rest.Length;
        return Math.Min(cut, MaxSpan);
    }

    private static int WordCount(ReadOnlySpan<char> text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var letter = char.IsLetterOrDigit(c);
            if (letter && !inWord) count++;
            inWord = letter;
        }

        return count;
    }

    [GeneratedRegex(@"^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|thanks|thank you|regards|best|cheers|hola|hallo|bonjour)\b[^.!?]{0,40}[,.!]?$", RegexOptions.IgnoreCase, 200)]
    private static partial Regex Greeting();

    [GeneratedRegex(@"\b(?:fails?|failing|failed|failures?|errors?|broken|slow|sluggish|takes? (?:forever|ages|\d)|taking \d|hangs?|spins?|stuck|(?:has |have )?not (?:received|receiving|arriving|getting|loading|working|run|running)|not working|(?:doesn'?t|don'?t|won'?t|isn'?t|aren'?t|can'?t|cannot|couldn'?t) (?:work|load|run|arrive|start|open|save|log|sign|see|find|get|come|reach|finish|complete)|stopped|no longer|anymore|keeps? (?:throwing|returning|failing|giving|getting)|throwing|rejected|denied|disabled|outage|is down|time[sd]? ?out|timing out|disappeared|missing|gone|charged twice|billed twice|two invoices|never (?:received|arrived|got|came)|reaches|doesn'?t (?:show|appear)|leak(?:ed)?|compromis|(?:\b[45]\d\d\b))", RegexOptions.IgnoreCase, 200)]
    private static partial Regex Failure();

    [GeneratedRegex(@"\b(?:[45]\d\d|[A-Z]{2,}_[A-Z_]{2,}|error|exception|""[^""]{4,}"")", RegexOptions.None, 200)]
    private static partial Regex ErrorWords();

    [GeneratedRegex(@"\b(?:i|we|my|our|us|me)\b", RegexOptions.IgnoreCase, 200)]
    private static partial Regex FirstPerson();

    [GeneratedRegex(@"\b(?:maybe|perhaps|might|i think|we think|not sure|wondering|if (?:it|this) (?:is|was))\b", RegexOptions.IgnoreCase, 200)]
    private static partial Regex Speculation();

    [GeneratedRegex(@"\b(?:nothing (?:is |seems )?(?:broken|wrong|failing)|nothing changed|did not (?:change|revoke)|we did not|no deploys?|works? (?:fine|normally)|answers? normal)\b", RegexOptions.IgnoreCase, 200)]
    private static partial Regex NothingWrong();

    [GeneratedRegex(@",\s+|;\s+|:\s+|\s+-{1,2}\s+|\s+–\s+|\s+but\s+|\s+because\s+", RegexOptions.IgnoreCase, 200)]
    private static partial Regex ClauseBreak();

    [GeneratedRegex(@"[,;:!?()]|\.(?=\s|$)|\s-\s|\s+(?:and then|but|because|since|so that|although|though|which|every time|each time)\s", RegexOptions.IgnoreCase, 200)]
    private static partial Regex PhraseEnd();

    [GeneratedRegex(@"\b(?:try|tries|tried|trying|attempt|attempts|attempted|attempting)\s+to\s+(?<x>(?:[^.!?\n]|\.(?=\w)){4,200})", RegexOptions.IgnoreCase, 200)]
    private static partial Regex TriedTo();

    [GeneratedRegex(@"\b(?:when|whenever|while|every time|each time)\s+(?:i|we|they|he|she|users?|people|someone|our \w+)\s+(?<x>(?!(?:try|tries|tried)\b)[a-z](?:[^.!?\n]|\.(?=\w)){3,200})", RegexOptions.IgnoreCase, 200)]
    private static partial Regex WhenDoing();

    [GeneratedRegex(@"\b(?:can'?t|cannot|can not|unable to|not able to|couldn'?t|could not|won'?t let (?:me|us|them)|doesn'?t let (?:me|us|them)|(?:none of (?:our|the|my) \w+|nobody|no one) can)\s+(?:even\s+)?(?<x>(?:log|sign|open|save|edit|create|delete|export|download|upload|see|view|access|start|run|invite|add|change|update|use|connect|call|load|get|reach|find)\b(?:[^.!?\n]|\.(?=\w)){2,200})", RegexOptions.IgnoreCase, 200)]
    private static partial Regex CannotDo();

    [GeneratedRegex(@"\b(?:on|for|with)\s+(?<x>(?:every|each|all|any)\s+(?:single\s+)?(?:of\s+(?:our|the)\s+)?(?:\w+\s+)?(?:calls?|requests?|runs?|exports?|deliveries|jobs?)\b(?:[^.!?\n]|\.(?=\w)){0,120})", RegexOptions.IgnoreCase, 200)]
    private static partial Regex EveryCall();

    [GeneratedRegex(@"^(?:is|are|was|were|has|have|had|see|think|found|says?|said)$", RegexOptions.IgnoreCase, 200)]
    private static partial Regex Copula();

    /// <summary>"SUBJECT (paren)? [aux…] VERB": the subject is group x, the verb (after its auxiliaries) group v.</summary>
    [GeneratedRegex(@"\G(?<x>(?:\w[\w'/.-]*\s+){0,8}?\w[\w'/.-]*)(?:\s+\([^)]{0,80}\))?\s+(?:(?:has|have|had|is|are|was|were|still|now|also|all|just|suddenly|again|barely|been|constantly|randomly|sometimes|often)\s+)*(?<v>(?:fails?|failing|failed|started\s+failing|stopped|returns?\s+(?:an?\s+)?(?:error|[45]\d\d)|returning|gets?\s+(?:an?\s+)?(?:error|[45]\d\d|timeouts?)|getting|throws?|throwing|times?\s+out|timing\s+out|keeps?\s+\w+ing|hangs?|spins?|takes?\s+(?:\d|forever|ages|minutes)|taking\s+(?:\d|forever|ages|minutes)|loads?\s+(?:slowly|forever)|(?:barely\s+)?loads|(?:doesn'?t|don'?t|won'?t|can'?t|cannot|isn'?t|aren'?t|never)\s+\w+|disappeared|vanished|(?:are|is)\s+(?:missing|gone|broken|slow|down))\b)", RegexOptions.IgnoreCase, 200)]
    private static partial Regex SubjectOfFailure();

    /// <summary>A leading time or framing phrase before a sentence's subject: "Since this morning (about 8am SGT)", "Hi,", "Today,".</summary>
    [GeneratedRegex(@"^(?:(?:since|from|as of|starting|beginning|today|yesterday|this morning|this afternoon|this evening|tonight|last night|for (?:the )?(?:last|past) [^,]{1,30})\b[^,()]{0,60}?(?:\s*\([^)]{0,60}\))?(?:,\s*|\s+(?=(?:the|our|my|all|every|none|most|some|one|many|several)\b))|(?:also|and|but|so|now|still|again|unfortunately|sadly|currently),?\s+)+", RegexOptions.IgnoreCase, 200)]
    private static partial Regex LeadingFrame();

    /// <summary>Someone doing something now: "I'm running a little script to …", "I was looking at our billing page".</summary>
    [GeneratedRegex(@"\b(?:i'?m|i am|we'?re|we are|i was|we were)\s+(?:just\s+|currently\s+)?(?<x>(?!going\b|sorry\b|on\b|not\b)[a-z]+ing\b(?:[^.!?\n]|\.(?=\w)){3,200})", RegexOptions.IgnoreCase, 200)]
    private static partial Regex DoingNow();

    /// <summary>A sentence about the time it still worked, which says nothing about the failing action.</summary>
    [GeneratedRegex(@"\b(?:worked|was working|ran fine|was fine|were fine|tested it)\b", RegexOptions.IgnoreCase, 200)]
    private static partial Regex WorkedBefore();

    [GeneratedRegex(@"^(?:it|this|that|they|we|i|he|she|everything|nothing|something|which|there|the system|our system)$", RegexOptions.IgnoreCase, 200)]
    private static partial Regex Pronoun();

    [GeneratedRegex(@"\b(?:should|is supposed to|are supposed to|expected(?: it| them| this)? to|expect(?: it| them| this)? to|would expect(?: it| them)? to)\s+(?<x>(?:[^.!?\n]|\.(?=\w)){3,200})", RegexOptions.IgnoreCase, 200)]
    private static partial Regex ExpectedTo();

    [GeneratedRegex(@"\b(?:normally|usually|it used to|used to|until now)\s*,?\s+(?<x>(?:[^.!?\n]|\.(?=\w)){3,200})", RegexOptions.IgnoreCase, 200)]
    private static partial Regex Normally();

    [GeneratedRegex(@"\binstead of\s+(?<x>[^.!?\n,]{3,120})", RegexOptions.IgnoreCase, 200)]
    private static partial Regex InsteadOf();

    [GeneratedRegex(@"\b(?:please|could you|can you|would you)\s+(?:consider\s+)?(?:add(?:ing)?|support(?:ing)?|provid(?:e|ing)|offer(?:ing)?)\s+(?<x>(?:[^.!?\n]|\.(?=\w)){3,200})", RegexOptions.IgnoreCase, 200)]
    private static partial Regex PleaseAdd();

    [GeneratedRegex(@"(?<x>\bbefore,?\s+it\s+was\s+[^.!?\n,]{2,60})", RegexOptions.IgnoreCase, 200)]
    private static partial Regex BeforeItWas();

    /// <summary>What the customer expects from support (a call, an escalation, a refund) is not the product's expected behaviour.</summary>
    [GeneratedRegex(@"\b(?:escalat\w*|call(?:ed)? (?:us|me)|phone call|reply|respon[sd]\w*|refund\w*|compensat\w*|credit(?:ed)?|someone senior|fix(?:ed)? (?:it|this))\b", RegexOptions.IgnoreCase, 200)]
    private static partial Regex AboutSupport();

    [GeneratedRegex(@"^(?:should|shall)\s+(?:we|i)\b|\?\s*$", RegexOptions.IgnoreCase, 200)]
    private static partial Regex ShouldQuestion();

    [GeneratedRegex(@"\b(?:should|supposed to|expected to)\s+(?:not|never)\b|shouldn'?t", RegexOptions.IgnoreCase, 200)]
    private static partial Regex NegatedExpectation();
}
