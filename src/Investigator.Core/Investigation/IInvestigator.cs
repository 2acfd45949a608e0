using Investigator.Core.Intake;

namespace Investigator.Core.Investigation;

/// <summary>Layer 2: gathers evidence for and against the likely explanations of the facts.</summary>
public interface IInvestigator
{
    Task<InvestigationResult> InvestigateAsync(CaseFacts facts, CancellationToken cancellationToken);
}
