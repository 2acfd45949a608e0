using System.Globalization;

namespace Investigator.Evals.Runner;

/// <summary>The runner's command line, parsed with messages that say what is wrong.</summary>
public sealed record EvalOptions(
    string Suite,
    string Engine,
    int Repeat,
    string Out,
    string? DataPath,
    string? ThresholdsPath,
    bool Record,
    (string Before, string After)? Compare)
{
    public const string Usage = """
        usage: dotnet run --project evals/Investigator.Evals -- [options]
          --suite NAME|all        a suite folder under evals/suites, a public-data suite, or all (default all)
          --engine builtin|model  the engine to evaluate (default builtin)
          --repeat K              runs per case; pass^k counts a case only if all K pass (default 1)
          --out DIR               where report.md, report.json and report.html go (default evals/out)
          --data PATH             the public datasets folder (default ../shared/data)
          --thresholds FILE|none  floors the run must meet, else exit 1 (default evals/thresholds.json)
          --record                record new model transcripts from a live endpoint
          --compare BEFORE AFTER  compare two report.json files instead of running
        """;

    public static EvalOptions Parse(IReadOnlyList<string> args)
    {
        string suite = "all", engine = "builtin", output = "evals/out";
        string? data = null, thresholds = "evals/thresholds.json";
        var repeat = 1;
        var record = false;
        (string, string)? compare = null;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                ? args[++i]
                : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--suite": suite = Value(); break;
                case "--engine":
                    engine = Value();
                    if (engine is not ("builtin" or "model")) throw new ArgumentException($"--engine must be builtin or model, not '{engine}'");
                    break;
                case "--repeat":
                    var k = Value();
                    if (!int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out repeat) || repeat is < 1 or > 100) throw new ArgumentException($"--repeat takes a whole number from 1 to 100, not '{k}'");
                    break;
                case "--out": output = Value(); break;
                case "--data": data = Value(); break;
                case "--thresholds": thresholds = Value() is var t && t == "none" ? null : t; break;
                case "--record": record = true; break;
                case "--compare":
                    var before = Value();
                    compare = (before, Value());
                    break;
                case "--help" or "-h": throw new ArgumentException("help");
                default: throw new ArgumentException($"unknown option '{args[i]}'");
            }
        }

        return new EvalOptions(suite, engine, repeat, output, data, thresholds, record, compare);
    }
}
