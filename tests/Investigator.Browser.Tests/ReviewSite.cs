using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Investigator.Api.Access;
using Investigator.Core.Intake;
using Investigator.Core.Sources;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Investigator.Browser.Tests;

/// <summary>
/// One running service for the browser tests: the real app on Kestrel at 127.0.0.1 on a free port (a browser needs a
/// real socket), its own databases in a temporary folder, a lead's key and a reader's key, a few investigated demo
/// tickets, and Debian's Chromium driven by Playwright (never a browser Playwright downloads).
/// </summary>
public sealed class ReviewSite : IAsyncLifetime, IDisposable
{
    /// <summary>A lead: every scope; signs in to the review page.</summary>
    public const string LeadKey = "inv_browser-lead-0123456789abcdefghijklmnopqrstuvw";

    public const string LeadId = "lead-ana";

    /// <summary>A dashboard: cases:read only; may not sign in.</summary>
    public const string ReaderKey = "inv_browser-reader-0123456789abcdefghijklmnopqrs";

    /// <summary>A ticket whose subject carries this fails intake while <see cref="IntakeDown"/> is set, so it is parked.</summary>
    public const string FailingMarker = "[intake down]";

    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "investigator-browser-tests", Guid.NewGuid().ToString("N"));

    private Factory? _factory;

    private IPlaywright? _playwright;

    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Screenshots the tests save (gitignored); docs/screenshots holds the ones the README shows.</summary>
    public static string Artifacts { get; } = Path.Combine(RepoRoot, "tests", "Investigator.Browser.Tests", "artifacts");

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The API with the lead's key, to set up cases the way a helpdesk would.</summary>
    public HttpClient Api { get; private set; } = null!;

    /// <summary>Demo tickets investigated at start, by sample file name.</summary>
    public IReadOnlyDictionary<string, string> Seeded { get; private set; } = new Dictionary<string, string>();

    private static bool _intakeDown;

    /// <summary>While set, tickets marked with <see cref="FailingMarker"/> fail intake.</summary>
    public static bool IntakeDown
    {
        get => Volatile.Read(ref _intakeDown);
        set => Volatile.Write(ref _intakeDown, value);
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataFolder);
        Directory.CreateDirectory(Artifacts);
        _factory = new Factory(_dataFolder);
        _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address);
        Api = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Api.DefaultRequestHeaders.Add("X-Api-Key", LeadKey);

        var seeded = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var sample in new[] { "s03-401-since-yesterday.json", "s02-production-down-503.json", "s12-rotate-keys-without-downtime.json", "s05-sso-nobody-can-sign-in.json" })
        {
            seeded[sample] = await InvestigateAsync(sample);
        }

        Seeded = seeded;

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            ChromiumSandbox = false,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        if (_factory is not null) await _factory.DisposeAsync();
        Dispose();
        try { Directory.Delete(_dataFolder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public void Dispose()
    {
        _playwright?.Dispose();
        Api?.Dispose();
        _factory?.Dispose();
    }

    /// <summary>Investigates a demo ticket (optionally changed first) and waits for the case; returns its id.</summary>
    public async Task<string> InvestigateAsync(string sample, Action<JsonObject>? change = null, bool wait = true)
    {
        var ticket = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepoRoot, "samples", "tickets", sample)))!.AsObject();
        ticket["externalId"] = $"browser-{Guid.NewGuid():N}";
        change?.Invoke(ticket);
        using var response = await Api.PostAsync(wait ? "/v1/investigations?wait=true" : "/v1/investigations",
            new StringContent(ticket.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, $"investigating {sample}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("id").GetString()!;
    }

    /// <summary>A fresh browser context (no cookies) with its own page at <paramref name="width"/> px, signed in as the lead unless told not to.</summary>
    public async Task<ReviewBrowser> OpenAsync(int width = 1280, bool signIn = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
        });
        context.SetDefaultTimeout(10_000);
        var review = new ReviewBrowser(context, await context.NewPageAsync());
        if (signIn)
        {
            await review.SignInAsync(LeadKey);
        }

        return review;
    }

    private static string ChromiumPath()
    {
        if (Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured)
        {
            return configured;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "chromium");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Chromium was not found: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH.");
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Investigator.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("Investigator.sln not found.");
    }

    /// <summary>The service as the API tests configure it, plus the two keys and an intake that can be made to fail.</summary>
    private sealed class Factory(string dataFolder) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Access:ApiKeys:0:Id", LeadId);
            builder.UseSetting("Access:ApiKeys:0:Sha256", ApiKeys.HashHex(LeadKey));
            for (var i = 0; i < Scopes.All.Count; i++)
            {
                builder.UseSetting($"Access:ApiKeys:0:Scopes:{i}", Scopes.All[i]);
            }

            builder.UseSetting("Access:ApiKeys:1:Id", "dashboard");
            builder.UseSetting("Access:ApiKeys:1:Sha256", ApiKeys.HashHex(ReaderKey));
            builder.UseSetting("Access:ApiKeys:1:Scopes:0", Scopes.ReadCases);
            builder.UseSetting("Storage:CasesPath", Path.Combine(dataFolder, "cases.db"));
            builder.UseSetting("Storage:MemoryPath", Path.Combine(dataFolder, "memory.db"));
            builder.UseSetting("Processing:MaxAttempts", "1");   // a failing case is parked at once, for the retry test
            builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
            builder.ConfigureTestServices(services => services.AddSingleton<ITicketIntake>(sp =>
                new SwitchableIntake(new RuleBasedIntake(sp.GetRequiredService<IAccountSource>(), sp.GetRequiredService<TimeProvider>()))));
        }
    }

    /// <summary>The built-in intake, failing the marked tickets while <see cref="IntakeDown"/> is set, as an unreachable account source would.</summary>
    private sealed class SwitchableIntake(ITicketIntake inner) : ITicketIntake
    {
        public Task<CaseFacts> NormalizeAsync(Ticket ticket, CancellationToken cancellationToken) =>
            IntakeDown && ticket.Subject.Contains(FailingMarker, StringComparison.Ordinal)
                ? Task.FromException<CaseFacts>(new HttpRequestException("account source refused the connection"))
                : inner.NormalizeAsync(ticket, cancellationToken);
    }
}

/// <summary>All browser tests share one running service and one browser; each test gets its own browser context.</summary>
[CollectionDefinition(Name)]
public sealed class SharedReviewSite : ICollectionFixture<ReviewSite>
{
    public const string Name = "review site";
}
