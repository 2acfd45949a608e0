using System.Diagnostics;
using System.Text.RegularExpressions;
using Investigator.Core.Learning;
using Investigator.Core.Sources;
using Investigator.Core.Sources.Local;
using Investigator.Evals.Format;

namespace Investigator.Evals.RealData;

/// <summary>A drafted answer: its text (without citation markers) and the sections it cites ("article#Section").</summary>
public sealed record DraftedAnswer(string Text, IReadOnlyList<string> Citations)
{
    public string Rendered => Citations.Count == 0 ? Text : $"{Text}\n\nSources: {string.Join("; ", Citations)}";
}

/// <summary>
/// The "wsl-faq" suite: answer each WSL FAQ question from the WSL documentation only (Microsoft Learn –
/// Windows Subsystem for Linux documentation, (c) Microsoft, CC BY 4.0 / MIT, see wsl-docs-kb/ATTRIBUTION.md;
/// the FAQ answers are never shown to the engine), citing the doc sections used, and score the answer by
/// key-fact recall against the official FAQ answer (<see cref="KeyFacts"/>).
/// <para>
/// Engine: the built-in knowledge base (<see cref="MarkdownKnowledgeBase"/>, BM25 over "##" sections)
/// finds the top 3 sections for the question; the answer is extracted from them: each line (a code block is
/// one unit) is split into sentences, sentences are scored by the IDF weight of the question terms they
/// contain (damped by length, weighted 1, 0.8, 0.6 by the section's rank), and the best are kept, in
/// document order, up to <see cref="MaxAnswerWords"/> words. Every kept sentence's section is cited.
/// Baselines: best_section_verbatim (the KB's top-ranked section as indexed, verbatim: a long section is
/// searched in parts of at most <see cref="KnowledgeSections.DefaultMaxWords"/> words); majority (the one section whose text best
/// matches the train reference answers on average, by key-fact F1, returned for every question); lexical
/// (the TF-IDF nearest train question's best-matching section, by key-fact F1, returned verbatim).
/// </para>
/// </summary>
public sealed partial class WslFaqSuite : IEvalSuite
{
    public const int TopSections = 3;
    public const int MaxAnswerWords = 120;
    public const int MaxSentences = 6;

    public string Name => "wsl-faq";

    public async Task<SuiteResult> RunAsync(EvalContext context, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(context.DataPath, WslDocs.Folder);
        var docs = Path.Combine(folder, WslDocs.DocsFolder);
        var faqFile = Path.Combine(folder, WslDocs.FaqFile);
        if (!Directory.Exists(docs) || !File.Exists(faqFile))
        {
            var missing = !Directory.Exists(folder) ? folder : !Directory.Exists(docs) ? docs : faqFile;
            return SuiteResult.Skip(Name, $"WSL docs knowledge base not found: {missing} is missing (data path: {context.DataPath}).");
        }

        List<WslFaqPair> faq;
        using (var reader = new StreamReader(faqFile))
        {
            faq = WslDocs.ParseFaq(reader);
        }

        var articles = WslDocs.LoadArticles(docs);
        var sections = articles.SelectMany(WslDocs.Sections).ToList();
        var sectionText = sections.GroupBy(s => s.Citation, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join("\n\n", g.Select(s => s.Text)), StringComparer.Ordinal);
        var (train, test) = DataSplit.Of(faq, p => p.Id);
        if (train.Count == 0 || test.Count == 0 || sections.Count == 0)
        {
            return SuiteResult.Skip(Name, $"{folder} has too few FAQ pairs or doc sections ({faq.Count} pairs, {sections.Count} sections).");
        }

        var knowledgeBase = new MarkdownKnowledgeBase(articles);
        var drafter = new ExtractiveDrafter(sectionText);

        // Baselines learn which section answers a question from the train pairs' reference answers.
        var trainFacts = train.Select(p => KeyFacts.Of(p.ReferenceAnswer)).ToList();
        var constant = sections
            .Select(s => (s.Citation, Score: trainFacts.Average(f => KeyFacts.F1(f, s.Text))))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Citation, StringComparer.Ordinal).First().Citation;
        var bestSectionOfTrain = trainFacts
            .Select(f => sections.Select(s => (s.Citation, Score: KeyFacts.F1(f, s.Text))).OrderByDescending(x => x.Score).ThenBy(x => x.Citation, StringComparer.Ordinal).First().Citation)
            .ToList();
        var questionIndex = new TfIdfIndex(train.Select(p => p.Question));

        var predictors = new[] { "engine", "majority", "lexical", "best_section_verbatim" };
        var recall = predictors.ToDictionary(p => p, _ => new List<double>(), StringComparer.Ordinal);
        var valid = predictors.ToDictionary(p => p, _ => new List<bool>(), StringComparer.Ordinal);
        var words = predictors.ToDictionary(p => p, _ => new List<int>(), StringComparer.Ordinal);
        var cases = new List<CaseResult>();
        var clock = Stopwatch.StartNew();
        foreach (var pair in test)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var facts = KeyFacts.Of(pair.ReferenceAnswer);
            var started = Stopwatch.GetTimestamp();
            var hits = await knowledgeBase.SearchAsync(pair.Question, TopSections, cancellationToken);
            var answer = drafter.Draft(pair.Question, hits);
            var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

            var top = hits.Count > 0 ? $"{hits[0].Article.Id}#{hits[0].Section}" : null;
            var topPart = knowledgeBase.Rank(pair.Question).Select(x => x.Section).FirstOrDefault();
            var nearest = bestSectionOfTrain[questionIndex.Nearest(pair.Question)];
            var answers = new Dictionary<string, DraftedAnswer>(StringComparer.Ordinal)
            {
                ["engine"] = answer,
                ["majority"] = Verbatim(constant),
                ["lexical"] = Verbatim(nearest),
                // The section as the knowledge base indexes it: a long "##" section is searched in parts of at
                // most KnowledgeSections.DefaultMaxWords words, and the part that matched is what is returned.
                ["best_section_verbatim"] = top is null ? new DraftedAnswer("", []) : new DraftedAnswer(topPart!.Text, [top]),
            };
            foreach (var (predictor, drafted) in answers)
            {
                recall[predictor].Add(KeyFacts.Recall(facts, drafted.Text));
                valid[predictor].Add(CitationsValid(drafted, sectionText));
                words[predictor].Add(WordCount(drafted.Text));
            }

            if (cases.Count < RealDataScoring.MaxCaseResults)
            {
                var caseRecall = recall["engine"][^1];
                var caseValid = valid["engine"][^1];
                var failures = new List<string>();
                if (caseRecall < PassRecall) failures.Add($"key_fact_recall {RealDataScoring.F(caseRecall)} < {PassRecall}; missing: {string.Join(", ", facts.Where(f => !KeyFacts.Terms(WslDocs.PlainText(answer.Text)).Contains(f)).Take(15))}");
                if (!caseValid) failures.Add($"citations not valid: [{string.Join("; ", answer.Citations)}]");
                cases.Add(new CaseResult(
                    pair.Id,
                    failures.Count == 0,
                    new Dictionary<string, string> { ["question"] = pair.Question, ["reference_answer"] = Short(pair.ReferenceAnswer, 400), ["key_facts"] = string.Join(", ", facts) },
                    new Dictionary<string, string> { ["answer"] = Short(answer.Text, 600), ["citations"] = string.Join("; ", answer.Citations), ["key_fact_recall"] = RealDataScoring.F(caseRecall) },
                    failures,
                    Math.Round(latency, 3),
                    Trace: $"KB hits: {string.Join("; ", hits.Select(h => $"{h.Article.Id}#{h.Section} ({h.Score})"))}"));
            }
        }

        // The engine and the best-section baseline learn nothing from train, so every pair can score them:
        // six test questions alone move a mean by up to 0.17.
        var allPairs = new List<(double Engine, double Section)>();
        foreach (var pair in faq)
        {
            var facts = KeyFacts.Of(pair.ReferenceAnswer);
            var hits = await knowledgeBase.SearchAsync(pair.Question, TopSections, cancellationToken);
            var topPart = knowledgeBase.Rank(pair.Question).Select(x => x.Section).FirstOrDefault();
            allPairs.Add((KeyFacts.Recall(facts, drafter.Draft(pair.Question, hits).Text), topPart is null ? 0 : KeyFacts.Recall(facts, topPart.Text)));
        }

        Dictionary<string, double> Metrics(string predictor) => new()
        {
            ["drafting.key_fact_recall"] = recall[predictor].Average(),
            ["drafting.citation_validity"] = valid[predictor].Average(v => v ? 1.0 : 0.0),
        };

        var notes = RealDataScoring.Sentences(
            RealDataScoring.EngineNote(context),
            DataSplit.Describe(train.Count, test.Count),
            $"Knowledge base: {articles.Count} articles under docs/ ({sections.Count} '##' sections); faq.yml is not among them, so the FAQ answers are never retrievable.",
            $"Engine: MarkdownKnowledgeBase (BM25) top {TopSections} sections for the question, then extractive drafting: sentences scored by the IDF of the question terms they contain, kept in document order up to {MaxAnswerWords} words / {MaxSentences} sentences, each section used cited as article#Section.",
            "Key facts: the reference answer as plain text (images dropped, links to their text, URLs removed), TextTokens.Words (lower-cased, lightly stemmed, stop words removed, terms of 2+ characters incl. numbers and codes) minus general function words; distinct terms. key_fact_recall = mean share of those terms present in the answer. citation_validity = share of answers with at least one citation, every one naming an existing article#Section. A case passes with recall >= 0.5 and valid citations.",
            $"Baselines: majority = the one section with the best mean key-fact F1 over the train answers ({constant}), for every question; lexical = the section that best matches (key-fact F1) the reference answer of the TF-IDF-nearest train question, verbatim; best_section_verbatim = the KB's top-ranked section as indexed (a '##' section, or the part of at most {KnowledgeSections.DefaultMaxWords} words of a longer one that matched), verbatim.",
            $"Mean answer length in words (recall grows with length): {string.Join(", ", predictors.Select(p => $"{p} {words[p].Average():0}"))}.",
            $"Only {test.Count} test questions: one question can move a mean by up to {1.0 / test.Count:0.00}. Over all {faq.Count} pairs (neither learns from train): key_fact_recall engine {RealDataScoring.F(allPairs.Average(p => p.Engine))}, best_section_verbatim {RealDataScoring.F(allPairs.Average(p => p.Section))}.",
            $"Engine run: {clock.ElapsedMilliseconds} ms.",
            Attributions.WslDocs);

        return new SuiteResult(
            Name,
            test.Count,
            Metrics("engine"),
            predictors.Skip(1).ToDictionary(p => p, p => (IReadOnlyDictionary<string, double>)Metrics(p), StringComparer.Ordinal),
            cases,
            [],
            Notes: notes);

        DraftedAnswer Verbatim(string citation) => new(sectionText[citation], [citation]);
    }

    public const double PassRecall = 0.5;

    /// <summary>Valid when the answer cites at least one section and every citation names an existing article#Section.</summary>
    public static bool CitationsValid(DraftedAnswer answer, IReadOnlyDictionary<string, string> sections) =>
        answer.Citations.Count > 0 && answer.Citations.All(sections.ContainsKey);

    private static int WordCount(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    private static string Short(string text, int max) => text.Length <= max ? text : text[..(max - 3)] + "...";

    /// <summary>
    /// Builds an answer from knowledge-base hits by extracting the sentences that best match the question;
    /// it never writes a word that is not in a cited section.
    /// </summary>
    public sealed partial class ExtractiveDrafter
    {
        private readonly IReadOnlyDictionary<string, string> _sections;
        private readonly Dictionary<string, double> _idf = new(StringComparer.Ordinal);

        public ExtractiveDrafter(IReadOnlyDictionary<string, string> sections)
        {
            _sections = sections;
            var units = sections.Values.SelectMany(Units).ToList();
            var df = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var unit in units)
            {
                foreach (var term in TextTokens.Words(unit).Distinct(StringComparer.Ordinal))
                {
                    df[term] = df.GetValueOrDefault(term) + 1;
                }
            }

            foreach (var (term, count) in df)
            {
                _idf[term] = Math.Log(1 + (units.Count / (double)count));
            }
        }

        public DraftedAnswer Draft(string question, IReadOnlyList<KnowledgeHit> hits)
        {
            var questionTerms = TextTokens.Words(question).ToHashSet(StringComparer.Ordinal);
            var candidates = new List<(int Rank, int Position, string Citation, string Text, double Score)>();
            for (var rank = 0; rank < hits.Count; rank++)
            {
                var citation = $"{hits[rank].Article.Id}#{hits[rank].Section}";
                if (!_sections.TryGetValue(citation, out var text))
                {
                    continue;
                }

                var position = 0;
                foreach (var unit in Units(text))
                {
                    var terms = TextTokens.Words(unit);
                    var matched = terms.Where(questionTerms.Contains).Distinct(StringComparer.Ordinal).Sum(t => _idf.GetValueOrDefault(t, 1));
                    var score = matched / (1 + Math.Log(1 + terms.Count)) * (1 - (0.2 * rank));
                    candidates.Add((rank, position++, citation, unit, score));
                }
            }

            var chosen = new List<(int Rank, int Position, string Citation, string Text, double Score)>();
            var words = 0;
            foreach (var candidate in candidates.Where(c => c.Score > 0).OrderByDescending(c => c.Score).ThenBy(c => c.Rank).ThenBy(c => c.Position))
            {
                var length = candidate.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
                if (chosen.Count >= MaxSentences || (chosen.Count > 0 && words + length > MaxAnswerWords))
                {
                    continue;
                }

                chosen.Add(candidate);
                words += length;
            }

            if (chosen.Count == 0 && candidates.Count > 0)
            {
                chosen.Add(candidates[0]);
            }

            chosen = chosen.OrderBy(c => c.Rank).ThenBy(c => c.Position).ToList();
            return new DraftedAnswer(
                string.Join(' ', chosen.Select(c => c.Text)),
                chosen.Select(c => c.Citation).Distinct(StringComparer.Ordinal).ToList());
        }

        /// <summary>A section's answer units: each fenced code block whole, every other line split into sentences, as plain text.</summary>
        public static IEnumerable<string> Units(string markdown)
        {
            var inCode = false;
            var code = new List<string>();
            foreach (var raw in markdown.Split('\n'))
            {
                var line = raw.TrimEnd();
                if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
                {
                    if (inCode && code.Count > 0)
                    {
                        yield return string.Join(' ', code);
                    }

                    inCode = !inCode;
                    code.Clear();
                    continue;
                }

                if (inCode)
                {
                    if (line.Trim().Length > 0) code.Add(line.Trim());
                    continue;
                }

                var text = WslDocs.PlainText(line).Trim().TrimStart('-', '*', '>', ' ', '#');
                if (line.TrimStart().StartsWith('#') || text.Length == 0)
                {
                    continue;
                }

                foreach (var sentence in SentenceBreak().Split(text))
                {
                    if (sentence.Trim().Length > 2)
                    {
                        yield return sentence.Trim();
                    }
                }
            }
        }

        [GeneratedRegex(@"(?<=[.!?])\s+(?=[A-Z`\[(])")]
        private static partial Regex SentenceBreak();
    }

    /// <summary>TF-IDF cosine over <see cref="TextTokens.Words"/>, for the lexical baseline's nearest train question.</summary>
    public sealed class TfIdfIndex
    {
        private readonly List<Dictionary<string, double>> _vectors;
        private readonly Dictionary<string, double> _idf = new(StringComparer.Ordinal);

        public TfIdfIndex(IEnumerable<string> documents)
        {
            var tokens = documents.Select(TextTokens.Words).ToList();
            foreach (var term in tokens.SelectMany(t => t.Distinct(StringComparer.Ordinal)))
            {
                _idf[term] = _idf.GetValueOrDefault(term) + 1;
            }

            foreach (var term in _idf.Keys.ToList())
            {
                _idf[term] = Math.Log((1 + tokens.Count) / (1 + _idf[term])) + 1;
            }

            _vectors = tokens.Select(Vector).ToList();
        }

        /// <summary>The index of the most similar document (the first on ties).</summary>
        public int Nearest(string query)
        {
            var q = Vector(TextTokens.Words(query));
            var best = 0;
            var bestScore = double.NegativeInfinity;
            for (var i = 0; i < _vectors.Count; i++)
            {
                var score = q.Sum(t => t.Value * _vectors[i].GetValueOrDefault(t.Key));
                if (score > bestScore + 1e-12)
                {
                    (best, bestScore) = (i, score);
                }
            }

            return best;
        }

        private Dictionary<string, double> Vector(List<string> words)
        {
            var vector = words.GroupBy(w => w, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count() * _idf.GetValueOrDefault(g.Key, 0), StringComparer.Ordinal);
            var norm = Math.Sqrt(vector.Values.Sum(v => v * v));
            return norm == 0 ? vector : vector.ToDictionary(v => v.Key, v => v.Value / norm, StringComparer.Ordinal);
        }
    }
}
