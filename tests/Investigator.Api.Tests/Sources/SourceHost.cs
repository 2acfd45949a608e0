using Investigator.Core.Sources.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Investigator.Api.Tests.Sources;

/// <summary>A container with one HTTP source registered as the service registers it, with test-sized resilience.</summary>
public static class SourceHost
{
    /// <summary>
    /// Fast retries and a breaker that stays closed unless a test lowers its throughput. The attempt timeout
    /// leaves room for a cold start on a busy machine; the timeout test sets its own.
    /// </summary>
    public static SourceResilienceOptions Quick(int maxRetries = 2, int minimumThroughput = 100) => new()
    {
        AttemptTimeout = TimeSpan.FromSeconds(3),
        TotalTimeout = TimeSpan.FromSeconds(10),
        MaxRetries = maxRetries,
        RetryDelay = TimeSpan.FromMilliseconds(5),
        FailureRatio = 0.5,
        MinimumThroughput = minimumThroughput,
        SamplingDuration = TimeSpan.FromSeconds(30),
        BreakDuration = TimeSpan.FromSeconds(30),
    };

    public static ServiceProvider Build(Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        register(services);
        return services.BuildServiceProvider();
    }
}
