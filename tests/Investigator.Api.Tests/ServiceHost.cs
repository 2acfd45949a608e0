using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Investigator.Core.Cases;
using Investigator.Core.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Investigator.Api.Tests;

/// <summary>The service on its embedded defaults, with its own fresh databases in a temporary folder.</summary>
public sealed class ServiceHost : WebApplicationFactory<Program>
{
    public ServiceHost(string? dataFolder = null)
    {
        DataFolder = dataFolder ?? Path.Combine(Path.GetTempPath(), "investigator-api-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataFolder);
    }

    public string DataFolder { get; }

    public static string RepoRoot { get; } = FindRepoRoot();

    private readonly List<(string Key, string Value)> _settings = [];

    private bool _testKey = true;

    /// <summary>Configures no test key: the service runs with only the keys the test sets (or none).</summary>
    public ServiceHost WithoutTestKey()
    {
        _testKey = false;
        return this;
    }

    /// <summary>Extra settings for this host (before the first client is created).</summary>
    public ServiceHost WithSettings(params (string Key, string Value)[] settings)
    {
        _settings.AddRange(settings);
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        // One key with every scope, sent by every client this host creates (CreateClient); tests of access
        // itself make their own clients (AnonymousClient) or configure other keys.
        if (_testKey)
        {
            builder.UseSetting("Access:ApiKeys:90:Id", "tests");
            builder.UseSetting("Access:ApiKeys:90:Sha256", Investigator.Api.Access.ApiKeys.HashHex(TestKey));
            for (var i = 0; i < Investigator.Api.Access.Scopes.All.Count; i++)
            {
                builder.UseSetting($"Access:ApiKeys:90:Scopes:{i}", Investigator.Api.Access.Scopes.All[i]);
            }
        }

        builder.UseSetting("Storage:CasesPath", Path.Combine(DataFolder, "cases.db"));
        builder.UseSetting("Storage:MemoryPath", Path.Combine(DataFolder, "memory.db"));
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
    }

    /// <summary>The key every client of <see cref="WebApplicationFactory{TEntryPoint}.CreateClient()"/> sends, with every scope.</summary>
    public const string TestKey = "inv_tests-every-scope-0123456789abcdefghijklmnopq";

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestKey);
    }

    /// <summary>A client that sends no API key.</summary>
    public HttpClient AnonymousClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    public static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    public static string SampleTicket(string name) => File.ReadAllText(Path.Combine(RepoRoot, "samples", "tickets", name));

    public static async Task<SupportCase> ReadCaseAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<SupportCase>(ContractJson.Options))!;

    /// <summary>Asserts a problem document with the status, and that its <c>errors</c> name each of <paramref name="fields"/>.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, params string[] fields)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadJsonAsync(response);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        foreach (var field in fields)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors do not name {field}: {problem}");
        }

        return problem;
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Investigator.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("Investigator.sln not found.");
    }
}
