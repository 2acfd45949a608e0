using System.Diagnostics;
using System.Text.RegularExpressions;
using Investigator.Core.Learning;
using Investigator.Evals.Format;
using Investigator.Evals.Scoring;

namespace Investigator.Evals.RealData;

/// <summary>
/// The "github-status" suite: real githubstatus.com incidents (reconstructed from the public Atom feed by
/// https://github.com/mrshu/github-statuses, MIT, (c) 2022 Marek Šuppa; the messages are GitHub's public
/// posts; see github-status-incidents/ATTRIBUTION.md). Given only the first customer-visible update of an
/// incident (its status word and message), name the incident's impact and its components.
/// <para>
/// Engine: <see cref="StatusWording"/> reads the update the way the Statuspage conventions write it
/// (scheduled/maintenance → maintenance; major outage → critical; partial outage, degraded availability
/// or unavailable → major; degraded or impacted performance, delays → minor); these rules are written for
/// this suite, not Core code. When no wording rule fires, the learning layer's case memory decides: a
/// similarity-weighted k=10 nearest-neighbour vote over <see cref="HashingEmbeddingGenerator"/> embeddings
/// of the train incidents' first updates. Components: the component catalogue is the set of component
/// names in the train labels; a component is predicted when the update names it (case-sensitive, whole
/// words, longest name first), and none is guessed when the update names none.
/// </para>
/// </summary>
public sealed partial class GitHubStatusSuite : IEvalSuite
{
    public const int K = 10;

    public static readonly IReadOnlyList<string> ImpactOrder = ["none", "minor", "major", "critical", "maintenance"];

    public string Name => "github-status";

    public Task<SuiteResult> RunAsync(EvalContext context, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(context.DataPath, GitHubStatusIncidents.Folder);
        var file = Path.Combine(folder, GitHubStatusIncidents.FileName);
        if (!File.Exists(file))
        {
            return Task.FromResult(SuiteResult.Skip(Name, $"GitHub status data not found: {(Directory.Exists(folder) ? file : folder)} is missing (data path: {context.DataPath})."));
        }

        var incidents = GitHubStatusIncidents.Load(file).Where(i => i.FirstUpdate is not null && i.Impact.Length > 0).ToList();
        var (train, test) = DataSplit.Of(incidents, i => i.Id);
        var componentTrain = train.Where(i => i.HasGoldComponents).ToList();
        if (train.Count == 0 || test.Count == 0 || componentTrain.Count == 0)
        {
            return Task.FromResult(SuiteResult.Skip(Name, $"{file} has too few incidents to split ({incidents.Count})."));
        }

        var embedder = new HashingEmbeddingGenerator();
        var impactMemory = new EmbeddingKnn<string>(train.Select(i => (i.FirstUpdateText, i.Impact)), embedder);
        var catalogue = new ComponentCatalogue(componentTrain.SelectMany(i => i.Components!));
        var majorityImpact = Classification.Majority(train.Select(i => i.Impact));
        var majorityComponents = Classification.Majority(componentTrain.Select(i => RealDataScoring.Join(i.Components!)));
        var lexicalImpact = new LexicalClassifier(train.Select(i => (i.FirstUpdateText, i.Impact)));
        var lexicalComponents = catalogue.Names
            .Select(name => (Name: name, Classifier: new LexicalClassifier(componentTrain.Select(i => (i.FirstUpdateText, i.Components!.Contains(name) ? "yes" : "no")))))
            .ToList();

        var engine = new TaskPairs();
        var majority = new TaskPairs();
        var lexical = new TaskPairs();
        var engineSets = new List<(IReadOnlyCollection<string>, IReadOnlyCollection<string>)>();
        var majoritySets = new List<(IReadOnlyCollection<string>, IReadOnlyCollection<string>)>();
        var lexicalSets = new List<(IReadOnlyCollection<string>, IReadOnlyCollection<string>)>();
        var majoritySet = majorityComponents.Split('|', StringSplitOptions.RemoveEmptyEntries);
        var cases = new List<CaseResult>();
        var wordingDecided = 0;
        var clock = Stopwatch.StartNew();
        foreach (var incident in test)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            var update = incident.FirstUpdate!;
            var byWording = StatusWording.Impact(update.Status, update.Message);
            wordingDecided += byWording is null ? 0 : 1;
            var impact = byWording ?? KnnVote.Winner(impactMemory.Neighbours(embedder.Embed(incident.FirstUpdateText), K));
            var components = catalogue.Named(update.Message);
            var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

            engine.Add("impact", incident.Impact, impact);
            majority.Add("impact", incident.Impact, majorityImpact);
            lexical.Add("impact", incident.Impact, lexicalImpact.Predict(incident.FirstUpdateText));

            var expected = new Dictionary<string, string> { ["impact"] = incident.Impact };
            var actual = new Dictionary<string, string> { ["impact"] = impact, ["components"] = RealDataScoring.Join(components) };
            if (incident.HasGoldComponents)
            {
                expected["components"] = RealDataScoring.Join(incident.Components!);
                engineSets.Add((incident.Components!, components));
                majoritySets.Add((incident.Components!, majoritySet));
                lexicalSets.Add((incident.Components!, lexicalComponents.Where(c => c.Classifier.Predict(incident.FirstUpdateText) == "yes").Select(c => c.Name).ToList()));
            }

            if (cases.Count < RealDataScoring.MaxCaseResults)
            {
                var trace = $"first update ({update.Status}): {Short(update.Message)}; impact by {(byWording is null ? "case memory" : "wording")}";
                cases.Add(RealDataScoring.Case(incident.Id, expected, actual, latency, trace));
            }
        }

        var notes = RealDataScoring.Sentences(
            RealDataScoring.EngineNote(context),
            DataSplit.Describe(train.Count, test.Count),
            $"Input: only the first update (status word + message). Components are scored on incidents whose components came from the feed: {componentTrain.Count} train / {engineSets.Count} test (incidents without components, or with components filled in by the curator's model 'gliner2', are not scored for components; 'Visit www' is dropped as a feed-parsing artefact).",
            $"Engine: Statuspage wording rules written for this suite decided the impact of {wordingDecided} of {test.Count} test incidents; the rest by case memory (similarity-weighted k={K} nearest neighbours over HashingEmbeddingGenerator embeddings of the train first updates). Components: names from the train labels' catalogue ({catalogue.Names.Count}) that the update names, case-sensitive, longest first; nothing guessed when none is named.",
            $"Baselines: majority = most frequent train impact and most frequent train component set ({majorityComponents}); lexical = multinomial naive Bayes over TextTokens.Words for impact, one yes/no naive Bayes per catalogue component for components. component_f1 is micro-F1 over (incident, component) pairs.",
            $"Engine run: {clock.ElapsedMilliseconds} ms.",
            Attributions.GitHubStatus);

        var result = new SuiteResult(
            Name,
            test.Count,
            Metrics(engine, engineSets),
            new Dictionary<string, IReadOnlyDictionary<string, double>>
            {
                ["majority"] = Metrics(majority, majoritySets),
                ["lexical"] = Metrics(lexical, lexicalSets),
            },
            cases,
            [Classification.Confusion("impact", engine["impact"], ImpactOrder)],
            Notes: notes);
        return Task.FromResult(result);
    }

    private static Dictionary<string, double> Metrics(TaskPairs pairs, List<(IReadOnlyCollection<string>, IReadOnlyCollection<string>)> sets) => new()
    {
        ["incidents.impact_accuracy"] = pairs.Accuracy("impact"),
        ["incidents.impact_macro_f1"] = pairs.MacroF1("impact"),
        ["incidents.component_f1"] = RealDataScoring.SetMicroF1(sets),
    };

    private static string Short(string text) => text.Length <= 160 ? text : text[..157] + "...";

    /// <summary>
    /// Statuspage's standard wording, read as an impact: the component states "degraded performance",
    /// "partial outage" and "major outage" map to the incident impacts minor, major and critical, and a
    /// scheduled update is maintenance. Null when the update uses none of these words.
    /// </summary>
    public static partial class StatusWording
    {
        public static string? Impact(string status, string message)
        {
            if (status.Equals("Scheduled", StringComparison.OrdinalIgnoreCase) || Maintenance().IsMatch(message))
            {
                return "maintenance";
            }

            if (MajorOutage().IsMatch(message))
            {
                return "critical";
            }

            if (PartialOutage().IsMatch(message))
            {
                return "major";
            }

            return Degraded().IsMatch(message) ? "minor" : null;
        }

        [GeneratedRegex(@"\bmaintenance\b", RegexOptions.IgnoreCase)]
        private static partial Regex Maintenance();

        [GeneratedRegex(@"\bmajor outage\b|\bexperiencing an outage\b|\boutage of\b|\bis down\b", RegexOptions.IgnoreCase)]
        private static partial Regex MajorOutage();

        [GeneratedRegex(@"\bpartial outage\b|\bdegraded availability\b|\bunavailable\b|\boutage\b", RegexOptions.IgnoreCase)]
        private static partial Regex PartialOutage();

        [GeneratedRegex(@"\bdegraded performance\b|\bimpacted performance\b|\bdelay(?:s|ed)?\b|\bslow(?:ness|er)?\b", RegexOptions.IgnoreCase)]
        private static partial Regex Degraded();
    }

    /// <summary>Component names learned from train labels, found in text by whole-word, case-sensitive match, longest first.</summary>
    public sealed class ComponentCatalogue
    {
        private readonly List<(string Name, Regex Pattern)> _patterns;

        public ComponentCatalogue(IEnumerable<string> names)
        {
            Names = names.Distinct(StringComparer.Ordinal).OrderByDescending(n => n.Length).ThenBy(n => n, StringComparer.Ordinal).ToList();
            _patterns = Names.Select(n => (n, new Regex($@"(?<![\w-]){Regex.Escape(n)}(?![\w-])", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))).ToList();
        }

        public IReadOnlyList<string> Names { get; }

        /// <summary>The components the text names; a longer name's span is not matched again by a shorter one ("Copilot AI Model Providers" is not also "Copilot").</summary>
        public List<string> Named(string text)
        {
            var found = new List<string>();
            var rest = text;
            foreach (var (name, pattern) in _patterns)
            {
                if (pattern.IsMatch(rest))
                {
                    found.Add(name);
                    rest = pattern.Replace(rest, " ");
                }
            }

            return found;
        }
    }
}
