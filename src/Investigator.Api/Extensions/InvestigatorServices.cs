using Investigator.Api.Processing;
using Investigator.Core.Cases;
using Investigator.Core.Decisioning;
using Investigator.Core.Decisioning.Model;
using Investigator.Core.Drafting;
using Investigator.Core.Drafting.Model;
using Investigator.Core.Intake;
using Investigator.Core.Intake.Model;
using Investigator.Core.Investigation;
using Investigator.Core.Investigation.Model;
using Investigator.Core.Learning;
using Investigator.Core.Learning.Knowledge;
using Investigator.Core.Learning.Qdrant;
using Investigator.Core.Sources;
using Investigator.Core.Sources.Http;
using Investigator.Core.Sources.Http.AdminApi;
using Investigator.Core.Sources.Http.Elasticsearch;
using Investigator.Core.Sources.Http.Loki;
using Investigator.Core.Sources.Http.Statuspage;
using Investigator.Core.Sources.Local;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Investigator.Api.Extensions;

/// <summary>Registers the five layers, their sources and the case store, on the embedded defaults.</summary>
public static class InvestigatorServices
{
    public static IHostApplicationBuilder AddInvestigator(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var root = builder.Environment.ContentRootPath;
        services.AddOptions<WorldOptions>().BindConfiguration(WorldOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PolicyOptions>().BindConfiguration(PolicyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<InvestigationOptions>().BindConfiguration(InvestigationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ProcessingOptions>().BindConfiguration(ProcessingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ModelOptions>().BindConfiguration(ModelOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EmbeddingOptions>().BindConfiguration(EmbeddingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LearningOptions>().BindConfiguration(LearningOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LogSourceOptions>().BindConfiguration(LogSourceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IncidentSourceOptions>().BindConfiguration(IncidentSourceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AccountSourceOptions>().BindConfiguration(AccountSourceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SlaOptions>().BindConfiguration(SlaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);

        // Sources: the local world is the embedded default; each kind of source can point at a real system instead.
        services.AddSingleton(sp => LocalWorld.Load(ContentPaths.Input(root, sp.GetRequiredService<IOptions<WorldOptions>>().Value.Path)));
        services.AddLokiLogSource(sp => sp.GetRequiredService<IOptions<LogSourceOptions>>().Value.Loki);
        services.AddElasticsearchLogSource(sp => sp.GetRequiredService<IOptions<LogSourceOptions>>().Value.Elasticsearch);
        services.AddStatuspageIncidentSource(sp => sp.GetRequiredService<IOptions<IncidentSourceOptions>>().Value.Statuspage);
        services.AddAdminApiSources(sp => sp.GetRequiredService<IOptions<AccountSourceOptions>>().Value.AdminApi);
        services.AddSingleton<ILogSource>(sp => sp.GetRequiredService<IOptions<LogSourceOptions>>().Value.Kind switch
        {
            LogSourceKind.Loki => sp.GetRequiredService<LokiLogSource>(),
            LogSourceKind.Elasticsearch => sp.GetRequiredService<ElasticsearchLogSource>(),
            _ => new LocalLogSource(sp.GetRequiredService<LocalWorld>()),
        });
        services.AddSingleton<IIncidentSource>(sp => sp.GetRequiredService<IOptions<IncidentSourceOptions>>().Value.Kind switch
        {
            IncidentSourceKind.Statuspage => sp.GetRequiredService<StatuspageIncidentSource>(),
            _ => new LocalIncidentSource(sp.GetRequiredService<LocalWorld>()),
        });
        services.AddSingleton<IAccountSource>(sp => sp.GetRequiredService<IOptions<AccountSourceOptions>>().Value.Kind switch
        {
            AccountSourceKind.AdminApi => sp.GetRequiredService<AdminApiAccountSource>(),
            _ => new LocalAccountSource(sp.GetRequiredService<LocalWorld>()),
        });
        services.AddSingleton<IDeploySource>(sp => sp.GetRequiredService<IOptions<AccountSourceOptions>>().Value.Kind switch
        {
            AccountSourceKind.AdminApi => sp.GetRequiredService<AdminApiDeploySource>(),
            _ => new LocalDeploySource(sp.GetRequiredService<LocalWorld>()),
        });
        // Knowledge base: BM25 over the world's kb/ sections, and their vectors in an index of their own: in
        // process by default, or a Qdrant collection beside the case memory's when that is in Qdrant.
        services.AddOptions<KnowledgeBaseOptions>().BindConfiguration(KnowledgeBaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddQdrantKnowledgeSectionIndex(sp => sp.GetRequiredService<IOptions<KnowledgeBaseOptions>>().Value
            .QdrantFor(sp.GetRequiredService<IOptions<StorageOptions>>().Value.Memory.Qdrant));
        services.AddSingleton<IKnowledgeSectionIndex>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.Memory.Kind switch
        {
            CaseMemoryKind.Qdrant => sp.GetRequiredService<QdrantKnowledgeSectionIndex>(),
            _ => new EmbeddedKnowledgeSectionIndex(sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>()),
        });
        services.AddSingleton<IKnowledgeBase>(sp => new HybridKnowledgeBase(
            MarkdownKnowledgeBase.Load(Path.Combine(sp.GetRequiredService<LocalWorld>().Root, "kb")), sp.GetRequiredService<IKnowledgeSectionIndex>(),
            sp.GetRequiredService<IOptions<KnowledgeBaseOptions>>().Value.Ranking, sp.GetService<ILogger<HybridKnowledgeBase>>(), sp.GetRequiredService<TimeProvider>()));

        // Learning: built-in embeddings over the embedded store by default, or over a Qdrant collection.
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp => sp.GetRequiredService<IOptions<EmbeddingOptions>>().Value is { Enabled: true } embeddings
            ? OpenAIEmbeddings.Create(new Uri(embeddings.Endpoint!), embeddings.ApiKey!, embeddings.Model, embeddings.Dimensions)
            : new HashingEmbeddingGenerator());
        services.AddSingleton(sp => new KnowledgeGapFinder(sp.GetRequiredService<ICaseMemory>(), sp.GetRequiredService<IKnowledgeBase>(),
            sp.GetRequiredService<IOptions<LearningOptions>>().Value.SuggestArticleAfterCases));
        services.AddQdrantCaseMemory(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.Memory.Qdrant);
        services.AddSingleton<ICaseMemory>(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return storage.Memory.Kind switch
            {
                CaseMemoryKind.Qdrant => sp.GetRequiredService<QdrantCaseMemory>(),
                _ => new EmbeddedCaseMemory(ContentPaths.Output(root, storage.MemoryPath), sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>()),
            };
        });
        services.AddSingleton<ICaseLearner, CaseLearner>();
        services.AddHelpdeskWriteBack(builder.Configuration);   // finished cases as private notes in Zendesk and Freshdesk
        // Stopping waits for the worker's grace (cases in progress finish or go back to the queue), with room to spare.
        services.AddOptions<HostOptions>().Configure<IOptions<ProcessingOptions>>((host, processing) =>
            host.ShutdownTimeout = TimeSpan.FromSeconds(processing.Value.ShutdownGraceSeconds + 10));

        // The layers.
        services.AddSingleton(sp => SupportPolicy.Load(ContentPaths.Input(root, sp.GetRequiredService<IOptions<PolicyOptions>>().Value.Path)));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<InvestigationOptions>>().Value.PlaybooksPath is { Length: > 0 } folder
            ? PlaybookCatalog.LoadFolder(ContentPaths.Input(root, folder))
            : PlaybookCatalog.LoadDefault());
        services.AddSingleton(sp => new InvestigationSources(
            sp.GetRequiredService<IAccountSource>(), sp.GetRequiredService<ILogSource>(), sp.GetRequiredService<IIncidentSource>(),
            sp.GetRequiredService<IDeploySource>(), sp.GetRequiredService<IKnowledgeBase>(), sp.GetRequiredService<ICaseMemory>()));
        services.AddSingleton<ITicketIntake>(sp =>
        {
            var builtIn = new RuleBasedIntake(sp.GetRequiredService<IAccountSource>(), sp.GetRequiredService<TimeProvider>());
            var model = sp.GetRequiredService<IOptions<ModelOptions>>().Value;
            if (!model.Enabled)
            {
                return builtIn;
            }

            // The model path for intake: the built-in result is its base and its fallback; the account is never the model's choice.
            var prompt = File.ReadAllText(Path.Combine(ContentPaths.Input(root, model.PromptsPath), "intake.md"));
            return ModelIntake.OverOpenAI(new Uri(model.Endpoint!), model.ApiKey!, model.ChatModel, builtIn, prompt, sp.GetRequiredService<ILogger<ModelIntake>>());
        });
        services.AddSingleton<IInvestigator>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<InvestigationOptions>>().Value;
            var budget = new InvestigationBudget(options.MaxToolCalls, TimeSpan.FromSeconds(options.MaxWallTimeSeconds));
            var builtIn = new PlaybookInvestigator(sp.GetRequiredService<InvestigationSources>(), sp.GetRequiredService<PlaybookCatalog>(), sp.GetRequiredService<TimeProvider>(), budget);
            var model = sp.GetRequiredService<IOptions<ModelOptions>>().Value;
            if (!model.Enabled)
            {
                return builtIn;
            }

            // The model engine: SK automatic function calling through the OpenAI connector; the built-in engine is its fallback.
            var prompt = File.ReadAllText(Path.Combine(ContentPaths.Input(root, model.PromptsPath), "investigation.md"));
            return ModelInvestigator.OverOpenAI(new Uri(model.Endpoint!), model.ApiKey!, model.ChatModel, sp.GetRequiredService<InvestigationSources>(),
                sp.GetRequiredService<PlaybookCatalog>(), prompt, sp.GetRequiredService<TimeProvider>(), builtIn, budget, model.MaxSteps);
        });
        services.AddSingleton<PolicyDecider>();
        services.AddSingleton<ICaseDecider>(sp =>
        {
            var builtIn = sp.GetRequiredService<PolicyDecider>();
            var model = sp.GetRequiredService<IOptions<ModelOptions>>().Value;
            if (!model.Enabled)
            {
                return builtIn;
            }

            // The model proposes disposition and type; the policy checks the proposal and decides the rest.
            var prompt = File.ReadAllText(Path.Combine(ContentPaths.Input(root, model.PromptsPath), "decision.md"));
            return ModelDecider.OverOpenAI(new Uri(model.Endpoint!), model.ApiKey!, model.ChatModel, builtIn, prompt, sp.GetRequiredService<ILogger<ModelDecider>>());
        });
        services.AddSingleton<IReplyDrafter>(sp =>
        {
            var builtIn = new TemplateDrafter(sp.GetRequiredService<PlaybookCatalog>());
            var model = sp.GetRequiredService<IOptions<ModelOptions>>().Value;
            if (!model.Enabled)
            {
                return builtIn;
            }

            // The model writes the reply from the evidence, the facts and the decision; the checks judge it, the template is its fallback.
            var prompt = File.ReadAllText(Path.Combine(ContentPaths.Input(root, model.PromptsPath), "draft.md"));
            return ModelDrafter.OverOpenAI(new Uri(model.Endpoint!), model.ApiKey!, model.ChatModel, builtIn, prompt, sp.GetRequiredService<ILogger<ModelDrafter>>());
        });
        services.AddSingleton<CasePipeline>();

        // Cases: stored before they are worked, worked by a background queue.
        services.AddSingleton<Caseworker>();
        services.AddSingleton<CaseReview>();     // a lead's approvals, edits, overrides and requests for a new investigation
        services.AddSingleton<CaseInsights>();   // the insights report, over the store and the case memory's embeddings
        services.AddSingleton<CaseBacklog>();
        services.AddHostedService<CaseMemorySeeder>();
        services.AddHostedService<BacklogWorker>();

        // SLA: a periodic check of open cases records breaches and time escalations on their timelines.
        services.AddSingleton<SlaWatch>();
        services.AddHostedService<SlaMonitor>();
        return builder;
    }

    /// <summary>
    /// Loads everything that can be wrong in configuration (policy, playbooks, world, a case memory built
    /// with another embedding generator) before the
    /// service takes traffic, so a bad file stops it with a message that names the file and line.
    /// Returns false (after printing each problem) when the service must not start.
    /// </summary>
    public static bool VerifyConfiguration(this WebApplication app)
    {
        try
        {
            Describe(app);
            return true;
        }
        catch (Exception ex) when (ex is InvalidDataException or EmbeddingMismatchException)
        {
            app.Logger.LogCritical("The service cannot start: {Problems}", ex.Message);
            Console.Error.WriteLine($"The service cannot start:{Environment.NewLine}{ex.Message}");
            return false;
        }
    }

    private static void Describe(WebApplication app)
    {
        _ = app.Services.GetRequiredService<SupportPolicy>();
        _ = app.Services.GetRequiredService<PlaybookCatalog>();
        var world = app.Services.GetRequiredService<LocalWorld>();
        _ = app.Services.GetRequiredService<IKnowledgeBase>();
        _ = app.Services.GetRequiredService<ICaseMemory>();
        _ = app.Services.GetRequiredService<IInvestigator>();
        app.Logger.LogInformation("World {World}: {Accounts} accounts, {Lines} log lines, {Incidents} incidents",
            world.Root, world.Accounts.Count, world.LogLineCount, world.Incidents.Count);
        var logs = app.Services.GetRequiredService<IOptions<LogSourceOptions>>().Value;
        var incidents = app.Services.GetRequiredService<IOptions<IncidentSourceOptions>>().Value;
        var accounts = app.Services.GetRequiredService<IOptions<AccountSourceOptions>>().Value;
        app.Logger.LogInformation("Sources: logs {Logs}, incidents {Incidents}, accounts and deploys {Accounts}",
            logs.Kind switch { LogSourceKind.Loki => $"Loki at {logs.Loki.BaseUrl}", LogSourceKind.Elasticsearch => $"Elasticsearch at {logs.Elasticsearch.BaseUrl}", _ => "local" },
            incidents.Kind == IncidentSourceKind.Statuspage ? $"Statuspage at {incidents.Statuspage.BaseUrl}" : "local",
            accounts.Kind == AccountSourceKind.AdminApi ? $"admin API at {accounts.AdminApi.BaseUrl}" : "local");
        var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        app.Logger.LogInformation("Case memory: {Memory}", storage.Memory.Kind == CaseMemoryKind.Qdrant
            ? $"Qdrant collection {storage.Memory.Qdrant.Collection} at {storage.Memory.Qdrant.Url}"
            : $"embedded at {storage.MemoryPath}");
    }
}

/// <summary>
/// Loads the demo world's resolved cases into an empty case memory at start. A case memory that cannot be reached
/// (Qdrant down) does not stop the service: investigations go on without similar cases, and their traces say why.
/// </summary>
internal sealed class CaseMemorySeeder(ICaseMemory memory, IOptions<StorageOptions> options, IHostEnvironment environment, ILogger<CaseMemorySeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SeedAsync(cancellationToken);
        }
        catch (QdrantException ex)
        {
            logger.LogError(ex, "Case memory is unreachable at start ({Reason}); the service runs without similar cases until it is back, and the seed is loaded at the next start", ex.Message);
        }
    }

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        var seed = options.Value.MemorySeedPath;
        if (string.IsNullOrWhiteSpace(seed) || await memory.CountAsync(cancellationToken) > 0)
        {
            return;
        }

        var path = ContentPaths.Input(environment.ContentRootPath, seed);
        if (!File.Exists(path))
        {
            logger.LogWarning("Case memory seed {Path} not found; memory starts empty", path);
            return;
        }

        var cases = ResolvedCaseFile.Read(path);
        foreach (var resolved in cases)
        {
            await memory.UpsertAsync(resolved, cancellationToken);
        }

        logger.LogInformation("Seeded case memory with {Count} resolved cases from {Path}", cases.Count, path);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
