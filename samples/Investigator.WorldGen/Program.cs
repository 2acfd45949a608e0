using System.Globalization;
using Investigator.Core.Sources;
using Investigator.WorldGen;

// Usage: Investigator.WorldGen [output-directory]   (default: samples/world)
if (args.Length > 1 || (args.Length == 1 && (string.IsNullOrWhiteSpace(args[0]) || (args[0].StartsWith('-') && args[0] is not ("-h" or "--help")))))
{
    await Console.Error.WriteLineAsync($"error: unexpected arguments: {string.Join(' ', args)}");
    await Console.Error.WriteLineAsync("usage: Investigator.WorldGen [output-directory]   (default: samples/world)");
    return 2;
}

if (args.Length == 1 && args[0] is "-h" or "--help")
{
    Console.WriteLine("usage: Investigator.WorldGen [output-directory]   (default: samples/world)");
    Console.WriteLine("Regenerates the Flowpoint demo world; kb/ and resolved-cases.json are left alone.");
    return 0;
}

var output = Path.GetFullPath(args.Length == 1 ? args[0] : Path.Combine("samples", "world"));
if (File.Exists(output))
{
    await Console.Error.WriteLineAsync($"error: {output} is a file, not a directory");
    return 2;
}

var summary = WorldGenerator.GenerateWithSummary(output);
var inv = CultureInfo.InvariantCulture;
Console.WriteLine($"Flowpoint world written to {output}");
Console.WriteLine(string.Create(inv, $"accounts: {summary.Accounts.Count}"));
foreach (var plan in Enum.GetValues<PlanTier>())
{
    Console.WriteLine(string.Create(inv, $"  {plan}: {summary.Accounts.Count(a => a.Plan == plan)}"));
}

foreach (var region in summary.Accounts.Select(a => a.Region).Distinct())
{
    Console.WriteLine(string.Create(inv, $"  {region}: {summary.Accounts.Count(a => a.Region == region)}"));
}

Console.WriteLine(string.Create(inv, $"log lines: {summary.LogLinesPerService.Values.Sum()}"));
foreach (var (service, count) in summary.LogLinesPerService)
{
    Console.WriteLine(string.Create(inv, $"  {service}: {count}"));
}

Console.WriteLine(string.Create(inv, $"incidents: {summary.Incidents}"));
Console.WriteLine(string.Create(inv, $"deploys: {summary.Deploys}"));
return 0;
