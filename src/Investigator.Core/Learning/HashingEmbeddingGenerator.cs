using System.Buffers.Binary;
using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Extensions.AI;

namespace Investigator.Core.Learning;

/// <summary>
/// Embeddings with no model and no network. Word unigrams and the character 3- and 4-grams of each word
/// are hashed into a fixed number of buckets (a sign bit cancels collisions on average), weighted by
/// sub-linear term frequency times inverse document frequency, and L2-normalised, so cosine similarity
/// is a dot product.
/// <para>
/// IDF is learned with <see cref="Fit"/> from a corpus of texts (unsupervised: no labels). An unfitted
/// generator weighs every feature 1, so a store built without a corpus still works. <see cref="Id"/>
/// names the feature scheme, the dimension and a fingerprint of the fitted statistics, so a vector
/// store can refuse vectors from a different generator.
/// </para>
/// <para>
/// Word bigrams are deliberately absent: in 512 buckets every extra feature family adds the same
/// collision noise while matching far less often than single words, and on the GitBugs duplicate pairs
/// they lowered recall@10 (see evals/README.md, "Learning: measured lift").
/// </para>
/// </summary>
public sealed class HashingEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const int DefaultDimensions = 512;

    /// <summary>
    /// The feature scheme; <see cref="Id"/> adds the dimension and the IDF statistics. v3: the tokenizer
    /// maps "-ies" to "-y" (<see cref="TextTokens"/>), so v2 vectors are not comparable.
    /// </summary>
    public const string ModelId = "hashing-v3";

    /// <summary>The weight of a character n-gram relative to a whole word.</summary>
    public const float CharacterGramWeight = 0.25f;

    public const int MinCharacterGram = 3;

    public const int MaxCharacterGram = 4;

    private const char WordKind = 'w';
    private const char GramKind = 'c';

    private readonly DocumentFrequencies? _frequencies;

    /// <summary>An unfitted generator: every feature has IDF 1.</summary>
    public HashingEmbeddingGenerator(int dimensions = DefaultDimensions)
        : this(dimensions, null)
    {
    }

    private HashingEmbeddingGenerator(int dimensions, DocumentFrequencies? frequencies)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 8);
        Dimensions = dimensions;
        _frequencies = frequencies;
        Id = string.Create(CultureInfo.InvariantCulture, $"{ModelId}-d{dimensions}-idf:{frequencies?.Fingerprint ?? "none"}");
    }

    public int Dimensions { get; }

    /// <summary>
    /// Stable across processes and machines: "hashing-v3-d512-idf:none" unfitted, or
    /// "hashing-v3-d512-idf:&lt;12 hex digits of SHA-256 over the document count and every feature's
    /// document frequency&gt;" once fitted. Two generators with the same id embed every text identically.
    /// </summary>
    public string Id { get; }

    /// <summary>How many texts the IDF was fitted on (0 when unfitted).</summary>
    public int FittedDocuments => _frequencies?.Documents ?? 0;

    /// <summary>
    /// A generator whose IDF is learned from <paramref name="corpus"/>: idf = ln((1 + N) / (1 + df)) + 1,
    /// where df counts the texts holding the feature. A feature the corpus never saw gets the highest IDF.
    /// </summary>
    public static HashingEmbeddingGenerator Fit(IEnumerable<string> corpus, int dimensions = DefaultDimensions)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        var counts = new Dictionary<uint, int>();
        var documents = 0;
        foreach (var text in corpus)
        {
            documents++;
            foreach (var feature in Features(text ?? "").Keys)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(counts, feature, out _)++;
            }
        }

        return new HashingEmbeddingGenerator(dimensions, new DocumentFrequencies(documents, counts));
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(Embed(v)) { ModelId = Id }));
        return Task.FromResult(result);
    }

    public float[] Embed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var vector = new float[Dimensions];
        foreach (var (feature, (count, weight)) in Features(text))
        {
            var value = weight * (1 + MathF.Log(count)) * InverseDocumentFrequency(feature);
            var bucket = (int)((feature >> 1) % (uint)Dimensions);
            vector[bucket] += (feature & 1) == 0 ? value : -value;
        }

        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }

        return vector;
    }

    /// <summary>The IDF this generator gives a word (after <see cref="TextTokens.Words"/> normalises it); 0 for a stop word.</summary>
    public float IdfOf(string word)
    {
        var words = TextTokens.Words(word);
        return words.Count == 0 ? 0 : InverseDocumentFrequency(Hash(WordKind, words[0]));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(EmbeddingGeneratorMetadata)
            ? new EmbeddingGeneratorMetadata("builtin", defaultModelId: Id, defaultModelDimensions: Dimensions)
            : serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private float InverseDocumentFrequency(uint feature) =>
        _frequencies is null ? 1f : _frequencies.Idf(feature);

    /// <summary>Every hashed feature of a text with its count and its family's weight.</summary>
    private static Dictionary<uint, (int Count, float Weight)> Features(string text)
    {
        var features = new Dictionary<uint, (int Count, float Weight)>();
        Span<char> padded = stackalloc char[64];
        foreach (var word in TextTokens.Words(text))
        {
            Add(features, Hash(WordKind, word), 1f);

            // Character n-grams of the word padded with spaces match what the light stemmer misses
            // ("signature"/"signing", "NullPointerException"/"NPE stack"), and the padding marks word edges.
            padded[0] = ' ';
            word.AsSpan().CopyTo(padded[1..]);
            padded[word.Length + 1] = ' ';
            var span = padded[..(word.Length + 2)];
            for (var n = MinCharacterGram; n <= MaxCharacterGram; n++)
            {
                for (var start = 0; start + n <= span.Length; start++)
                {
                    Add(features, Hash(GramKind, span.Slice(start, n)), CharacterGramWeight);
                }
            }
        }

        return features;

        static void Add(Dictionary<uint, (int Count, float Weight)> features, uint feature, float weight)
        {
            ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(features, feature, out _);
            entry = (entry.Count + 1, weight);
        }
    }

    /// <summary>FNV-1a over a family marker and the feature's characters: stable on every machine.</summary>
    private static uint Hash(char kind, ReadOnlySpan<char> text)
    {
        var hash = (2166136261u ^ kind) * 16777619u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    /// <summary>Document frequencies per hashed feature, and the fingerprint that names them.</summary>
    private sealed class DocumentFrequencies
    {
        private readonly Dictionary<uint, int> _counts;
        private readonly float _unseen;

        public DocumentFrequencies(int documents, Dictionary<uint, int> counts)
        {
            Documents = documents;
            _counts = counts;
            _unseen = Idf(documents, 0);
            Fingerprint = FingerprintOf(documents, counts);
        }

        public int Documents { get; }

        public string Fingerprint { get; }

        public float Idf(uint feature) => _counts.TryGetValue(feature, out var df) ? Idf(Documents, df) : _unseen;

        private static float Idf(int documents, int df) => (float)(Math.Log((1.0 + documents) / (1.0 + df)) + 1);

        private static string FingerprintOf(int documents, Dictionary<uint, int> counts)
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            Span<byte> buffer = stackalloc byte[8];
            BinaryPrimitives.WriteInt32LittleEndian(buffer, documents);
            sha.AppendData(buffer[..4]);
            foreach (var (feature, df) in counts.OrderBy(c => c.Key))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(buffer, feature);
                BinaryPrimitives.WriteInt32LittleEndian(buffer[4..], df);
                sha.AppendData(buffer);
            }

            return Convert.ToHexStringLower(sha.GetHashAndReset())[..12];
        }
    }
}
