using Investigator.Core.Learning;

namespace Investigator.Evals.RealData;

/// <summary>
/// The lexical baseline of the retrieval suites: Okapi BM25 (k1 = 1.2, b = 0.75) over
/// <see cref="TextTokens.Words"/>, each distinct query term counted once. Document frequencies come from a
/// separate statistics corpus (the train split's texts), so the IDF is fitted exactly where the embeddings'
/// is; document lengths are the indexed documents' own.
/// </summary>
public sealed class Bm25Ranking
{
    public const double K1 = 1.2;
    public const double B = 0.75;

    private readonly Dictionary<string, double> _idf = new(StringComparer.Ordinal);
    private readonly double _unseenIdf;
    private readonly List<(string Id, Dictionary<string, int> Terms, int Length)> _documents = [];
    private readonly double _averageLength;

    public Bm25Ranking(IEnumerable<(string Id, string Text)> documents, IEnumerable<string> statisticsCorpus)
    {
        var frequencies = new Dictionary<string, int>(StringComparer.Ordinal);
        var corpusSize = 0;
        foreach (var text in statisticsCorpus)
        {
            corpusSize++;
            foreach (var term in TextTokens.Words(text).Distinct(StringComparer.Ordinal))
            {
                frequencies[term] = frequencies.GetValueOrDefault(term) + 1;
            }
        }

        foreach (var (term, df) in frequencies)
        {
            _idf[term] = Idf(corpusSize, df);
        }

        _unseenIdf = Idf(corpusSize, 0);
        foreach (var (id, text) in documents)
        {
            var words = TextTokens.Words(text);
            _documents.Add((id, words.GroupBy(w => w, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal), words.Count));
        }

        _averageLength = _documents.Count == 0 ? 1 : Math.Max(1, _documents.Average(d => d.Length));
    }

    /// <summary>Every indexed document but <paramref name="excludeId"/>, best first (ties by index order), with its score.</summary>
    public List<(string Id, double Score)> Rank(string query, string? excludeId = null)
    {
        var terms = TextTokens.Words(query).Distinct(StringComparer.Ordinal).Select(t => (Term: t, Idf: _idf.GetValueOrDefault(t, _unseenIdf))).ToList();
        var scored = new List<(int Index, double Score)>(_documents.Count);
        for (var i = 0; i < _documents.Count; i++)
        {
            var (id, counts, length) = _documents[i];
            if (id == excludeId)
            {
                continue;
            }

            var norm = K1 * (1 - B + (B * length / _averageLength));
            var score = 0.0;
            foreach (var (term, idf) in terms)
            {
                if (counts.TryGetValue(term, out var tf))
                {
                    score += idf * tf * (K1 + 1) / (tf + norm);
                }
            }

            scored.Add((i, score));
        }

        scored.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Index.CompareTo(b.Index));
        return scored.Select(s => (_documents[s.Index].Id, s.Score)).ToList();
    }

    /// <summary>The non-negative BM25 IDF: ln(1 + (N − df + 0.5) / (df + 0.5)).</summary>
    private static double Idf(int corpusSize, int df) => Math.Log(1 + ((corpusSize - df + 0.5) / (df + 0.5)));
}
