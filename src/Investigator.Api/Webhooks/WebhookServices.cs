using Investigator.Api.Webhooks;
using Investigator.Core.Cases;
using Microsoft.Extensions.Options;

// In the namespace of the other Add… registrations, which Program.cs already uses.
namespace Investigator.Api.Extensions;

/// <summary>Registers the helpdesk webhooks: their options, the delivery log beside the case store, and the handlers.</summary>
public static class WebhookServices
{
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var root = builder.Environment.ContentRootPath;
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // The same database file as the cases: a delivery and the case it made are kept, and backed up, together.
        // The embedded store has one service process: at start, no handler holds a claim, so the unfinished claims
        // of a process that was killed are released at once and the helpdesk's retries need not wait out the lease.
        services.AddSingleton<IDeliveryLog>(sp => SqliteDeliveryLog.OpenReleasingUnfinished(
            ContentPaths.Output(root, sp.GetRequiredService<IOptions<StorageOptions>>().Value.CasesPath), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<TicketLocks>();
        services.AddSingleton<WebhookInbox>();
        services.AddSingleton<WebhookReceiver>();
        return builder;
    }
}
