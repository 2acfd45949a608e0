using System.Reflection;
using System.Text.Json;
using Investigator.Core.Decisioning;
using Investigator.Core.Diagnostics;
using Investigator.Core.Intake;

namespace Investigator.Core.Investigation;

/// <summary>
/// A tool call a hypothesis needs, with arguments that may name facts: {product}, {service}, {errorCode}, {query}.
/// A check with <see cref="WhenProduct"/> runs only for tickets about one of those components.
/// </summary>
public sealed record PlaybookCheck(string Tool, IReadOnlyDictionary<string, string>? Args = null, IReadOnlyList<string>? WhenProduct = null)
{
    public bool AppliesTo(string? product) => WhenProduct is null || (product is not null && WhenProduct.Contains(product, StringComparer.OrdinalIgnoreCase));
}

/// <summary>
/// What a confirmed hypothesis means for the decision. With <see cref="RequiresCompleteFacts"/>, it
/// decides only when intake found nothing required missing: a hypothesis that matches the topic of a
/// ticket cannot stand in for the invoice number or run id the case needs.
/// </summary>
public sealed record PlaybookOutcome(
    Disposition Disposition,
    CaseType Type,
    IReadOnlyDictionary<string, CaseType>? TypeIfSignal = null,
    EscalationTrigger? Trigger = null,
    bool RequiresCompleteFacts = false);

/// <summary>
/// A candidate explanation: the checks that test it, the signal combinations that confirm or refute it
/// ("a+b" means both), what to tell the customer when it is confirmed, the checks that gather the rest of
/// the evidence once it is (<see cref="Corroborate"/>), what to look up in the knowledge base for it, and
/// steps of its own for a product where the general ones are not specific enough (<see cref="ProductSteps"/>).
/// </summary>
public sealed record PlaybookHypothesis(
    string Key,
    string Statement,
    IReadOnlyList<PlaybookCheck> Checks,
    IReadOnlyList<string> ConfirmedBy,
    IReadOnlyList<string> RefutedBy,
    PlaybookOutcome Outcome,
    string Cause,
    IReadOnlyList<string> Steps,
    string? Expect = null,
    bool Workaround = false,
    IReadOnlyList<ProblemCategory>? Categories = null,
    IReadOnlyList<PlaybookCheck>? Corroborate = null,
    string? KnowledgeQuery = null,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? ProductSteps = null)
{
    /// <summary>The steps for the case's product: its own list in <see cref="ProductSteps"/> when there is one, otherwise <see cref="Steps"/>.</summary>
    public IReadOnlyList<string> StepsFor(string? product) =>
        product is not null && ProductSteps?.FirstOrDefault(p => string.Equals(p.Key, product, StringComparison.OrdinalIgnoreCase)).Value is { Count: > 0 } own ? own : Steps;

    /// <summary>Whether this hypothesis is worth testing for a category (all of its playbook's, unless narrowed).</summary>
    public bool AppliesTo(ProblemCategory category) => Categories is null || Categories.Contains(category);
}

/// <summary>A playbook: the hypotheses worth testing for some categories of problem, most likely first.</summary>
public sealed record Playbook(
    string Id,
    IReadOnlyList<ProblemCategory> Categories,
    IReadOnlyList<PlaybookHypothesis> Hypotheses,
    IReadOnlyList<PlaybookCheck>? Finally = null);

/// <summary>The playbooks, loaded from data files (embedded defaults, or a folder that replaces them).</summary>
public sealed class PlaybookCatalog
{
    public PlaybookCatalog(IEnumerable<Playbook> playbooks)
    {
        Playbooks = playbooks.ToList();
        var duplicate = Playbooks.SelectMany(p => p.Hypotheses).GroupBy(h => h.Key).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidDataException($"Hypothesis key '{duplicate.Key}' is defined {duplicate.Count()} times.");
        }
    }

    public IReadOnlyList<Playbook> Playbooks { get; }

    /// <summary>Playbooks that apply to a category, baseline ("*"-like, listed with many categories) first.</summary>
    public IReadOnlyList<Playbook> For(ProblemCategory category) =>
        Playbooks.Where(p => p.Categories.Contains(category)).ToList();

    public static PlaybookCatalog LoadDefault()
    {
        var assembly = typeof(PlaybookCatalog).Assembly;
        var names = assembly.GetManifestResourceNames().Where(n => n.StartsWith("playbooks/", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        return new PlaybookCatalog(names.Select(n => Parse(n, Read(assembly, n))));
    }

    public static PlaybookCatalog LoadFolder(string folder) =>
        new(Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal).Select(f => Parse(f, File.ReadAllText(f))));

    public static Playbook Parse(string name, string json)
    {
        try
        {
            var playbook = JsonSerializer.Deserialize<Playbook>(json, ContractJson.Options) ?? throw new InvalidDataException($"{name}: empty playbook");
            foreach (var h in playbook.Hypotheses)
            {
                if (h.Checks.Count == 0 || h.ConfirmedBy.Count == 0)
                {
                    throw new InvalidDataException($"{name}: hypothesis '{h.Key}' needs checks and confirmedBy.");
                }
            }

            return playbook;
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{name}: line {ex.LineNumber + 1}: {ex.Message}", ex);
        }
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
