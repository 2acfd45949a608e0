using System.Net;
using Investigator.Core.Cases;
using Investigator.Core.Investigation;
using Investigator.Core.Sources;
using Investigator.Core.Sources.Http.AdminApi;
using Investigator.Core.Sources.Http.Elasticsearch;
using Investigator.Core.Sources.Http.Loki;
using Investigator.Core.Sources.Http.Statuspage;
using Investigator.Core.Sources.Local;
using Investigator.Api.Extensions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Investigator.Api.Tests.Sources;

public sealed class SourceConfigurationTests
{
    [Fact]
    public void Without_configuration_every_source_is_the_local_world()
    {
        using var host = new ServiceHost();

        Assert.IsType<LocalLogSource>(host.Services.GetRequiredService<ILogSource>());
        Assert.IsType<LocalIncidentSource>(host.Services.GetRequiredService<IIncidentSource>());
        Assert.IsType<LocalAccountSource>(host.Services.GetRequiredService<IAccountSource>());
        Assert.IsType<LocalDeploySource>(host.Services.GetRequiredService<IDeploySource>());
    }

    [Theory]
    [InlineData("Loki", typeof(LokiLogSource))]
    [InlineData("Elasticsearch", typeof(ElasticsearchLogSource))]
    public void Each_kind_selects_its_http_source(string kind, Type expected)
    {
        using var host = new ServiceHost().WithSettings(
            ("Sources:Logs:Kind", kind), ($"Sources:Logs:{kind}:BaseUrl", "http://127.0.0.1:3100"),
            ("Sources:Incidents:Kind", "Statuspage"), ("Sources:Incidents:Statuspage:BaseUrl", "https://status.example.com"),
            ("Sources:Accounts:Kind", "AdminApi"), ("Sources:Accounts:AdminApi:BaseUrl", "https://admin.example.com/internal"));

        Assert.IsType(expected, host.Services.GetRequiredService<ILogSource>());
        Assert.IsType<StatuspageIncidentSource>(host.Services.GetRequiredService<IIncidentSource>());
        Assert.IsType<AdminApiAccountSource>(host.Services.GetRequiredService<IAccountSource>());
        Assert.IsType<AdminApiDeploySource>(host.Services.GetRequiredService<IDeploySource>());
    }

    [Theory]
    [InlineData("Sources:Logs:Kind", "Loki", "Sources:Logs:Loki:BaseUrl is required")]
    [InlineData("Sources:Incidents:Kind", "Statuspage", "Sources:Incidents:Statuspage:BaseUrl is required")]
    [InlineData("Sources:Accounts:Kind", "AdminApi", "Sources:Accounts:AdminApi:BaseUrl is required")]
    public void A_remote_kind_without_an_address_stops_the_service_at_start_naming_the_setting(string key, string kind, string message)
    {
        using var host = new ServiceHost().WithSettings((key, kind));

        var failure = Record.Exception(() => host.CreateClient());

        Assert.NotNull(failure);
        Assert.Contains(message, Messages(failure), StringComparison.Ordinal);
    }

    [Fact]
    public void Inconsistent_resilience_and_field_names_are_refused_at_start()
    {
        using var host = new ServiceHost().WithSettings(
            ("Sources:Logs:Kind", "Loki"), ("Sources:Logs:Loki:BaseUrl", "http://loki:3100"),
            ("Sources:Logs:Loki:Resilience:AttemptTimeout", "00:00:10"), ("Sources:Logs:Loki:Resilience:TotalTimeout", "00:00:05"),
            ("Sources:Logs:Loki:AccountLabel", "account-id"));

        var messages = Messages(Record.Exception(() => host.CreateClient())!);

        Assert.Contains("Sources:Logs:Loki:Resilience:TotalTimeout (00:00:05) must be at least AttemptTimeout (00:00:10)", messages, StringComparison.Ordinal);
        Assert.Contains("Sources:Logs:Loki:AccountLabel 'account-id' is not a Loki label name", messages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_logs_down_the_investigation_goes_on_says_logs_were_unavailable_and_other_real_sources_give_evidence()
    {
        await using var admin = await FakeAdminApi.StartAsync();
        await using var statusPage = await FakeSourceServer.ServingAsync(new Dictionary<string, string>
        {
            ["/api/v2/incidents.json"] = RepoFiles.Read("samples", "world", "status", "incidents.json"),
            ["/api/v2/incidents/unresolved.json"] = """{"incidents":[]}""",
        });
        using var host = new ServiceHost().WithSettings(
            ("Sources:Logs:Kind", "Loki"), ("Sources:Logs:Loki:BaseUrl", FakeSourceServer.ClosedPort().ToString()),
            ("Sources:Logs:Loki:Resilience:MaxRetries", "1"), ("Sources:Logs:Loki:Resilience:RetryDelay", "00:00:00.010"),
            ("Sources:Logs:Loki:Resilience:AttemptTimeout", "00:00:00.500"), ("Sources:Logs:Loki:Resilience:TotalTimeout", "00:00:02"),
            ("Sources:Incidents:Kind", "Statuspage"), ("Sources:Incidents:Statuspage:BaseUrl", statusPage.BaseUrl.ToString()),
            ("Sources:Accounts:Kind", "AdminApi"), ("Sources:Accounts:AdminApi:BaseUrl", admin.BaseUrl.ToString()),
            ("Sources:Accounts:AdminApi:Auth:Token", FakeAdminApi.Token));
        using var client = host.CreateClient();

        var response = await client.PostAsync("/v1/investigations?wait=true", ServiceHost.Json(RepoFiles.Read("samples", "tickets", "s01-webhooks-delayed-eu.json")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var c = await ServiceHost.ReadCaseAsync(response);
        Assert.Equal(CaseStatus.Completed, c.Status);
        var logSteps = c.Trace!.Where(t => t.Kind == TraceStepKind.ToolCall && t.Name.StartsWith("logs.", StringComparison.Ordinal) && t.Outcome != TraceOutcome.Skipped).ToList();
        Assert.NotEmpty(logSteps);
        Assert.All(logSteps, t => Assert.Equal(TraceOutcome.Failed, t.Outcome));
        Assert.All(logSteps, t => Assert.Contains("logs is unavailable: connection failed", t.Message, StringComparison.Ordinal));
        Assert.DoesNotContain(c.Investigation!.Evidence, e => e.Source == "logs");
        Assert.Contains(c.Investigation.Evidence, e => e.Source == "incidents");
        Assert.Contains(c.Investigation.Evidence, e => e.Source == "deploys");
        Assert.Contains(admin.Requests, r => r.Path == "/v1/accounts" && r.Query.ContainsKey("email"));
        Assert.Contains(statusPage.Requests, r => r.Path == "/api/v2/incidents.json");
    }

    [Fact]
    public void Every_source_setting_is_documented_in_the_example_configuration()
    {
        var example = new ConfigurationBuilder().AddJsonFile(RepoFiles.Path("appsettings.example.json")).Build();
        var documented = example.AsEnumerable().Select(kv => kv.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var settings = SettingsOf(typeof(LogSourceOptions), LogSourceOptions.Section)
            .Concat(SettingsOf(typeof(IncidentSourceOptions), IncidentSourceOptions.Section))
            .Concat(SettingsOf(typeof(AccountSourceOptions), AccountSourceOptions.Section))
            .ToList();

        Assert.Contains("Sources:Logs:Loki:Resilience:BreakDuration", settings);
        Assert.All(settings, key => Assert.Contains(key, documented));
    }

    /// <summary>Every key the binder would read for an options type, nested classes included.</summary>
    private static IEnumerable<string> SettingsOf(Type type, string prefix) =>
        type.GetProperties().Where(p => p.CanWrite).SelectMany(p =>
            p.PropertyType.IsClass && p.PropertyType != typeof(string)
                ? SettingsOf(p.PropertyType, $"{prefix}:{p.Name}")
                : [$"{prefix}:{p.Name}"]);

    private static string Messages(Exception failure)
    {
        var all = new List<string>();
        for (var e = failure; e is not null; e = e.InnerException)
        {
            all.Add(e.Message);
            if (e is AggregateException aggregate)
            {
                all.AddRange(aggregate.InnerExceptions.Select(Messages));
            }
        }

        return string.Join(" | ", all);
    }
}
