using Investigator.Core.Investigation.Tools;
using Investigator.Core.Learning;
using Investigator.Core.Sources;
using Microsoft.SemanticKernel;

namespace Investigator.Core.Investigation;

/// <summary>The sources the investigation tools read.</summary>
public sealed record InvestigationSources(
    IAccountSource Accounts,
    ILogSource Logs,
    IIncidentSource Incidents,
    IDeploySource Deploys,
    IKnowledgeBase KnowledgeBase,
    ICaseMemory Memory);

/// <summary>
/// Builds the Semantic Kernel of one case: the plugins bound to the case's scope, and the recorder
/// filter bound to the case's ledger. Both engines call tools through this kernel.
/// </summary>
public static class InvestigationKernel
{
    public static Kernel Create(InvestigationSources sources, CaseScope scope, InvestigationLedger ledger)
    {
        var kernel = new Kernel();
        kernel.Plugins.AddFromObject(new StatusPlugin(sources.Incidents, sources.Deploys, scope), "status");
        kernel.Plugins.AddFromObject(new KnowledgePlugin(sources.KnowledgeBase, sources.Memory, scope), "knowledge");
        if (scope.AccountId is not null)
        {
            // Without a verified account the account and log tools do not exist for this case at all.
            kernel.Plugins.AddFromObject(new AccountPlugin(sources.Accounts, scope), "account");
            kernel.Plugins.AddFromObject(new LogsPlugin(sources.Logs, scope), "logs");
        }

        kernel.FunctionInvocationFilters.Add(new ToolCallRecorder(ledger));
        return kernel;
    }
}
