using Microsoft.Extensions.Configuration;

namespace Investigator.Api.Tests;

public sealed class ConfigurationDocsTests
{
    [Fact]
    public async Task The_documented_example_configuration_loads_and_the_service_starts_with_it()
    {
        var example = new ConfigurationBuilder().AddJsonFile(Path.Combine(ServiceHost.RepoRoot, "appsettings.example.json")).Build();
        var settings = example.AsEnumerable().Where(kv => kv.Value is not null && !kv.Key.StartsWith("Serilog", StringComparison.Ordinal) && kv.Key != "Urls"
                                                          && !kv.Key.StartsWith("Storage:", StringComparison.Ordinal)).ToList();

        using var host = new ServiceHost().WithSettings([.. settings.Select(kv => (kv.Key, kv.Value!))]);
        using var client = host.CreateClient();
        var health = await ServiceHost.ReadJsonAsync(await client.GetAsync("/health"));

        Assert.Contains(settings, kv => kv.Key == "Investigation:MaxToolCalls");
        Assert.Contains(settings, kv => kv.Key == "Model:ChatModel");
        Assert.Equal("builtin", health.GetProperty("engine").GetString());
    }
}
