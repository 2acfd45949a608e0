using System.ComponentModel.DataAnnotations;
using Investigator.Core.Cases;
using Investigator.Core.Learning.Qdrant;
using Investigator.Core.Sources.Http.AdminApi;
using Investigator.Core.Sources.Http.Elasticsearch;
using Investigator.Core.Sources.Http.Loki;
using Investigator.Core.Sources.Http.Statuspage;

namespace Investigator.Api.Extensions;

/// <summary>Where the local sources read from: the demo world by default. Section "Sources:World".</summary>
public sealed class WorldOptions
{
    public const string Section = "Sources:World";

    /// <summary>A world folder; relative paths are looked up from the content root and its parents.</summary>
    [Required]
    public string Path { get; set; } = "samples/world";
}

/// <summary>Where cases and case memory are stored. Section "Storage".</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Storage";

    /// <summary>
    /// Where cases, the work queue and webhook deliveries live: the embedded SQLite file at <see cref="CasesPath"/> (one
    /// instance, the default) or PostgreSQL (<see cref="PostgreSql"/>; several instances share it).
    /// </summary>
    public CaseStoreKind Kind { get; set; } = CaseStoreKind.Embedded;

    /// <summary>The embedded case store's SQLite file (used when <see cref="Kind"/> is Embedded).</summary>
    [Required]
    public string CasesPath { get; set; } = "data/cases.db";

    /// <summary>Read only when <see cref="Kind"/> is PostgreSql. Section "Storage:PostgreSql".</summary>
    public PostgreSqlOptions PostgreSql { get; set; } = new();

    /// <summary>The embedded case memory's SQLite file (used when <see cref="CaseMemoryOptions.Kind"/> is Embedded).</summary>
    [Required]
    public string MemoryPath { get; set; } = "data/memory.db";

    /// <summary>Resolved cases loaded into an empty memory at start (the demo world's history). Empty for none.</summary>
    public string? MemorySeedPath { get; set; } = "samples/world/resolved-cases.json";

    /// <summary>Which store holds case memory. Section "Storage:Memory".</summary>
    public CaseMemoryOptions Memory { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Memory.Kind == CaseMemoryKind.Qdrant)
        {
            foreach (var problem in SourceProblems.Of(Memory.Qdrant.Problems($"{Section}:Memory:Qdrant"), Memory.Kind, nameof(Memory)))
            {
                yield return problem;
            }
        }

        if (Kind == CaseStoreKind.PostgreSql && string.IsNullOrWhiteSpace(PostgreSql.ConnectionString))
        {
            yield return new ValidationResult(
                $"{Section}:Kind is PostgreSql, so {Section}:PostgreSql:ConnectionString must be set (for example Host=db;Database=investigator;Username=investigator;Password=…).",
                [nameof(PostgreSql)]);
        }
    }
}

/// <summary>Where cases are stored: the embedded SQLite file (default) or PostgreSQL.</summary>
public enum CaseStoreKind { Embedded, PostgreSql }

/// <summary>The shared PostgreSQL case store. Section "Storage:PostgreSql".</summary>
public sealed class PostgreSqlOptions
{
    /// <summary>An Npgsql connection string. The schema is created and migrated at start-up (under a lock, so instances may start together).</summary>
    public string? ConnectionString { get; set; }
}

/// <summary>Where case memory lives: the embedded SQLite store (default) or a Qdrant collection.</summary>
public enum CaseMemoryKind { Embedded, Qdrant }

/// <summary>The case memory store. Section "Storage:Memory".</summary>
public sealed class CaseMemoryOptions
{
    public CaseMemoryKind Kind { get; set; } = CaseMemoryKind.Embedded;

    /// <summary>Read only when <see cref="Kind"/> is Qdrant.</summary>
    public QdrantOptions Qdrant { get; set; } = new();
}

/// <summary>The support policy file. Section "Policy".</summary>
public sealed class PolicyOptions
{
    public const string Section = "Policy";

    [Required]
    public string Path { get; set; } = "policy/support-policy.json";
}

/// <summary>Investigation budgets and playbooks. Section "Investigation".</summary>
public sealed class InvestigationOptions
{
    public const string Section = "Investigation";

    [Range(1, 50)]
    public int MaxToolCalls { get; set; } = 10;

    [Range(1, 600)]
    public int MaxWallTimeSeconds { get; set; } = 30;

    /// <summary>A folder of playbook JSON files that replaces the built-in ones. Empty for the built-in set.</summary>
    public string? PlaybooksPath { get; set; }
}

/// <summary>How accepted tickets are processed, retried when they fail, and drained at shutdown. Section "Processing".</summary>
public sealed class ProcessingOptions : IValidatableObject
{
    public const string Section = "Processing";

    [Range(1, 64)]
    public int Concurrency { get; set; } = 2;

    /// <summary>How long <c>?wait=true</c> waits for a case before answering 202.</summary>
    [Range(1, 300)]
    public int WaitSeconds { get; set; } = 30;

    /// <summary>Largest accepted request body, in bytes.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Attempts a case gets before it is parked for a person to retry (1: never retried automatically).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait after a case's first failed attempt; it doubles after each further one, plus up to 20% jitter.</summary>
    [Range(1, 3600)]
    public int RetryBaseSeconds { get; set; } = 5;

    /// <summary>The longest wait between two attempts, whatever the doubling reaches.</summary>
    [Range(1, 86_400)]
    public int RetryMaxDelaySeconds { get; set; } = 600;

    /// <summary>How often the worker looks in the store for failed cases whose retry is due.</summary>
    [Range(1, 300)]
    public int RetryCheckSeconds { get; set; } = 1;

    /// <summary>
    /// At shutdown, how long cases being worked may take to finish before they are interrupted and returned to
    /// the queue (their attempt not counted). Kept within the host's shutdown timeout (30 s unless set), with
    /// a few seconds to spare for returning them.
    /// </summary>
    [Range(0, 3600)]
    public int ShutdownGraceSeconds { get; set; } = 20;

    /// <summary>
    /// This instance's name on the cases it holds. Empty: "embedded" with the embedded store (one instance, which takes
    /// its own work back at once after a restart), and host name, process id and a random suffix with PostgreSQL (each
    /// instance its own; a crashed instance's cases are taken over once their leases run out).
    /// </summary>
    [MaxLength(200)]
    public string? InstanceId { get; set; }

    /// <summary>How long an instance holds a case it accepted or works without renewing the hold: how long the work of a crashed instance waits.</summary>
    [Range(2, 3600)]
    public int LeaseSeconds { get; set; } = 30;

    /// <summary>How often an instance renews the holds on its cases; well under <see cref="LeaseSeconds"/>.</summary>
    [Range(1, 1200)]
    public int HeartbeatSeconds { get; set; } = 10;

    /// <summary>How often an instance with free workers looks for unfinished cases that no live instance holds.</summary>
    [Range(1, 300)]
    public int ClaimCheckSeconds { get; set; } = 5;

    /// <summary>The retry settings as the caseworker applies them.</summary>
    public CaseRetryPolicy ToRetryPolicy() =>
        new(MaxAttempts, TimeSpan.FromSeconds(RetryBaseSeconds), TimeSpan.FromSeconds(Math.Max(RetryMaxDelaySeconds, RetryBaseSeconds)));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RetryMaxDelaySeconds < RetryBaseSeconds)
        {
            yield return new ValidationResult(
                $"{Section}:RetryMaxDelaySeconds ({RetryMaxDelaySeconds}) cannot be shorter than {Section}:RetryBaseSeconds ({RetryBaseSeconds}).",
                [nameof(RetryMaxDelaySeconds)]);
        }

        if (HeartbeatSeconds * 2 > LeaseSeconds)
        {
            yield return new ValidationResult(
                $"{Section}:HeartbeatSeconds ({HeartbeatSeconds}) must be at most half of {Section}:LeaseSeconds ({LeaseSeconds}), or a live instance's cases would look abandoned.",
                [nameof(HeartbeatSeconds)]);
        }
    }
}

/// <summary>
/// An OpenAI-compatible model endpoint for the model engine (OpenAI, Azure OpenAI's v1 API, Ollama, vLLM,
/// LM Studio). Section "Model". Without an endpoint the built-in engine runs.
/// </summary>
public sealed class ModelOptions : IValidatableObject
{
    public const string Section = "Model";

    /// <summary>The base address, ending in /v1 (for example http://localhost:11434/v1 for Ollama).</summary>
    public string? Endpoint { get; set; }

    public string? ApiKey { get; set; }

    public string ChatModel { get; set; } = "gpt-4o-mini";

    /// <summary>Model round trips per investigation; on the last one the tools are withdrawn.</summary>
    [Range(2, 20)]
    public int MaxSteps { get; set; } = 6;

    public string PromptsPath { get; set; } = "prompts";

    public bool Enabled => !string.IsNullOrWhiteSpace(Endpoint);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !uri.AbsolutePath.TrimEnd('/').EndsWith("/v1", StringComparison.Ordinal))
        {
            yield return new ValidationResult($"Model:Endpoint '{Endpoint}' must be an http(s) address ending in /v1.", [nameof(Endpoint)]);
        }

        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            yield return new ValidationResult("Model:ApiKey is required when Model:Endpoint is set (use any text for a local server that needs none).", [nameof(ApiKey)]);
        }
    }
}

/// <summary>Where logs come from. Section "Sources:Logs".</summary>
public enum LogSourceKind { Local, Loki, Elasticsearch }

/// <summary>Where incidents come from. Section "Sources:Incidents".</summary>
public enum IncidentSourceKind { Local, Statuspage }

/// <summary>Where accounts and deploys come from. Section "Sources:Accounts".</summary>
public enum AccountSourceKind { Local, AdminApi }

/// <summary>The log source: the local world (default), Grafana Loki or Elasticsearch/OpenSearch. Section "Sources:Logs".</summary>
public sealed class LogSourceOptions : IValidatableObject
{
    public const string Section = "Sources:Logs";

    public LogSourceKind Kind { get; set; } = LogSourceKind.Local;

    public LokiOptions Loki { get; set; } = new();

    public ElasticsearchOptions Elasticsearch { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) => Kind switch
    {
        LogSourceKind.Loki => SourceProblems.Of(Loki.Problems($"{Section}:Loki"), Kind, nameof(Loki)),
        LogSourceKind.Elasticsearch => SourceProblems.Of(Elasticsearch.Problems($"{Section}:Elasticsearch"), Kind, nameof(Elasticsearch)),
        _ => [],
    };
}

/// <summary>The incident source: the local world (default) or an Atlassian Statuspage. Section "Sources:Incidents".</summary>
public sealed class IncidentSourceOptions : IValidatableObject
{
    public const string Section = "Sources:Incidents";

    public IncidentSourceKind Kind { get; set; } = IncidentSourceKind.Local;

    public StatuspageOptions Statuspage { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) => Kind switch
    {
        IncidentSourceKind.Statuspage => SourceProblems.Of(Statuspage.Problems($"{Section}:Statuspage"), Kind, nameof(Statuspage)),
        _ => [],
    };
}

/// <summary>
/// The account and deploy source: the local world (default) or the product's admin API implementing
/// the published contract. Section "Sources:Accounts".
/// </summary>
public sealed class AccountSourceOptions : IValidatableObject
{
    public const string Section = "Sources:Accounts";

    public AccountSourceKind Kind { get; set; } = AccountSourceKind.Local;

    public AdminApiOptions AdminApi { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) => Kind switch
    {
        AccountSourceKind.AdminApi => SourceProblems.Of(AdminApi.Problems($"{Section}:AdminApi"), Kind, nameof(AdminApi)),
        _ => [],
    };
}

/// <summary>Turns a source's problems into validation results that say which Kind asked for them.</summary>
internal static class SourceProblems
{
    public static IEnumerable<ValidationResult> Of<TKind>(IEnumerable<string> problems, TKind kind, string member) where TKind : struct, Enum =>
        problems.Select(p => new ValidationResult($"{p} (needed because Kind is {kind})", [member])).ToList();
}

/// <summary>
/// Embeddings for case memory. Section "Embeddings". Without an endpoint the built-in hashing embeddings
/// run; with one, an OpenAI-compatible /v1/embeddings endpoint does. A store built with one generator
/// refuses the other, so changing this needs a new collection (or a new memory file).
/// </summary>
public sealed class EmbeddingOptions : IValidatableObject
{
    public const string Section = "Embeddings";

    public string? Endpoint { get; set; }

    public string? ApiKey { get; set; }

    public string Model { get; set; } = "text-embedding-3-small";

    /// <summary>Vector size to ask for (models that support shortening); null for the model's own.</summary>
    [Range(8, 8192)]
    public int? Dimensions { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Endpoint);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !uri.AbsolutePath.TrimEnd('/').EndsWith("/v1", StringComparison.Ordinal))
        {
            yield return new ValidationResult($"Embeddings:Endpoint '{Endpoint}' must be an http(s) address ending in /v1.", [nameof(Endpoint)]);
        }

        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            yield return new ValidationResult("Embeddings:ApiKey is required when Embeddings:Endpoint is set (use any text for a local server that needs none).", [nameof(ApiKey)]);
        }
    }
}

/// <summary>What learning does with resolved cases. Section "Learning".</summary>
public sealed class LearningOptions
{
    public const string Section = "Learning";

    /// <summary>How many similar resolved cases (merged duplicates counted) with no answering article make a suggested article.</summary>
    [Range(2, 100)]
    public int SuggestArticleAfterCases { get; set; } = 3;
}

/// <summary>The SLA monitor: how often open cases are checked for breaches and time escalations. Section "Sla".</summary>
public sealed class SlaOptions
{
    public const string Section = "Sla";

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CheckEvery { get; set; } = TimeSpan.FromMinutes(1);
}
