using System.Text;
using System.Text.Json;
using Investigator.Api.Extensions;
using Investigator.Core.Cases;
using Investigator.Core.Diagnostics;
using Investigator.Core.Intake;
using Investigator.Core.Learning;

namespace Investigator.Api.Endpoints;

/// <summary>
/// The command line: <c>investigate FILE... [--json]</c> runs the pipeline on ticket files with the
/// service's own configuration and prints the case (a readable summary, or the case JSON).
/// </summary>
internal static class TicketFileCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var json = args.Contains("--json");
        var files = args.Where(a => a != "--json").ToList();
        if (files.Count == 0)
        {
            await Console.Error.WriteLineAsync("usage: Investigator.Api investigate FILE.json [FILE.json ...] [--json]");
            return 2;
        }

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.AddInvestigator();
        using var host = builder.Build();
        CasePipeline pipeline;
        try
        {
            pipeline = host.Services.GetRequiredService<CasePipeline>();
        }
        catch (Exception ex) when (ex is InvalidDataException or EmbeddingMismatchException)
        {
            // The same configuration problems that stop the service stop the command, with the same message.
            await Console.Error.WriteLineAsync($"Cannot investigate:{Environment.NewLine}{ex.Message}");
            return 1;
        }

        var exit = 0;
        foreach (var file in files)
        {
            Ticket? ticket;
            try
            {
                ticket = JsonSerializer.Deserialize<Ticket>(await File.ReadAllTextAsync(file), ContractJson.Options);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
            {
                await Console.Error.WriteLineAsync($"{file}: {(ex is JsonException j ? $"not a ticket (line {j.LineNumber + 1}, {j.Path}): {j.Message}" : ex.Message)}");
                exit = 2;
                continue;
            }

            var problems = ticket is null ? new() { ["$"] = ["empty"] } : TicketBody.Validate(ticket);
            if (problems.Count > 0)
            {
                await Console.Error.WriteLineAsync($"{file}: {string.Join("; ", problems.Select(p => $"{p.Key}: {string.Join(" ", p.Value)}"))}");
                exit = 2;
                continue;
            }

            var outcome = await pipeline.RunAsync(ticket!, CancellationToken.None);
            Console.WriteLine(json ? JsonSerializer.Serialize(outcome, ContractJson.Indented) : Describe(file, outcome));
        }

        return exit;
    }

    private static string Describe(string file, CaseOutcome o)
    {
        var text = new StringBuilder();
        text.AppendLine($"== {file}");
        text.AppendLine($"Problem:   {o.Facts.ProblemStatement.Value}");
        text.AppendLine($"Decision:  {o.Decision.Disposition} / {o.Decision.Type}, {o.Decision.Priority}, {o.Decision.Route.Tier}/{o.Decision.Route.Queue}" +
                        (o.Decision.Escalation is { } e ? $", escalated {e.Trigger}{(e.Immediate ? " (immediate)" : "")}" : ""));
        foreach (var h in o.Investigation.Hypotheses)
        {
            text.AppendLine($"  {h.Id} {h.Status,-9} {h.Key} {string.Join(",", h.EvidenceIds)}");
        }

        foreach (var ev in o.Investigation.Evidence)
        {
            text.AppendLine($"  [{ev.Id}] {ev.Stance,-8} {ev.Finding}");
        }

        text.AppendLine($"Draft ({o.Draft.Kind}, check {(o.Draft.Check.Passed ? "passed" : "FAILED")}): {o.Draft.Subject}");
        text.AppendLine(o.Draft.Body);
        foreach (var issue in o.Draft.Check.Issues)
        {
            text.AppendLine($"  ! {issue.Kind}: {issue.Problem}: {issue.Sentence}");
        }

        return text.ToString();
    }
}
