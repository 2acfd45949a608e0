using Investigator.Core.Decisioning;
using Investigator.Core.Intake;
using Investigator.Core.Investigation;
using Investigator.Core.Investigation.Tools;
using Investigator.Core.Learning;
using Investigator.Core.Sources.Local;
using Investigator.Core.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Investigator.Core.Tests.Decisioning;

/// <summary>
/// The k-NN vote of similar resolved cases weighs in among the outcomes the evidence confirmed, at the
/// policy's weight, and the rationale says when it changed the outcome.
/// </summary>
public sealed class MemoryVoteWeightTests
{
    private static async Task<CaseFacts> FactsAsync() =>
        await new RuleBasedIntake(new LocalAccountSource(TinyWorld.Create()), new FakeTimeProvider(TinyWorld.Reported))
            .NormalizeAsync(TinyWorld.Ticket("API calls fail", "All calls fail with 401 AUTH_KEY_REVOKED since this morning."), CancellationToken.None);

    private static Evidence Supporting(string id, string hypothesisId) =>
        new(id, "logs", "logs.search_logs", "", $"Finding {id}.", null, null, hypothesisId, EvidenceStance.Supports, ["logs.error_code:X"], $"log:{id}", "T1");

    private static Evidence Neighbour(string id, string key) =>
        new(id, "case_memory", "knowledge.find_similar_cases", "", "A similar case was resolved before.", null, null, null, EvidenceStance.Neutral, ["memory.similar"], $"case:{key}", "T2");

    private static Evidence Vote(string id, Disposition disposition, CaseType type, double shareOfFirst)
    {
        var finding = MemoryVote.Of([
            new SimilarCase(Resolved("a", disposition, type), shareOfFirst),
            new SimilarCase(Resolved("b", disposition, type), shareOfFirst),
            new SimilarCase(Resolved("c", Disposition.ExpectedBehaviour, CaseType.Question), 1 - shareOfFirst)])!.Finding();
        return new(id, "case_memory", "knowledge.find_similar_cases", "", finding.Statement, null, null, null, EvidenceStance.Neutral, [finding.Signal], finding.Key, "T2");
    }

    private static ResolvedCase Resolved(string key, Disposition disposition, CaseType type) =>
        new(key, null, "API", ProblemCategory.Authentication, disposition, type, "s", "r", "r", [], [], TinyWorld.Reported, "lead");

    /// <summary>Two confirmed outcomes: the revoked key (first in playbook order, one item) and server errors (two items).</summary>
    private static InvestigationResult TwoConfirmed(params Evidence[] memory) => new(
        [
            new Hypothesis("H1", "auth.key_revoked", "Requests use an API key that was revoked.", HypothesisStatus.Confirmed, ["E1"]),
            new Hypothesis("H2", "defect.server_errors", "Requests from this account fail with server errors on our side.", HypothesisStatus.Confirmed, ["E2", "E3"]),
        ],
        [Supporting("E1", "H1"), Supporting("E2", "H2"), Supporting("E3", "H2"), .. memory],
        [],
        new InvestigationBudgetUse(3, 10, 1, false));

    private static PolicyDecider Decider(string? memoryVote = null)
    {
        var json = File.ReadAllText(Path.Combine(Engine.RepoRoot, "policy", "support-policy.json"));
        if (memoryVote is not null)
        {
            json = json.Replace("\"memoryVote\": { \"weight\": 0.25, \"minimumShare\": 0.6 }", memoryVote, StringComparison.Ordinal);
        }

        return new PolicyDecider(SupportPolicy.Parse(json, "policy"), PlaybookCatalog.LoadDefault());
    }

    [Fact]
    public async Task Without_a_vote_the_first_confirmed_outcome_in_playbook_order_decides()
    {
        var decision = await Decider().DecideAsync(await FactsAsync(), TwoConfirmed(), CancellationToken.None);

        Assert.Equal(Disposition.UserOrConfigurationMistake, decision.Disposition);
        Assert.DoesNotContain(decision.Rationale, r => r.Rule.StartsWith("memory-vote", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_vote_for_another_confirmed_outcome_changes_the_outcome_and_says_so()
    {
        var investigation = TwoConfirmed(Neighbour("E4", "a"), Neighbour("E5", "b"), Vote("E6", Disposition.ProductDefect, CaseType.Bug, 0.9));

        var decision = await Decider().DecideAsync(await FactsAsync(), investigation, CancellationToken.None);

        Assert.Equal(Disposition.ProductDefect, decision.Disposition);
        Assert.Equal(CaseType.Bug, decision.Type);
        var changed = Assert.Single(decision.Rationale, r => r.Rule == "memory-vote-changed");
        Assert.Contains("instead of UserOrConfigurationMistake/Configuration", changed.Explanation, StringComparison.Ordinal);
        Assert.Equal(["E1", "E2", "E3", "E6", "E4", "E5"], changed.EvidenceIds);
        Assert.Contains(decision.Rationale, r => r.Rule == "memory-vote-agrees");
    }

    [Fact]
    public async Task A_weight_of_zero_in_the_policy_file_keeps_the_evidence_choice()
    {
        var investigation = TwoConfirmed(Neighbour("E4", "a"), Vote("E6", Disposition.ProductDefect, CaseType.Bug, 0.9));

        var decision = await Decider("\"memoryVote\": { \"weight\": 0, \"minimumShare\": 0.6 }").DecideAsync(await FactsAsync(), investigation, CancellationToken.None);

        Assert.Equal(Disposition.UserOrConfigurationMistake, decision.Disposition);
        Assert.Contains(decision.Rationale, r => r.Rule == "memory-vote-below-policy");
        Assert.DoesNotContain(decision.Rationale, r => r.Rule == "memory-vote-changed");
    }

    [Fact]
    public async Task A_vote_for_an_outcome_the_evidence_did_not_confirm_only_lowers_the_confidence()
    {
        var plain = await Decider().DecideAsync(await FactsAsync(), TwoConfirmed(), CancellationToken.None);
        var investigation = TwoConfirmed(Vote("E6", Disposition.Incident, CaseType.Outage, 0.9));

        var decision = await Decider().DecideAsync(await FactsAsync(), investigation, CancellationToken.None);

        Assert.Equal(Disposition.UserOrConfigurationMistake, decision.Disposition);
        Assert.True(decision.Confidence < plain.Confidence, $"{decision.Confidence} < {plain.Confidence}");
        Assert.Contains(decision.Rationale, r => r.Rule == "memory-vote-differs");
    }

    [Fact]
    public async Task An_agreeing_vote_raises_the_confidence()
    {
        var plain = await Decider().DecideAsync(await FactsAsync(), TwoConfirmed(), CancellationToken.None);
        var investigation = TwoConfirmed(Vote("E6", Disposition.UserOrConfigurationMistake, CaseType.Configuration, 0.9));

        var decision = await Decider().DecideAsync(await FactsAsync(), investigation, CancellationToken.None);

        Assert.Equal(Disposition.UserOrConfigurationMistake, decision.Disposition);
        Assert.True(decision.Confidence > plain.Confidence, $"{decision.Confidence} > {plain.Confidence}");
    }
}
