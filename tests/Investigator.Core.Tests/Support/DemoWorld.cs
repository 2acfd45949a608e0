using System.Text.Json;
using Investigator.Core.Cases;
using Investigator.Core.Diagnostics;
using Investigator.Core.Intake;

namespace Investigator.Core.Tests.Support;

/// <summary>The built-in engine over the checked-in demo world, loaded once for all scenario tests.</summary>
public sealed class DemoWorld : IDisposable
{
    private readonly BuiltInEngine _engine;

    public DemoWorld()
    {
        var world = Path.Combine(Engine.RepoRoot, "samples", "world");
        _engine = BuiltInEngine.OpenAsync(
            new BuiltInEngineSettings(world, Path.Combine(Engine.RepoRoot, "policy", "support-policy.json"), Engine.TempFile("memory.db"), Path.Combine(world, "resolved-cases.json")),
            TimeProvider.System, CancellationToken.None).GetAwaiter().GetResult();
    }

    public CasePipeline Pipeline => _engine.Pipeline;

    public static Ticket Ticket(string file) =>
        JsonSerializer.Deserialize<Ticket>(File.ReadAllText(Path.Combine(Engine.RepoRoot, "samples", "tickets", file)), ContractJson.Options)!;

    /// <summary>The ticket of a recorded case of the demo evaluation suite (evals/suites/demo/cases), by its number.</summary>
    public static Ticket RecordedTicket(string number)
    {
        var file = Directory.EnumerateFiles(Path.Combine(Engine.RepoRoot, "evals", "suites", "demo", "cases"), $"{number}-*.json").Single();
        using var document = JsonDocument.Parse(File.ReadAllText(file));
        // Early cases point at a sample ticket file; later ones carry the ticket inline.
        return document.RootElement.TryGetProperty("ticketFile", out var path)
            ? JsonSerializer.Deserialize<Ticket>(File.ReadAllText(Path.Combine(Engine.RepoRoot, path.GetString()!)), ContractJson.Options)!
            : document.RootElement.GetProperty("ticket").Deserialize<Ticket>(ContractJson.Options)!;
    }

    public void Dispose() => _engine.Dispose();
}
