using Investigator.Api.Webhooks;
using Investigator.Core.Cases;
using Microsoft.Extensions.Options;

// In the namespace of the other Add… registrations, which Program.cs already uses.
namespace Investigator.Api.Extensions;

/// <summary>Registers the helpdesk webhooks: their options and the handlers.</summary>
public static class WebhookServices
{
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var root = builder.Environment.ContentRootPath;
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // The delivery log is registered with the case store (CaseStorage), in the same database.
        services.AddSingleton<TicketLocks>();
        services.AddSingleton<WebhookInbox>();
        services.AddSingleton<WebhookReceiver>();
        return builder;
    }
}
