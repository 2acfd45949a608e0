using Investigator.Core.Intake;
using Investigator.Core.Investigation;

namespace Investigator.Core.Decisioning;

/// <summary>Layer 3: decides disposition, type, priority, SLA, route and escalation from facts and evidence.</summary>
public interface ICaseDecider
{
    Task<Decision> DecideAsync(CaseFacts facts, InvestigationResult investigation, CancellationToken cancellationToken);
}
