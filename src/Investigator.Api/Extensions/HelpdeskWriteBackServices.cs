using Investigator.Core.Helpdesk;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Investigator.Api.Extensions;

/// <summary>
/// Writes finished cases back to Zendesk and Freshdesk: binds and validates section "Helpdesks" and
/// registers <see cref="IHelpdeskWriteBack"/> with its clients (<see cref="HelpdeskServices"/>) and the
/// <see cref="HelpdeskOutbox"/> that posts completed cases from the store.
/// </summary>
public static class HelpdeskWriteBackServices
{
    /// <summary>Call once in Program: <c>builder.Services.AddHelpdeskWriteBack(builder.Configuration)</c>.</summary>
    public static IServiceCollection AddHelpdeskWriteBack(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HelpdeskOptions>().Bind(configuration.GetSection(HelpdeskOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHelpdeskClients(sp => sp.GetRequiredService<IOptions<HelpdeskOptions>>().Value);
        services.AddSingleton(sp => new HelpdeskOutbox(
            sp.GetRequiredService<Investigator.Core.Cases.ICaseStore>(),
            sp.GetRequiredService<IHelpdeskWriteBack>(),
            sp.GetRequiredService<IOptions<HelpdeskOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<HelpdeskOutbox>>()));
        return services;
    }
}
