using Investigator.Core.Cases;
using Investigator.Core.Intake;
using Investigator.Evals.Format;
using Investigator.Evals.Runner;

namespace Investigator.Evals.Model;

/// <summary>
/// <c>--record</c>: runs every case of a recorded suite through the model engine against a live
/// OpenAI-compatible endpoint, and writes what it answered as <c>transcripts/&lt;case id&gt;.json</c>.
/// The endpoint comes from INVESTIGATOR_MODEL_ENDPOINT (ending in /v1), INVESTIGATOR_MODEL_API_KEY and
/// INVESTIGATOR_MODEL.
/// </summary>
public static class TranscriptRecorder
{
    public static async Task<int> RecordAsync(string root, string suite, TextWriter output, CancellationToken cancellationToken)
    {
        var endpoint = Environment.GetEnvironmentVariable("INVESTIGATOR_MODEL_ENDPOINT");
        var key = Environment.GetEnvironmentVariable("INVESTIGATOR_MODEL_API_KEY");
        var model = Environment.GetEnvironmentVariable("INVESTIGATOR_MODEL");
        if (string.IsNullOrWhiteSpace(endpoint) || string.IsNullOrWhiteSpace(key) || string.IsNullOrWhiteSpace(model))
        {
            throw new NotSupportedException("--record needs a live endpoint: set INVESTIGATOR_MODEL_ENDPOINT (ending in /v1), INVESTIGATOR_MODEL_API_KEY and INVESTIGATOR_MODEL.");
        }

        if (suite == "all")
        {
            throw new ArgumentException("--record takes one recorded suite: --suite NAME");
        }

        var folder = Path.Combine(root, "evals", "suites", suite);
        var manifest = new SuiteManifest { Name = suite };
        var context = new EvalContext(root, root, "model", 1);
        using var runner = (ModelCaseRunner)await BuiltInCaseRunner.CreateAsync(manifest, context, cancellationToken);
        Directory.CreateDirectory(Path.Combine(folder, "transcripts"));
        var live = new Uri(endpoint.TrimEnd('/') + "/");
        foreach (var evalCase in RecordedSuite.LoadCases(folder))
        {
            await using var recorder = await ModelReplayServer.RecordAsync(live, key);
            var investigator = runner.Investigator(recorder.Endpoint, key, model);
            var ticket = RecordedSuite.TicketOf(evalCase, root);
            var pipeline = new CasePipeline(runner.Intake(recorder.Endpoint, key, model), investigator,
                runner.Decider(recorder.Endpoint, key, model), runner.Drafter(recorder.Endpoint, key, model), TimeProvider.System);
            await pipeline.RunAsync(ticket, cancellationToken);
            var path = Path.Combine(folder, "transcripts", evalCase.Id + ".json");
            new ModelTranscript($"RECORDED from {model} at {live.Host} on {DateTimeOffset.UtcNow:yyyy-MM-dd}.", model, recorder.Responses).Write(path);
            await output.WriteLineAsync($"{evalCase.Id}: {recorder.Responses.Count} responses → {path}");
        }

        return 0;
    }
}
