using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Refit;

namespace Investigator.Core.Helpdesk;

/// <summary>
/// Registers <see cref="IHelpdeskWriteBack"/> over source-generated Refit clients of Zendesk's and
/// Freshdesk's APIs, each with its credentials, its base address and <see cref="HelpdeskRetry"/>. Options
/// are read from the container when a client is first built, so a host can bind them from configuration
/// after registration. A helpdesk without a BaseUrl gets a client that is never called.
/// </summary>
public static class HelpdeskServices
{
    /// <summary>The HttpClient names, one per helpdesk.</summary>
    public const string ZendeskClient = "Investigator.Helpdesk.Zendesk";
    public const string FreshdeskClient = "Investigator.Helpdesk.Freshdesk";

    public static IServiceCollection AddHelpdeskClients(this IServiceCollection services, Func<IServiceProvider, HelpdeskOptions> options)
    {
        services.AddHelpdeskClient<IZendeskApi>(ZendeskClient, "zendesk", options,
            o => o.Zendesk.IsConfigured ? (o.Zendesk.BaseUrl!, o.Zendesk.Authorization()) : null);
        services.AddHelpdeskClient<IFreshdeskApi>(FreshdeskClient, "freshdesk", options,
            o => o.Freshdesk.IsConfigured ? (o.Freshdesk.BaseUrl!, o.Freshdesk.Authorization()) : null);
        services.AddSingleton(sp => new ZendeskTickets(sp.GetRequiredService<IZendeskApi>()));
        services.AddSingleton(sp => new FreshdeskTickets(sp.GetRequiredService<IFreshdeskApi>()));
        services.AddSingleton<IHelpdeskWriteBack>(sp => new HelpdeskWriteBack(
            sp.GetRequiredService<ZendeskTickets>(),
            sp.GetRequiredService<FreshdeskTickets>(),
            options(sp),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<HelpdeskWriteBack>>()));
        return services;
    }

    /// <summary>One helpdesk's client; <c>target</c> gives its address and sign-in, or null when it is not configured.</summary>
    private static void AddHelpdeskClient<TApi>(this IServiceCollection services, string name, string pipeline,
        Func<IServiceProvider, HelpdeskOptions> options, Func<HelpdeskOptions, (string BaseUrl, AuthenticationHeaderValue Authorization)?> target)
        where TApi : class
    {
        services.AddRefitGeneratedClient<TApi>(_ => HelpdeskJson.RefitSettings, name)
            .ConfigureHttpClient((sp, client) =>
            {
                var helpdesks = options(sp);
                // The pipeline bounds each attempt and every wait; this only backs it up.
                client.Timeout = helpdesks.MaxRequestTime + TimeSpan.FromSeconds(5);
                if (target(helpdesks) is { } helpdesk)
                {
                    client.BaseAddress = new Uri(helpdesk.BaseUrl);
                    client.DefaultRequestHeaders.Authorization = helpdesk.Authorization;
                }
            })
            // The write-back is a singleton that keeps its clients: the handler lives as long, and pooled
            // connections are recycled instead, so DNS changes are still seen.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddResilienceHandler(pipeline, (builder, context) =>
                HelpdeskRetry.Configure(builder, options(context.ServiceProvider), context.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System));
    }
}
