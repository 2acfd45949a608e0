using System.ComponentModel.DataAnnotations;

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
public sealed class StorageOptions
{
    public const string Section = "Storage";

    [Required]
    public string CasesPath { get; set; } = "data/cases.db";

    [Required]
    public string MemoryPath { get; set; } = "data/memory.db";

    /// <summary>Resolved cases loaded into an empty memory at start (the demo world's history). Empty for none.</summary>
    public string? MemorySeedPath { get; set; } = "samples/world/resolved-cases.json";
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

/// <summary>How accepted tickets are processed. Section "Processing".</summary>
public sealed class ProcessingOptions
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
}
