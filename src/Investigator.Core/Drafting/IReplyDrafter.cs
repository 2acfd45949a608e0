using Investigator.Core.Decisioning;
using Investigator.Core.Intake;
using Investigator.Core.Investigation;

namespace Investigator.Core.Drafting;

/// <summary>Layer 4: writes the reply and the internal note, then checks them.</summary>
public interface IReplyDrafter
{
    Task<Draft> DraftAsync(CaseFacts facts, InvestigationResult investigation, Decision decision, CancellationToken cancellationToken);
}
