namespace Investigator.Api.Extensions;

/// <summary>
/// Resolves configured relative paths. Inputs (the world, the policy) are looked up from the content
/// root and then its parents, so the service finds the repo's files whether it is started from the
/// repo root, from its project folder, or from a test's output folder. Outputs (databases) stay under
/// the content root.
/// </summary>
public static class ContentPaths
{
    public static string Input(string contentRoot, string path)
    {
        if (Path.IsPathRooted(path))
        {
            return path;
        }

        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, path);
            if (File.Exists(candidate) || Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.Combine(contentRoot, path);
    }

    public static string Output(string contentRoot, string path) => Path.IsPathRooted(path) ? path : Path.Combine(contentRoot, path);
}
