using Investigator.Core.Sources;
using Investigator.WorldGen.Accounts;
using Investigator.WorldGen.Deploys;
using Investigator.WorldGen.Logs;
using Investigator.WorldGen.Status;

namespace Investigator.WorldGen;

/// <summary>What one generation wrote, for the console summary.</summary>
public sealed record WorldSummary(
    IReadOnlyList<Account> Accounts,
    IReadOnlyDictionary<string, int> LogLinesPerService,
    int Incidents,
    int Deploys);

/// <summary>
/// Generates the Flowpoint demo world (samples/README.md) deterministically: the same code always writes
/// the same bytes. It writes only its own files and leaves kb/ and resolved-cases.json alone.
/// </summary>
public sealed class WorldGenerator
{
    /// <summary>The files the generator owns, relative to the output directory.</summary>
    public static IReadOnlyList<string> GeneratedFiles { get; } =
    [
        "world.json",
        "accounts.json",
        "deploys.json",
        "status/components.json",
        "status/incidents.json",
        .. WorldFacts.Services.Select(s => $"logs/{s}.jsonl"),
    ];

    public static void Generate(string outputDirectory) => GenerateWithSummary(outputDirectory);

    public static WorldSummary GenerateWithSummary(string outputDirectory)
    {
        var plans = new AccountGenerator(WorldFacts.SeedFor("accounts")).Generate();
        var book = new LogGenerator(plans).Generate();
        var lastLogins = LoginIndex.Build(book);
        var accounts = plans.Select(p => p.ToAccount(ConfigHistory.Derive(p), lastLogins)).ToList();
        var deploys = new DeployGenerator(WorldFacts.SeedFor("deploys")).Generate();
        var (components, incidents) = new StatusPageGenerator(WorldFacts.SeedFor("status")).Generate();
        var manifest = new WorldManifest(
            WorldFacts.Product,
            WorldFacts.Seed,
            WorldFacts.GeneratorVersion,
            new WorldWindow(WorldFacts.WindowFrom, WorldFacts.WindowTo),
            WorldFacts.Services,
            WorldFacts.Regions);

        string PathOf(string relative) => Path.Combine(outputDirectory, relative.Replace('/', Path.DirectorySeparatorChar));
        WorldFiles.WriteJson(PathOf("world.json"), manifest);
        WorldFiles.WriteJson(PathOf("accounts.json"), accounts);
        WorldFiles.WriteJson(PathOf("deploys.json"), deploys);
        WorldFiles.WriteJson(PathOf("status/components.json"), components);
        WorldFiles.WriteJson(PathOf("status/incidents.json"), incidents);
        var perService = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var service in WorldFacts.Services)
        {
            WorldFiles.WriteJsonLines(PathOf($"logs/{service}.jsonl"), book.Ordered(service));
            perService[service] = book.Count(service);
        }

        return new WorldSummary(accounts, perService, incidents.Incidents.Count, deploys.Count);
    }
}
