using Investigator.Evals.RealData;

namespace Investigator.Evals.Tests.Loghub;

public sealed class GroupingAccuracyTests
{
    [Fact]
    public void A_hand_worked_example_scores_only_groups_that_are_exactly_one_whole_event()
    {
        // Eight lines. Truth: A A A B B C C D. Parser: 1 1 1 2 2 2 3 4.
        // Group 1 = lines 0-2, all of A (A has 3 lines): 3 correct.
        // Group 2 = lines 3-5 mixes B, B and C: 0 correct.
        // Group 3 = line 6 is C, but C also has line 5: 0 correct.
        // Group 4 = line 7 is all of D: 1 correct.
        // GA = (3 + 1) / 8 = 0.5.
        string[] truth = ["A", "A", "A", "B", "B", "C", "C", "D"];
        int[] parsed = [1, 1, 1, 2, 2, 2, 3, 4];

        Assert.Equal(0.5, GroupingAccuracy.Of(parsed, truth));
    }

    [Fact]
    public void The_groups_say_which_are_wrong_and_how_many_events_each_mixes()
    {
        string[] truth = ["A", "A", "A", "B", "B", "C", "C", "D"];
        int[] parsed = [1, 1, 1, 2, 2, 2, 3, 4];

        var groups = GroupingAccuracy.Groups(parsed, truth).OrderBy(g => g.Label).ToList();

        Assert.Equal(
            [new ParsedGroup<int>(1, 3, 1, true), new ParsedGroup<int>(2, 3, 2, false), new ParsedGroup<int>(3, 1, 1, false), new ParsedGroup<int>(4, 1, 1, true)],
            groups);
    }

    [Fact]
    public void An_event_split_in_two_and_two_events_merged_in_one_both_score_nothing()
    {
        Assert.Equal(0, GroupingAccuracy.Of([1, 1, 2, 2], ["A", "A", "A", "A"]));
        Assert.Equal(0, GroupingAccuracy.Of([1, 1, 1, 1], ["A", "A", "B", "B"]));
    }

    [Fact]
    public void Labels_are_only_names_so_a_renamed_perfect_grouping_scores_one()
    {
        Assert.Equal(1, GroupingAccuracy.Of(["x", "y", "x", "z"], ["E9", "E2", "E9", "E5"]));
    }

    [Fact]
    public void No_lines_score_zero_and_unequal_lengths_are_refused()
    {
        Assert.Equal(0, GroupingAccuracy.Of(Array.Empty<int>(), Array.Empty<string>()));
        Assert.Throws<ArgumentException>(() => GroupingAccuracy.Of([1, 2], ["A"]));
    }
}
