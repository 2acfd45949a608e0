using System.Globalization;
using System.Text.RegularExpressions;

namespace Investigator.Core.Intake.Model;

/// <summary>The model's values that survived the checks, each with its provenance; null or empty where the model gave nothing usable.</summary>
internal sealed record VerifiedReply
{
    public Fact<ProblemCategory>? Category { get; init; }
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
    public Fact<DateTimeOffset>? StartedAt { get; init; }
    public Fact<Frequency>? Frequency { get; init; }
    public Fact<Reproducibility>? Reproducibility { get; init; }
    public Fact<WorkaroundStatus>? Workaround { get; init; }
    public Fact<int>? UsersAffected { get; init; }
    public Fact<string>? BusinessImpact { get; init; }
    public Fact<Sentiment>? Sentiment { get; init; }
    public Fact<string>? Language { get; init; }
    public IReadOnlyList<Fact<ImmediateRisk>> Risks { get; init; } = [];
}

/// <summary>
/// Checks a model's extraction against the ticket. Identifiers, error codes and versions must occur
/// in the ticket's text; a start time must occur literally or agree within an hour with the one the
/// built-in intake resolved. Whatever fails a check is dropped and noted. API keys are cut to their
/// prefix, and the model's opinion about the account is ignored.
/// </summary>
internal sealed partial class ReplyVerifier(TicketSpans spans, CaseFacts builtIn)
{
    /// <summary>Longer than this, a "span" is not a span of a ticket sentence.</summary>
    private const int MaxSpanChars = 500;

    private static readonly TimeSpan StartAgreement = TimeSpan.FromHours(1);

    private readonly List<IntakeNote> _notes = [];

    public IReadOnlyList<IntakeNote> Notes => _notes;

    public VerifiedReply Verify(IntakeReply reply)
    {
        foreach (var (name, value) in reply.Unasked ?? [])
        {
            if (name.Contains("account", StringComparison.OrdinalIgnoreCase))
            {
                Note("account", value.ToString(), "the model does not choose the account; ignored (the account comes from the requester's address)");
            }
        }

        return new VerifiedReply
        {
            Category = Choice<ProblemCategory>("category", reply.Category),
            Product = Product(reply.Product),
            Version = Occurring("version", reply.Version),
            OperatingSystem = Span("operatingSystem", reply.OperatingSystem),
            Browser = Span("browser", reply.Browser),
            Device = Span("device", reply.Device),
            ActionAttempted = Span("actionAttempted", reply.ActionAttempted),
            ExpectedOutcome = Span("expectedOutcome", reply.ExpectedOutcome),
            ActualOutcome = Span("actualOutcome", reply.ActualOutcome),
            ErrorMessages = Distinct((reply.ErrorMessages ?? []).Select(m => Span("errorMessages", m)), f => f.Value).Take(5).ToList(),
            ErrorCodes = Distinct((reply.ErrorCodes ?? []).Select(c => Occurring("errorCodes", c)), f => f.Value).Take(20).ToList(),
            Identifiers = Distinct((reply.Identifiers ?? []).Select(Identifier), f => f.Value.Value).Take(50).ToList(),
            StartedAt = StartedAt(reply.StartedAt),
            Frequency = Choice<Frequency>("frequency", reply.Frequency),
            Reproducibility = Choice<Reproducibility>("reproducibility", reply.Reproducibility),
            Workaround = Choice<WorkaroundStatus>("workaround", reply.Workaround),
            UsersAffected = UsersAffected(reply.UsersAffected),
            BusinessImpact = Span("businessImpact", reply.BusinessImpact),
            Sentiment = Choice<Sentiment>("sentiment", reply.Sentiment),
            Language = Language(reply.Language),
            Risks = Distinct((reply.Risks ?? []).Select(r => Choice<ImmediateRisk>("risks", r)), f => f.Value.ToString()).ToList(),
        };
    }

    /// <summary>Free text (an outcome, a browser): kept, located in the ticket when it is a verbatim span.</summary>
    private Fact<string>? Span(string field, string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Length > MaxSpanChars)
        {
            Note(field, text, $"longer than {MaxSpanChars} characters; not a span of the ticket");
            return null;
        }

        return spans.Find(text) is { } span ? new Fact<string>(span.Text!, span) : new Fact<string>(text, Provenance.Rule("model", field));
    }

    /// <summary>A value that must occur in the ticket (an error code, a version), or it is dropped.</summary>
    private Fact<string>? Occurring(string field, string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (spans.Find(text) is { } span)
        {
            return new Fact<string>(span.Text!, span);
        }

        Note(field, text, "does not occur in the ticket; dropped");
        return null;
    }

    private Fact<Identifier>? Identifier(ReplyIdentifier? identifier)
    {
        var value = identifier?.Value?.Trim();
        if (identifier is null || string.IsNullOrEmpty(value))
        {
            return null;
        }

        var kind = NameOf<IdentifierKind>(identifier.Kind);
        if (TextPatterns.ApiKey().Match(value) is { Success: true } key)
        {
            // Only a key's prefix is ever kept, whatever kind the model gave it.
            (kind, value) = (IdentifierKind.ApiKeyPrefix, key.Groups["prefix"].Value);
        }
        else if (kind is IdentifierKind.ApiKeyPrefix)
        {
            Note("identifiers", value, "not an API key prefix (fp_live_XXXX or fp_test_XXXX); dropped");
            return null;
        }

        if (kind is not { } known)
        {
            Note("identifiers", value, $"unknown identifier kind '{identifier.Kind}'; dropped");
            return null;
        }

        if (spans.Find(value, prefix: known is IdentifierKind.ApiKeyPrefix) is not { } span)
        {
            Note("identifiers", value, "does not occur in the ticket; dropped");
            return null;
        }

        // The ticket's own spelling, as the built-in intake keeps it (account ids in lower case).
        var spelled = known is IdentifierKind.AccountId ? span.Text!.ToLowerInvariant() : span.Text!;
        return new Fact<Identifier>(new Identifier(known, spelled), span);
    }

    /// <summary>A start time: kept when its text occurs, or when the built-in intake resolved a start within an hour of it.</summary>
    private Fact<DateTimeOffset>? StartedAt(string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            Note("startedAt", text, "not an ISO 8601 time; dropped");
            return null;
        }

        var at = parsed.ToUniversalTime();
        if (at > builtIn.ReportedAt.Value.AddMinutes(5))
        {
            Note("startedAt", text, "after the ticket was created; dropped");
            return null;
        }

        if ((spans.Find(text) ?? LiteralTimestamp(at)) is { } span)
        {
            return new Fact<DateTimeOffset>(at, span);
        }

        if (builtIn.StartedAt is { } resolved && (resolved.Value - at).Duration() <= StartAgreement)
        {
            return new Fact<DateTimeOffset>(at, Provenance.Rule("model", $"agrees within an hour with \"{resolved.Source.Text ?? resolved.Value.ToString("O", CultureInfo.InvariantCulture)}\""));
        }

        Note("startedAt", text, builtIn.StartedAt is null
            ? "the time does not occur in the ticket and the built-in intake resolved no start time; dropped"
            : "the time does not occur in the ticket and is more than an hour from the start the built-in intake resolved; dropped");
        return null;
    }

    /// <summary>A timestamp in the ticket written another way (2026-11-11 16:05 UTC) that is the same instant.</summary>
    private Provenance? LiteralTimestamp(DateTimeOffset at)
    {
        foreach (var part in spans.Parts)
        {
            MatchCollection matches;
            try
            {
                matches = TextPatterns.IsoTimestamp().Matches(part.Text);
                _ = matches.Count;
            }
            catch (RegexMatchTimeoutException)
            {
                continue;
            }

            foreach (Match m in matches)
            {
                if (TimeExpressions.ParseAbsolute(m.Groups["ts"].Value) == at)
                {
                    return new Provenance(ProvenanceKind.TicketText, part.Field, m.Index, m.Length, m.Value);
                }
            }
        }

        return null;
    }

    /// <summary>The product areas the playbooks know (the built-in vocabulary's names).</summary>
    private Fact<string>? Product(string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var known = SymptomVocabulary.Components.Select(c => c.Component).FirstOrDefault(c => c.Equals(text, StringComparison.OrdinalIgnoreCase));
        if (known is null)
        {
            Note("product", text, $"not one of the product areas ({string.Join(", ", SymptomVocabulary.Components.Select(c => c.Component))}); dropped");
            return null;
        }

        return new Fact<string>(known, spans.Find(known) ?? Provenance.Rule("model", "product"));
    }

    private Fact<int>? UsersAffected(int? value)
    {
        if (value is not { } n)
        {
            return null;
        }

        if (n is <= 0 or > 10_000_000)
        {
            Note("usersAffected", n.ToString(CultureInfo.InvariantCulture), "not a plausible number of users; dropped");
            return null;
        }

        return new Fact<int>(n, spans.Find(n.ToString(CultureInfo.InvariantCulture)) ?? Provenance.Rule("model", "usersAffected"));
    }

    private Fact<string>? Language(string? value)
    {
        var text = value?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!LanguageCode().IsMatch(text))
        {
            Note("language", text, "not an ISO 639-1 code; dropped");
            return null;
        }

        return new Fact<string>(text, Provenance.Rule("model", "language"));
    }

    /// <summary>One of an enum's names, written camelCase (or with _ / - / spaces); "unknown" is no answer.</summary>
    private Fact<T>? Choice<T>(string field, string? value)
        where T : struct, Enum
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text) || text.Equals("unknown", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (NameOf<T>(text) is { } known)
        {
            return new Fact<T>(known, Provenance.Rule("model", field));
        }

        Note(field, text, $"not one of {string.Join(", ", Enum.GetNames<T>().Select(JsonName))}; dropped");
        return null;
    }

    private static T? NameOf<T>(string? text)
        where T : struct, Enum
    {
        var wanted = text?.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        foreach (var name in Enum.GetNames<T>())
        {
            if (name.Equals(wanted, StringComparison.OrdinalIgnoreCase))
            {
                return Enum.Parse<T>(name);
            }
        }

        return null;
    }

    private static string JsonName(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static IEnumerable<Fact<T>> Distinct<T>(IEnumerable<Fact<T>?> facts, Func<Fact<T>, string> key) =>
        facts.OfType<Fact<T>>().DistinctBy(key, StringComparer.OrdinalIgnoreCase);

    private void Note(string field, string value, string reason)
    {
        // A note is written to the trace: never a whole API key, never a page of text.
        var safe = TextPatterns.ApiKey().Replace(value, m => m.Groups["rest"].Length > 0 ? m.Groups["prefix"].Value + "…" : m.Value);
        _notes.Add(new IntakeNote(field, safe.Length > 120 ? safe[..117] + "..." : safe, reason));
    }

    [GeneratedRegex("^[a-z]{2}$")]
    private static partial Regex LanguageCode();
}
