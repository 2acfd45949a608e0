using System.Text.Json;

namespace Investigator.Evals.RealData;

/// <summary>One update of a status-page incident, as posted.</summary>
public sealed record StatusUpdate(string At, string Status, string Message);

/// <summary>
/// One githubstatus.com incident. <see cref="Components"/> is null when the feed named none;
/// <see cref="ComponentsSource"/> is set when the dataset's author filled the components in with a
/// model (gliner2) rather than reading them from the feed.
/// </summary>
public sealed record GitHubStatusIncident(
    string Id,
    string Title,
    string Impact,
    IReadOnlyList<string>? Components,
    string? ComponentsSource,
    IReadOnlyList<StatusUpdate> Updates)
{
    /// <summary>The first customer-visible update: the only input the predictors see.</summary>
    public StatusUpdate? FirstUpdate => Updates.Count > 0 ? Updates[0] : null;

    /// <summary>The first update as text: its status word and its message.</summary>
    public string FirstUpdateText => FirstUpdate is { } u ? $"{u.Status}: {u.Message}" : "";

    /// <summary>True when the components are the feed's own (not absent, not model-extracted).</summary>
    public bool HasGoldComponents => Components is not null && ComponentsSource is null;
}

/// <summary>
/// Reads githubstatus.com incidents reconstructed from the public Atom feed by
/// https://github.com/mrshu/github-statuses (MIT, Copyright (c) 2022 Marek Šuppa), parsed/incidents.jsonl;
/// the status messages are GitHub's public posts. See the folder's ATTRIBUTION.md.
/// </summary>
public static class GitHubStatusIncidents
{
    public const string Folder = "github-status-incidents";
    public const string FileName = "incidents.jsonl";

    /// <summary>Feed-parsing artefacts that are not components ("Visit www" from "Visit www.githubstatus.com").</summary>
    public static readonly IReadOnlySet<string> NotComponents = new HashSet<string>(StringComparer.Ordinal) { "Visit www" };

    public static List<GitHubStatusIncident> Parse(TextReader reader) => JsonLines.Read(reader, root =>
    {
        var components = root.TryGetProperty("components", out var c) && c.ValueKind == JsonValueKind.Array
            ? c.EnumerateArray().Select(x => x.GetString() ?? "").Where(x => x.Length > 0 && !NotComponents.Contains(x)).Distinct(StringComparer.Ordinal).ToList()
            : null;
        var updates = root.TryGetProperty("updates", out var u) && u.ValueKind == JsonValueKind.Array
            ? u.EnumerateArray().Select(x => new StatusUpdate(Str(x, "at"), Str(x, "status"), Str(x, "message"))).ToList()
            : [];
        return new GitHubStatusIncident(
            Str(root, "id"),
            Str(root, "title"),
            Str(root, "impact"),
            components,
            root.TryGetProperty("components_source", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null,
            updates);
    });

    public static List<GitHubStatusIncident> Load(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader);
    }

    private static string Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() ?? "",
            JsonValueKind.Number => value.GetRawText(),
            _ => "",
        } : "";
}
