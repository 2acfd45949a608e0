using System.Globalization;
using System.Text.RegularExpressions;
using Investigator.Core.Sources;

namespace Investigator.Core.Intake;

/// <summary>
/// The built-in intake: reads a ticket with rules and a weighted vocabulary, the way a careful
/// engineer would, and resolves the account from who sent it.
/// </summary>
public sealed partial class RuleBasedIntake(IAccountSource accounts, TimeProvider time) : ITicketIntake
{
    /// <summary>Text beyond this many characters per part is not scanned: enough for any real ticket, bounded for a 1 MB paste.</summary>
    public const int MaxScannedChars = 100_000;

    private readonly AccountResolver _resolver = new(accounts);

    public async Task<CaseFacts> NormalizeAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        var parts = TicketText.Parts(ticket)
            .Select(p => p.Text.Length > MaxScannedChars ? p with { Text = p.Text[..MaxScannedChars] } : p)
            .ToList();
        var reportedAt = ticket.CreatedAt is { } created
            ? new Fact<DateTimeOffset>(created.ToUniversalTime(), Provenance.Metadata("createdAt"))
            : new Fact<DateTimeOffset>(time.GetUtcNow(), Provenance.Rule("received-at", "the ticket had no creation time"));

        var identifiers = Identifiers(parts);
        var errorCodes = ErrorCodes(parts);
        var errorMessages = ErrorMessages(parts.Where(p => p.Field != "subject").ToList());
        var category = Classify(parts, errorCodes, errorMessages);
        var resolution = await _resolver.ResolveAsync(ticket.Requester.Email, identifiers, cancellationToken);
        var account = resolution.Account;
        var body = parts.Where(p => p.Field != "subject").ToList();
        var blocks = TextBlocks.Find(parts);
        var (action, expected, actual) = OutcomeReader.Read(parts, (part, index) => blocks.Any(b => b.Field == part.Field && index >= b.Start && index < b.Start + b.Length));
        var times = TimeMentions(parts, reportedAt.Value);

        var facts = new CaseFacts
        {
            ProblemStatement = new Fact<string>("", Provenance.Rule("problem-statement")),
            Category = category,
            RequesterEmail = new Fact<string>(ticket.Requester.Email.Trim(), Provenance.Metadata("requester.email")),
            RequesterName = string.IsNullOrWhiteSpace(ticket.Requester.Name) ? null : new Fact<string>(ticket.Requester.Name.Trim(), Provenance.Metadata("requester.name")),
            Account = account is null || resolution.Source is null ? null : AccountFactsOf(account, resolution.Source),
            Product = Component(parts),
            Version = First(parts, TextPatterns.Version(), m => $"{m.Groups["name"].Value} {m.Groups["version"].Value}".Trim()),
            OperatingSystem = First(parts, TextPatterns.OperatingSystem(), m => m.Groups["os"].Value),
            Browser = First(parts, TextPatterns.Browser(), m => m.Value),
            Device = First(parts, TextPatterns.Device(), m => m.Groups["device"].Value),
            ActionAttempted = action,
            ExpectedOutcome = expected,
            ActualOutcome = actual,
            ErrorMessages = errorMessages,
            ErrorCodes = errorCodes,
            Identifiers = identifiers,
            ReportedAt = reportedAt,
            StartedAt = StartedAt(times),
            LastKnownWorking = times.Where(t => t.Cue == TimeCue.LastWorked).Select(t => t.At).MaxBy(t => t.Value),
            Times = times.Select(t => t.At).ToList(),
            RecentChanges = FirstCue(body, SymptomVocabulary.RecentChange, sentence: true),
            Frequency = Frequency(parts),
            Reproducibility = FirstCue(parts, SymptomVocabulary.Reproducible) is { } r ? new Fact<Reproducibility>(Intake.Reproducibility.Reproducible, r.Source) : null,
            Workaround = Workaround(parts),
            UsersAffected = UsersAffected(parts, account),
            BusinessImpact = FirstCue(body, SymptomVocabulary.BusinessImpact, sentence: true),
            Sentiment = SentimentOf(parts),
            Language = LanguageOf(parts),
            // Asking how the product handles GDPR is not a compliance matter to escalate; reporting one is.
            Risks = Risks(parts).Where(r => !(category.Value == ProblemCategory.Question && r.Value == ImmediateRisk.Compliance)).ToList(),
            Intents = Intents(parts, errorCodes),
            UntrustedAccountClaims = resolution.Claims,
            Blocks = blocks,
            Attachments = TextBlocks.Attachments(ticket),
            CleanText = string.Join("\n\n", parts.Select(p => p.Text)),
        };

        facts = facts with { Missing = MissingInformation.For(category.Value, facts) };
        return facts with { ProblemStatement = ProblemStatement.Compose(facts, resolution.Problem) };
    }

    private static AccountFacts AccountFactsOf(Account account, Provenance source) => new(
        new Fact<string>(account.Id, source),
        new Fact<string>(account.Name, Provenance.Lookup("account.name")),
        new Fact<PlanTier>(account.Plan, Provenance.Lookup("account.plan")),
        new Fact<string>(account.Region, Provenance.Lookup("account.region")),
        new Fact<string>(account.BusinessCriticality, Provenance.Lookup("account.businessCriticality")),
        new Fact<bool>(account.AtRisk, Provenance.Lookup("account.atRisk")))
    {
        WebhookEndpoints = new Fact<int>(Math.Max(account.WebhookEndpoints.Count, account.Usage.WebhookEndpoints), Provenance.Lookup("account.webhookEndpoints")),
    };

    private static Provenance Span(TextPart part, Match m) => new(ProvenanceKind.TicketText, part.Field, m.Index, m.Length, m.Value);

    private static Provenance Span(TextPart part, int start, int length) =>
        new(ProvenanceKind.TicketText, part.Field, start, length, part.Text.Substring(start, length));

    private static IEnumerable<(TextPart Part, Match Match)> Matches(IEnumerable<TextPart> parts, Regex regex)
    {
        foreach (var part in parts)
        {
            MatchCollection found;
            try
            {
                found = regex.Matches(part.Text);
                _ = found.Count;
            }
            catch (RegexMatchTimeoutException)
            {
                continue;
            }

            foreach (Match m in found)
            {
                yield return (part, m);
            }
        }
    }

    private static Fact<string>? First(IEnumerable<TextPart> parts, Regex regex, Func<Match, string> value) =>
        Matches(parts, regex).Select(x => new Fact<string>(value(x.Match).Trim(), Span(x.Part, x.Match))).FirstOrDefault();

    private static List<Fact<Identifier>> Identifiers(IReadOnlyList<TextPart> parts)
    {
        var found = new List<Fact<Identifier>>();
        void Add(IdentifierKind kind, Regex regex, Func<Match, string>? value = null)
        {
            foreach (var (part, m) in Matches(parts, regex))
            {
                found.Add(new Fact<Identifier>(new Identifier(kind, value?.Invoke(m) ?? m.Value), Span(part, m)));
            }
        }

        Add(IdentifierKind.RequestId, TextPatterns.RequestId());
        Add(IdentifierKind.Uuid, TextPatterns.Uuid());
        Add(IdentifierKind.TraceId, TextPatterns.TraceId());

        // Only the prefix of a key is ever kept; the provenance text is cut to it as well.
        foreach (var (part, m) in Matches(parts, TextPatterns.ApiKey()))
        {
            var prefix = m.Groups["prefix"].Value;
            found.Add(new Fact<Identifier>(new Identifier(IdentifierKind.ApiKeyPrefix, prefix),
                new Provenance(ProvenanceKind.TicketText, part.Field, m.Index, prefix.Length, prefix)));
        }

        Add(IdentifierKind.ExportJobId, TextPatterns.ExportJobId());
        Add(IdentifierKind.InvoiceId, TextPatterns.InvoiceId());
        Add(IdentifierKind.WorkflowId, TextPatterns.WorkflowId());
        Add(IdentifierKind.RunId, TextPatterns.RunId());
        Add(IdentifierKind.UserId, TextPatterns.UserId());
        Add(IdentifierKind.AccountId, TextPatterns.AccountId(), m => m.Value.ToLowerInvariant());
        Add(IdentifierKind.IpAddress, TextPatterns.IpAddress());
        return found
            .GroupBy(f => (f.Value.Kind, f.Value.Value))
            .Select(g => g.First())
            .ToList();
    }

    private static List<Fact<string>> ErrorCodes(IReadOnlyList<TextPart> parts)
    {
        var codes = new List<Fact<string>>();
        foreach (var (part, m) in Matches(parts, TextPatterns.HttpStatus()))
        {
            var g = m.Groups["code"];
            codes.Add(new Fact<string>(g.Value, Span(part, g.Index, g.Length)));
        }

        foreach (var (part, m) in Matches(parts, TextPatterns.ProductErrorCode()))
        {
            if (!NotErrorCodes.Contains(m.Value) && !ConfigurationName().IsMatch(m.Value))
            {
                codes.Add(new Fact<string>(m.Value, Span(part, m)));
            }
        }

        foreach (var (part, m) in Matches(parts, TextPatterns.ExceptionName()))
        {
            codes.Add(new Fact<string>(m.Value[(m.Value.LastIndexOf('.') + 1)..], Span(part, m)));
        }

        return codes.GroupBy(c => c.Value, StringComparer.Ordinal).Select(g => g.First()).ToList();
    }

    /// <summary>Environment variable and setting names (FLOWPOINT_API_KEY, WEBHOOK_URL) look like codes but are not.</summary>
    [GeneratedRegex(@"_(?:KEY|TOKEN|SECRET|URL|URI|HOST|PORT|PATH|ID|DIR|ENV|NAME|PASSWORD|USER)$")]
    private static partial Regex ConfigurationName();

    /// <summary>Upper-case words with underscores that are not error codes.</summary>
    private static readonly HashSet<string> NotErrorCodes = new(StringComparer.Ordinal) { "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "API_KEY", "FLOWPOINT_API_KEY", "UTF_8" };

    private static List<Fact<string>> ErrorMessages(IReadOnlyList<TextPart> parts) =>
        Matches(parts, TextPatterns.ErrorMessage())
            .Select(x => new Fact<string>(x.Match.Groups["m"].Value.Trim(), Span(x.Part, x.Match.Groups["m"].Index, x.Match.Groups["m"].Length)))
            .Where(f => f.Value.Length >= 6)
            .GroupBy(f => f.Value, StringComparer.Ordinal)
            .Select(g => g.First())
            .Take(5)
            .ToList();

    private static Fact<ProblemCategory> Classify(IReadOnlyList<TextPart> parts, List<Fact<string>> errorCodes, List<Fact<string>> errorMessages)
    {
        var scores = new Dictionary<ProblemCategory, (double Score, Provenance? First)>();
        foreach (var (category, cues) in SymptomVocabulary.Categories)
        {
            double score = 0;
            Provenance? first = null;
            foreach (var cue in cues)
            {
                foreach (var (part, m) in Matches(parts, cue.Pattern).Take(5))
                {
                    // The subject says what the ticket is about more reliably than a pasted log.
                    score += cue.Weight * (part.Field == "subject" ? 1.5 : 1.0);
                    first ??= Span(part, m);
                }
            }

            if (score > 0)
            {
                scores[category] = (score, first);
            }
        }

        // The product's own error message, quoted by the customer, says more than the words around it.
        foreach (var message in errorMessages)
        {
            foreach (var (category, cues) in SymptomVocabulary.Categories)
            {
                if (category is ProblemCategory.Question or ProblemCategory.FeatureRequest || !cues.Any(c => c.Pattern.IsMatch(message.Value)))
                {
                    continue;
                }

                var existing = scores.GetValueOrDefault(category);
                scores[category] = (existing.Score + cues.Max(c => c.Weight), existing.First ?? message.Source);
            }
        }

        // An exact product error code outweighs prose.
        foreach (var code in errorCodes)
        {
            var category = CategoryOfCode(code.Value);
            if (category is { } c)
            {
                var existing = scores.GetValueOrDefault(c);
                scores[c] = (existing.Score + 4, existing.First ?? code.Source);
            }
        }

        // Questions and feature requests are only that when nothing is failing; when nothing is, the
        // customer's intent (asking, requesting) outweighs the topic they ask about.
        var failing = IsFailing(parts, errorCodes);
        if (failing)
        {
            scores.Remove(ProblemCategory.Question);
            scores.Remove(ProblemCategory.FeatureRequest);
        }
        else if (scores.Keys.Where(k => k is ProblemCategory.Question or ProblemCategory.FeatureRequest).ToList() is { Count: > 0 } intents)
        {
            var intent = intents.MaxBy(k => scores[k].Score);

            // A question about a charge or an invoice still goes to billing, which needs the invoice.
            if (intent == ProblemCategory.Question && scores.TryGetValue(ProblemCategory.Billing, out var billing))
            {
                return new Fact<ProblemCategory>(ProblemCategory.Billing, billing.First ?? Provenance.Rule("category"));
            }

            return new Fact<ProblemCategory>(intent, scores[intent].First ?? Provenance.Rule("category"));
        }

        if (scores.Count == 0)
        {
            return new Fact<ProblemCategory>(ProblemCategory.Other, Provenance.Rule("category", "no symptom words matched"));
        }

        var best = scores.OrderByDescending(s => s.Value.Score).ThenBy(s => (int)s.Key).First();
        return new Fact<ProblemCategory>(best.Key, best.Value.First ?? Provenance.Rule("category"));
    }

    private static ProblemCategory? CategoryOfCode(string code) => code switch
    {
        "401" or "AUTH_KEY_REVOKED" or "AUTH_KEY_EXPIRED" or "AUTH_KEY_INVALID" => ProblemCategory.Authentication,
        "429" or "RATE_LIMITED" => ProblemCategory.RateLimit,
        "402" or "QUOTA_EXCEEDED" => ProblemCategory.PlanLimits,
        "403" or "FORBIDDEN_ROLE" => ProblemCategory.Permissions,
        "SAML_SIGNATURE_INVALID" or "SAML_AUDIENCE_MISMATCH" => ProblemCategory.Sso,
        "WEBHOOK_TIMEOUT" or "WEBHOOK_HTTP_ERROR" => ProblemCategory.Webhooks,
        "EXPORT_FAILED" => ProblemCategory.Exports,
        "QUERY_TIMEOUT" or "504" => ProblemCategory.Performance,
        "UPSTREAM_UNAVAILABLE" or "503" or "502" => ProblemCategory.Outage,
        _ => null,
    };

    private static Fact<string>? Component(IReadOnlyList<TextPart> parts)
    {
        (string Name, double Score, Provenance? First) best = ("", 0, null);
        foreach (var (component, cue) in SymptomVocabulary.Components)
        {
            var hits = Matches(parts, cue.Pattern).Take(6).ToList();
            var score = hits.Sum(h => cue.Weight * (h.Part.Field == "subject" ? 2 : 1));
            if (score > best.Score)
            {
                best = (component, score, Span(hits[0].Part, hits[0].Match));
            }
        }

        return best.First is null ? null : new Fact<string>(best.Name, best.First);
    }

    /// <summary>
    /// Every time the ticket mentions, resolved against the report time: phrases ("since yesterday 3pm
    /// CET", "after your update on Tuesday") and timestamps in prose or pasted logs. Only times from the
    /// last 60 days up to the report are kept: a log's build date or a future plan is not the problem's time.
    /// </summary>
    private static List<TimeMention> TimeMentions(IReadOnlyList<TextPart> parts, DateTimeOffset reportedAt)
    {
        bool Plausible(DateTimeOffset at) => at <= reportedAt.AddMinutes(5) && at >= reportedAt.AddDays(-60);
        var mentions = new List<(TextPart Part, int Index, TimeMention Mention)>();
        foreach (var (part, m) in Matches(parts, TextPatterns.TimeMention()))
        {
            if (TimeExpressions.ResolveMention(m, reportedAt) is { } at && Plausible(at))
            {
                mentions.Add((part, m.Index, new TimeMention(new Fact<DateTimeOffset>(at, Span(part, m)), TimeExpressions.CueOf(m, part.Text))));
            }
        }

        foreach (var (part, m) in Matches(parts, TextPatterns.IsoTimestamp()))
        {
            if (TimeExpressions.ParseAbsolute(m.Groups["ts"].Value) is { } at && Plausible(at))
            {
                mentions.Add((part, m.Index, new TimeMention(new Fact<DateTimeOffset>(at, Span(part, m)), TimeExpressions.CueOf(m, part.Text))));
            }
        }

        return mentions
            .OrderBy(x => parts.ToList().IndexOf(x.Part)).ThenBy(x => x.Index)
            .Select(x => x.Mention)
            .Take(50)
            .ToList();
    }

    /// <summary>When it began: the earliest time said to be a start, else the earliest time something failed.</summary>
    private static Fact<DateTimeOffset>? StartedAt(IReadOnlyList<TimeMention> times) =>
        times.Where(t => t.Cue == TimeCue.Start).Select(t => t.At).MinBy(t => t.Value)
        ?? times.Where(t => t.Cue == TimeCue.Event).Select(t => t.At).MinBy(t => t.Value);

    private static Fact<string>? FirstCue(IReadOnlyList<TextPart> parts, SymptomVocabulary.Cue cue, bool sentence = false)
    {
        foreach (var (part, m) in Matches(parts, cue.Pattern))
        {
            if (!sentence)
            {
                return new Fact<string>(m.Value, Span(part, m));
            }

            var start = part.Text.LastIndexOfAny(['.', '!', '?', '\n'], Math.Max(0, m.Index - 1)) + 1;
            var end = part.Text.IndexOfAny(['.', '!', '?', '\n'], m.Index + m.Length);
            end = end < 0 ? part.Text.Length : end + 1;
            while (start < m.Index && char.IsWhiteSpace(part.Text[start])) start++;
            return new Fact<string>(part.Text[start..end].Trim(), Span(part, start, end - start));
        }

        return null;
    }

    private static Fact<Frequency>? Frequency(IReadOnlyList<TextPart> parts)
    {
        if (FirstCue(parts, SymptomVocabulary.Intermittent) is { } i) return new(Intake.Frequency.Intermittent, i.Source);
        if (FirstCue(parts, SymptomVocabulary.Always) is { } a) return new(Intake.Frequency.Always, a.Source);
        if (FirstCue(parts, SymptomVocabulary.Once) is { } o) return new(Intake.Frequency.Once, o.Source);
        return null;
    }

    private static Fact<WorkaroundStatus>? Workaround(IReadOnlyList<TextPart> parts)
    {
        if (FirstCue(parts, SymptomVocabulary.NoWorkaround) is { } none) return new(WorkaroundStatus.None, none.Source);
        if (FirstCue(parts, SymptomVocabulary.Workaround) is { } some) return new(WorkaroundStatus.Available, some.Source);
        return null;
    }

    private static Fact<int>? UsersAffected(IReadOnlyList<TextPart> parts, Account? account)
    {
        foreach (var (part, m) in Matches(parts, TextPatterns.UserCount()))
        {
            return new Fact<int>(int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture), Span(part, m));
        }

        if (FirstCue(parts, SymptomVocabulary.Everyone) is { } everyone && account is not null)
        {
            return new Fact<int>(Math.Max(account.Usage.SeatsUsed, account.Users.Count),
                Provenance.Rule("everyone-means-all-seats", $"\"{everyone.Value}\" and {account.Usage.SeatsUsed} seats in use"));
        }

        return null;
    }

    private static Fact<Sentiment> SentimentOf(IReadOnlyList<TextPart> parts)
    {
        if (FirstCue(parts, SymptomVocabulary.Angry) is { } angry) return new(Sentiment.Angry, angry.Source);
        var text = string.Join(' ', parts.Select(p => p.Text));
        var letters = text.Count(char.IsLetter);
        if (letters > 40 && text.Count(char.IsUpper) > letters * 0.5)
        {
            return new(Sentiment.Angry, Provenance.Rule("mostly-capitals"));
        }

        if (FirstCue(parts, SymptomVocabulary.Frustrated) is { } frustrated) return new(Sentiment.Frustrated, frustrated.Source);
        if (FirstCue(parts, SymptomVocabulary.Positive) is { } positive) return new(Sentiment.Positive, positive.Source);
        return new(Sentiment.Neutral, Provenance.Rule("no-sentiment-cues"));
    }

    private static Fact<string> LanguageOf(IReadOnlyList<TextPart> parts)
    {
        var words = Regex.Split(string.Join(' ', parts.Select(p => p.Text)).ToLowerInvariant(), @"[^\p{L}']+", RegexOptions.None, TimeSpan.FromSeconds(1))
            .Where(w => w.Length > 0)
            .Take(2000)
            .ToList();
        var best = SymptomVocabulary.LanguageStopwords
            .Select(l => (Language: l.Key, Hits: words.Count(w => l.Value.Contains(w))))
            .OrderByDescending(x => x.Hits)
            .First();
        return best.Hits == 0
            ? new Fact<string>("en", Provenance.Rule("language-default"))
            : new Fact<string>(best.Language, Provenance.Rule("stopword-count", $"{best.Hits} common {best.Language} words"));
    }

    /// <summary>Whether the ticket says something fails: an error code, or failure words that are not negated.</summary>
    /// <summary>
    /// Something is failing when the customer quotes an error or states a failure. A failure word inside a
    /// question ("do you retry failed deliveries?") states nothing, and a ticket whose subject is a question
    /// and whose body asks several is asking, even when it quotes a code as background.
    /// </summary>
    private static bool IsFailing(IReadOnlyList<TextPart> parts, IReadOnlyList<Fact<string>> errorCodes)
    {
        if (Matches(parts, SymptomVocabulary.NothingFailing.Pattern).Any())
        {
            return false;
        }

        // "Several of us get 502 errors": a failure stated, not asked, next to the code it fails with.
        var failures = Matches(parts, SymptomVocabulary.Failure.Pattern).Where(x => !InQuestion(x.Part.Text, x.Match.Index)).ToList();
        if (failures.Any(x => errorCodes.Any(code => SentenceAt(x.Part.Text, x.Match.Index).Contains(code.Value, StringComparison.OrdinalIgnoreCase))))
        {
            return true;
        }

        var subject = parts.FirstOrDefault(p => p.Field == "subject")?.Text.Trim() ?? "";
        var asks = subject.EndsWith('?') && !SymptomVocabulary.Failure.Pattern.IsMatch(subject) && !errorCodes.Any(c => c.Source.Field == "subject")
            && parts.Where(p => p.Field != "subject").Sum(p => p.Text.Count(c => c == '?')) >= 2;
        if (asks)
        {
            return false;
        }

        return errorCodes.Count > 0 || failures.Count > 0;
    }

    /// <summary>The sentence around a position: from the last full stop, question or exclamation mark or line break before it to the next.</summary>
    private static string SentenceAt(string text, int index)
    {
        var start = text.LastIndexOfAny(['.', '!', '?', '\n'], Math.Max(0, index - 1)) + 1;
        var end = text.IndexOfAny(['.', '!', '?', '\n'], index);
        return text[start..(end < 0 ? text.Length : end)];
    }

    /// <summary>Whether the sentence around a position ends in a question mark.</summary>
    private static bool InQuestion(string text, int index)
    {
        for (var i = index; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '?':
                    return true;
                case '.' or '!' or '\n':
                    return false;
            }
        }

        return false;
    }

    /// <summary>A question counts only when nothing is failing; a feature request always does.</summary>
    private static List<Fact<string>> Intents(IReadOnlyList<TextPart> parts, IReadOnlyList<Fact<string>> errorCodes)
    {
        var intents = new List<Fact<string>>();
        if (!IsFailing(parts, errorCodes) && SymptomVocabulary.Categories[ProblemCategory.Question].Select(c => FirstCue(parts, c)).OfType<Fact<string>>().FirstOrDefault() is { } question)
        {
            intents.Add(new Fact<string>("question", question.Source));
        }

        if (SymptomVocabulary.Categories[ProblemCategory.FeatureRequest].Select(c => FirstCue(parts, c)).OfType<Fact<string>>().FirstOrDefault() is { } feature)
        {
            intents.Add(new Fact<string>("featureRequest", feature.Source));
        }

        return intents;
    }

    /// <summary>Immediate risks, skipping negated mentions ("it does not look like an outage").</summary>
    private static List<Fact<ImmediateRisk>> Risks(IReadOnlyList<TextPart> parts) =>
        SymptomVocabulary.Risks
            .Select(r => Matches(parts, r.Cue.Pattern)
                .Where(x => !SymptomVocabulary.Negation.Pattern.IsMatch(x.Part.Text[Math.Max(0, x.Match.Index - 40)..x.Match.Index]))
                .Select(x => new Fact<ImmediateRisk>(r.Flag, Span(x.Part, x.Match)))
                .FirstOrDefault())
            .OfType<Fact<ImmediateRisk>>()
            .ToList();
}
