using Investigator.Core.Intake;

namespace Investigator.Core.Drafting;

/// <summary>
/// The one concrete example a support engineer asks for when a report is too general to trace: for each
/// part of the product, which identifier to send and where the customer finds it. Asked in a request for
/// information only when the ticket gives no identifier of that kind and no other question already asks
/// for it.
/// </summary>
internal static class ExampleRequest
{
    private sealed record Ask(IReadOnlyList<IdentifierKind> Covers, IReadOnlyList<string> AskedAs, MissingField Field);

    private static readonly Ask RunOfWebhook = new([IdentifierKind.RunId], ["run id", "affectedItems"], new("example.runId",
        "Which run's event did not arrive? Please send the run id of one such run, from the run history in the dashboard, and roughly when it finished.",
        "With one example we can trace that delivery in our logs."));

    private static readonly Ask FailingCall = new([IdentifierKind.RequestId, IdentifierKind.TraceId], ["request id", "identifiers.requestId"], new("example.requestId",
        "Could you send the request id of one failing call? It is in the requestId field of the error response and in the X-Request-Id header.",
        "With it we can find that exact call in our logs."));

    private static readonly Ask AffectedRun = new([IdentifierKind.RunId], ["run id", "affectedItems"], new("example.runId",
        "Which run is affected? Please send the run id of one such run, from the run history in the dashboard.",
        "With it we can follow that run in our logs."));

    private static readonly Ask PageError = new([IdentifierKind.RequestId], ["request id", "identifiers.requestId"], new("example.requestId",
        "If the page showed an error, what request id did it show, and when did it happen?",
        "With it we can find that exact request in our logs."));

    private static readonly Ask SignInError = new([IdentifierKind.RequestId], ["request id", "ssoError", "errorCodes", "error"], new("example.requestId",
        "What code and request id does the sign-in error page show?",
        "With them we can find the failed sign-in in our logs."));

    private static readonly Ask ExportJob = new([IdentifierKind.ExportJobId], ["job id", "identifiers.exportJobId"], new("example.exportJobId",
        "Which export failed? Please send its export job id from the exports page.",
        "The job id finds the failed export in our logs."));

    private static readonly Ask Invoice = new([IdentifierKind.InvoiceId], ["invoice", "identifiers.invoiceId"], new("example.invoiceId",
        "Which invoice is this about? Please send its invoice id from Settings → Billing → Invoices.",
        "We match it against your billing history."));

    private static readonly Ask Workflow = new([IdentifierKind.WorkflowId, IdentifierKind.RunId], ["workflow", "affectedItems"], new("example.workflow",
        "Which workflow is affected? Please send its name as shown in the dashboard.",
        "With it we can look at that workflow's runs."));

    /// <summary>The example to ask for, or null when the ticket or the other questions already cover it.</summary>
    public static MissingField? For(CaseFacts facts, IReadOnlyList<MissingField> asked)
    {
        var ask = facts.Product?.Value switch
        {
            "Webhooks" => RunOfWebhook,
            "API" => FailingCall,
            "Workflow runs" => AffectedRun,
            "Dashboard" => PageError,
            "SSO login" => SignInError,
            "Data exports" => ExportJob,
            "Billing" => Invoice,
            null => Workflow,
            _ => null,
        };
        if (ask is null || facts.Identifiers.Any(i => ask.Covers.Contains(i.Value.Kind)))
        {
            return null;
        }

        var covered = asked.Any(q => ask.AskedAs.Any(a => q.Field.Equals(a, StringComparison.OrdinalIgnoreCase)
                                                       || q.Question.Contains(a, StringComparison.OrdinalIgnoreCase)));
        return covered ? null : ask.Field;
    }
}
