using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Investigator.Core.Cases;
using Investigator.Core.Diagnostics;

namespace Investigator.Api.Tests;

public sealed class ServiceApiTests
{
    [Fact]
    public async Task Cases_are_listed_newest_first_with_paging()
    {
        using var host = new ServiceHost();
        using var client = host.CreateClient();
        var ids = new List<string>();
        foreach (var file in new[] { "s12-rotate-keys-without-downtime.json", "s13-parquet-export-request.json", "s06-is-your-api-broken-429.json" })
        {
            ids.Add((await ServiceHost.ReadCaseAsync(await client.PostAsync("/v1/investigations?wait=true", ServiceHost.Json(ServiceHost.SampleTicket(file))))).Id);
        }

        var page = await client.GetFromJsonAsync<CasePage>("/v1/cases?page=1&pageSize=2", ContractJson.Options);
        var second = await client.GetFromJsonAsync<CasePage>("/v1/cases?page=2&pageSize=2", ContractJson.Options);

        Assert.Equal(3, page!.Total);
        Assert.Equal([ids[2], ids[1]], page.Items.Select(i => i.Id));
        Assert.Equal([ids[0]], second!.Items.Select(i => i.Id));
        Assert.All(page.Items, i => Assert.NotNull(i.Disposition));
    }

    [Fact]
    public async Task Health_reports_the_embedded_defaults()
    {
        using var host = new ServiceHost();
        using var client = host.CreateClient();

        var health = await ServiceHost.ReadJsonAsync(await client.GetAsync("/health"));

        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.True(health.GetProperty("accounts").GetInt32() >= 20);
        Assert.True(health.GetProperty("logLines").GetInt32() >= 50_000);
        Assert.True(health.GetProperty("resolvedCasesInMemory").GetInt32() > 0);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_public_contract()
    {
        using var host = new ServiceHost();
        using var client = host.CreateClient();

        var response = await client.GetAsync("/openapi/v1.json");
        var document = await ServiceHost.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var schemas = document.GetProperty("components").GetProperty("schemas");
        foreach (var name in new[] { "SupportCase", "Ticket", "CaseFacts", "Evidence", "Decision", "Draft", "TraceStep" })
        {
            Assert.True(schemas.TryGetProperty(name, out _), $"schema {name} missing");
        }

        var disposition = schemas.GetProperty("Disposition").GetProperty("enum").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("userOrConfigurationMistake", disposition);
        Assert.True(schemas.GetProperty("Evidence").GetProperty("properties").TryGetProperty("traceStepId", out _));
        Assert.True(document.GetProperty("paths").TryGetProperty("/v1/investigations", out _));
    }

    [Fact]
    public async Task Case_json_uses_camel_case_names_and_string_enums()
    {
        using var host = new ServiceHost();
        using var client = host.CreateClient();

        var response = await client.PostAsync("/v1/investigations?wait=true", ServiceHost.Json(ServiceHost.SampleTicket("s03-401-since-yesterday.json")));
        var json = await ServiceHost.ReadJsonAsync(response);

        Assert.Equal("completed", json.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.String, json.GetProperty("decision").GetProperty("disposition").ValueKind);
        Assert.Matches("^P[0-3]$", json.GetProperty("decision").GetProperty("priority").GetString());
        Assert.Equal("E1", json.GetProperty("investigation").GetProperty("evidence")[0].GetProperty("id").GetString());
    }
}
