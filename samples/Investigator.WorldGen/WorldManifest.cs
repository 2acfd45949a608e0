namespace Investigator.WorldGen;

/// <summary>The content of world.json: what the world is and how it was made.</summary>
public sealed record WorldManifest(
    string Product,
    int Seed,
    int GeneratorVersion,
    WorldWindow Window,
    IReadOnlyList<string> Services,
    IReadOnlyList<string> Regions);

/// <summary>The time span the logs cover.</summary>
public sealed record WorldWindow(DateTimeOffset From, DateTimeOffset To);
