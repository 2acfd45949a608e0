using Investigator.Core.Decisioning;
using Investigator.Core.Intake;
using Investigator.Core.Investigation;
using Investigator.Core.Sources;

namespace Investigator.Core.Tests.Drafting;

/// <summary>Small hand-made cases for the drafter: facts, evidence, an investigation with one confirmed hypothesis, a decision.</summary>
internal static class DraftingFixtures
{
    public static readonly DateTimeOffset Reported = new(2026, 11, 12, 9, 30, 0, TimeSpan.Zero);

    public static CaseFacts Facts(
        string text,
        PlanTier? plan = PlanTier.Professional,
        string? product = null,
        IReadOnlyList<Identifier>? identifiers = null,
        IReadOnlyList<string>? otherAccounts = null,
        string? actualOutcome = null,
        string language = "en",
        ProblemCategory category = ProblemCategory.Other) => new()
        {
            ProblemStatement = new("p", Provenance.Rule("t")),
            Category = new(category, Provenance.Rule("t")),
            RequesterEmail = new("priya@harbor.example", Provenance.Metadata("requester.email")),
            RequesterName = new("Priya Shah", Provenance.Metadata("requester.name")),
            Account = plan is { } tier
                ? new AccountFacts(new("acc_2001", Provenance.Lookup("x")), new("Harbor", Provenance.Lookup("x")), new(tier, Provenance.Lookup("x")),
                    new("eu-west", Provenance.Lookup("x")), new("medium", Provenance.Lookup("x")), new(false, Provenance.Lookup("x")))
                : null,
            Product = product is null ? null : new(product, Provenance.Rule("t")),
            ActualOutcome = actualOutcome is null ? null : new(actualOutcome, Provenance.Rule("t")),
            Identifiers = (identifiers ?? []).Select(i => new Fact<Identifier>(i, Provenance.Rule("t"))).ToList(),
            UntrustedAccountClaims = (otherAccounts ?? []).Select(a => new UntrustedAccountClaim(a, "not the requester's account", Provenance.Rule("t"))).ToList(),
            ReportedAt = new(Reported, Provenance.Metadata("createdAt")),
            Sentiment = new(Sentiment.Neutral, Provenance.Rule("t")),
            Language = new(language, Provenance.Rule("t")),
            CleanText = text,
        };

    public static Evidence Evidence(string id, string source, string finding, string? excerpt = null, EvidenceStance stance = EvidenceStance.Supports,
        string hypothesis = "H1", params string[] signals) =>
        new(id, source, $"{source}.tool", "q", finding, excerpt, null, hypothesis, stance, signals, $"{source}:{id}", "T1");

    public static InvestigationResult Investigated(string? confirmedKey, params Evidence[] evidence) => new(
        confirmedKey is null ? [] : [new Hypothesis("H1", confirmedKey, "s", HypothesisStatus.Confirmed, evidence.Where(e => e.HypothesisId == "H1").Select(e => e.Id).ToList())],
        evidence,
        [],
        new InvestigationBudgetUse(evidence.Length, 20, 1, false));

    public static Decision Decision(Disposition disposition, CaseType type, IReadOnlyList<MissingField>? questions = null, Escalation? escalation = null)
    {
        var sla = new SlaClock(Reported, Reported.AddHours(4), Reported.AddHours(2), Reported.AddDays(3), TimeSpan.FromHours(2), false);
        return new Decision(disposition, 0.8, type, Priority.P2, sla, new Route(SupportTier.Tier2, "general"), escalation, [], questions ?? []);
    }

    public static Escalation Escalated(EscalationTrigger trigger = EscalationTrigger.ProductDefect, bool immediate = false) =>
        new(trigger, SupportTier.Tier3, immediate, "r", new EscalationPacket("s", "i", [], [], [], "w", "c", "sla"));
}
