using System.Runtime.CompilerServices;

namespace Investigator.Api.Tests.Sources;

/// <summary>
/// The repository's files for these tests, found from the test binaries or, when they are built outside
/// the repository (dotnet test --artifacts-path /tmp/…), from where this source file was compiled.
/// </summary>
public static class RepoFiles
{
    public static string Root { get; } = Find(AppContext.BaseDirectory) ?? Find(CompiledAt()) ?? throw new InvalidOperationException("Investigator.sln not found.");

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static string Read(params string[] parts) => File.ReadAllText(Path(parts));

    private static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Investigator.sln"))) return dir.FullName;
        }

        return null;
    }

    private static string CompiledAt([CallerFilePath] string file = "") => System.IO.Path.GetDirectoryName(file) ?? "";
}
