using Investigator.Core.Decisioning;
using Investigator.Core.Intake;
using Investigator.Core.Investigation;
using Investigator.Core.Investigation.Tools;
using Investigator.Core.Learning;
using Investigator.Core.Tests.Support;

namespace Investigator.Core.Tests.Decisioning;

public sealed class MemoryVoteTests
{
    private static SimilarCase Neighbour(string key, Disposition disposition, CaseType type, double score) =>
        new(new ResolvedCase(key, null, "API", ProblemCategory.Authentication, disposition, type, "s", "r", "r", [], [], TinyWorld.Reported, "lead"), score);

    [Fact]
    public void Neighbours_that_agree_vote_for_their_label_weighted_by_similarity()
    {
        var vote = MemoryVote.Of([
            Neighbour("a", Disposition.UserOrConfigurationMistake, CaseType.Configuration, 0.8),
            Neighbour("b", Disposition.UserOrConfigurationMistake, CaseType.Configuration, 0.6),
            Neighbour("c", Disposition.ProductDefect, CaseType.Bug, 0.4)]);

        Assert.NotNull(vote);
        Assert.Equal((Disposition.UserOrConfigurationMistake, CaseType.Configuration, 2, 3), (vote.Disposition, vote.Type, vote.Agreeing, vote.Voters));
        Assert.Equal(0.778, vote.Share);
        Assert.Equal((Disposition.UserOrConfigurationMistake, CaseType.Configuration, 0.778), MemoryVote.Parse(vote.Finding().Signal));
    }

    [Fact]
    public void A_single_neighbour_or_a_split_vote_decides_nothing()
    {
        Assert.Null(MemoryVote.Of([Neighbour("a", Disposition.ProductDefect, CaseType.Bug, 0.9)]));
        Assert.Null(MemoryVote.Of([
            Neighbour("a", Disposition.ProductDefect, CaseType.Bug, 0.5),
            Neighbour("b", Disposition.ProductDefect, CaseType.Bug, 0.5),
            Neighbour("c", Disposition.ExpectedBehaviour, CaseType.Question, 0.5),
            Neighbour("d", Disposition.ExpectedBehaviour, CaseType.Question, 0.5)]));
        Assert.Null(MemoryVote.Parse("memory.similar"));
    }

    [Fact]
    public async Task With_nothing_confirmed_the_vote_is_shown_with_its_neighbours_but_does_not_choose_the_type()
    {
        var facts = await new RuleBasedIntake(new Sources.Local.LocalAccountSource(TinyWorld.Create()), new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TinyWorld.Reported))
            .NormalizeAsync(TinyWorld.Ticket("Runs fail", "Our workflow runs fail since this morning."), CancellationToken.None);
        var vote = MemoryVote.Of([
            Neighbour("a", Disposition.UserOrConfigurationMistake, CaseType.Configuration, 0.7),
            Neighbour("b", Disposition.UserOrConfigurationMistake, CaseType.Configuration, 0.6)])!.Finding();
        Evidence[] evidence =
        [
            new("E1", "case_memory", "knowledge.find_similar_cases", "", "A similar case was resolved before.", null, null, null, EvidenceStance.Neutral, ["memory.similar"], "case:a", "T1"),
            new("E2", "case_memory", "knowledge.find_similar_cases", "", "A similar case was resolved before.", null, null, null, EvidenceStance.Neutral, ["memory.similar"], "case:b", "T1"),
            new("E3", "case_memory", "knowledge.find_similar_cases", "", vote.Statement, null, null, null, EvidenceStance.Neutral, [vote.Signal], vote.Key, "T1"),
        ];
        var investigation = new InvestigationResult([], evidence, [], new InvestigationBudgetUse(1, 10, 1, false));

        var decision = await new PolicyDecider(Engine.Policy(), PlaybookCatalog.LoadDefault()).DecideAsync(facts, investigation, CancellationToken.None);

        Assert.Equal(Disposition.NeedsInformation, decision.Disposition);
        Assert.Equal(CaseType.Question, decision.Type);
        var reason = Assert.Single(decision.Rationale, r => r.Rule == "memory-vote-not-applied");
        Assert.Equal(["E3", "E1", "E2"], reason.EvidenceIds);
        Assert.Contains("2 of 2 similar resolved cases", reason.Explanation, StringComparison.Ordinal);
    }
}
