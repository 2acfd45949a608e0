using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace Investigator.Api.Review;

/// <summary>
/// The review page's files (HTML, ES modules, CSS from <c>Review/Assets</c>), compiled into the assembly so the page
/// is served the same from <c>dotnet run</c>, a published folder or a test, with no build step and no content root to find.
/// </summary>
internal sealed class ReviewAssets
{
    private const string Prefix = "review/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private readonly FrozenDictionary<string, Asset> _files;

    private ReviewAssets(FrozenDictionary<string, Asset> files) => _files = files;

    /// <summary>One file: its bytes, its content type and an entity tag of its bytes (so a browser revalidates cheaply).</summary>
    internal sealed record Asset(string Name, byte[] Content, string ContentType, EntityTagHeaderValue ETag)
    {
        public string Text => System.Text.Encoding.UTF8.GetString(Content);
    }

    public static ReviewAssets Load()
    {
        var assembly = typeof(ReviewAssets).Assembly;
        var files = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            var name = resource[Prefix.Length..];
            if (!ContentTypes.ContainsKey(Path.GetExtension(name)))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            files[name] = Of(name, buffer.ToArray());
        }

        return new ReviewAssets(files.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>The file, or null.</summary>
    public Asset? Find(string name) => _files.GetValueOrDefault(name);

    /// <summary>A file that must be there (a page's HTML): missing means the build left it out.</summary>
    public Asset Page(string name) =>
        Find(name) ?? throw new InvalidOperationException($"The review page file '{name}' is not embedded in {Assembly.GetExecutingAssembly().GetName().Name}.");

    /// <summary>
    /// A signed-in page: <c>layout.html</c> (head, header with the navigation and sign-out) around the page's own
    /// <c>&lt;main&gt;</c> content from <paramref name="name"/>, with its title, its script, and the navigation entry
    /// <paramref name="current"/> (<c>cases</c> or <c>insights</c>) marked as the current page.
    /// </summary>
    public Asset Page(string name, string title, string script, string? current)
    {
        var html = Page("layout.html").Text
            .Replace("{{title}}", title, StringComparison.Ordinal)
            .Replace("{{script}}", script, StringComparison.Ordinal)
            .Replace("{{cases-current}}", current == "cases" ? " aria-current=\"page\"" : "", StringComparison.Ordinal)
            .Replace("{{insights-current}}", current == "insights" ? " aria-current=\"page\"" : "", StringComparison.Ordinal)
            .Replace("{{main}}", Page(name).Text, StringComparison.Ordinal);
        return Of(name, System.Text.Encoding.UTF8.GetBytes(html));
    }

    private static Asset Of(string name, byte[] content)
    {
        var tag = new EntityTagHeaderValue($"\"{Convert.ToHexString(SHA256.HashData(content), 0, 8).ToLowerInvariant()}\"");
        return new Asset(name, content, ContentTypes[Path.GetExtension(name)], tag);
    }
}
