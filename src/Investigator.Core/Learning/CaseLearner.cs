namespace Investigator.Core.Learning;

/// <summary>
/// The built-in learner: removes personal data from a confirmed resolution and writes it to case memory,
/// where a near-duplicate is merged (its count goes up) instead of being stored twice.
/// </summary>
public sealed class CaseLearner(ICaseMemory memory) : ICaseLearner
{
    public Task<LearningOutcome> LearnAsync(ResolvedCase resolved, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(resolved.ConfirmedBy))
        {
            throw new ArgumentException("Only human-confirmed resolutions are learned: confirmedBy is required.", nameof(resolved));
        }

        var scrubbed = PersonalDataScrubber.Scrub(resolved) with { ConfirmedBy = "lead" };
        return memory.UpsertAsync(scrubbed, cancellationToken);
    }
}
