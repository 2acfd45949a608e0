using Investigator.Core.Learning;
using Investigator.Core.Tests.Support;
using Microsoft.Extensions.AI;

namespace Investigator.Core.Tests.Learning;

public sealed class HashingEmbeddingGeneratorTests
{
    /// <summary>Thirty tickets that all mention the server; one of them also mentions kerberos.</summary>
    private static readonly string[] Corpus =
    [
        .. Enumerable.Range(0, 29).Select(i => $"server {Filler[i % Filler.Length]} ticket {i}"),
        "server kerberos ticket rejected",
    ];

    private static string[] Filler => ["printer", "laptop", "monitor", "mailbox", "badge", "licence", "backup", "vpn"];

    [Fact]
    public void Fitted_idf_makes_a_rare_shared_word_count_more_than_a_common_one()
    {
        var fitted = HashingEmbeddingGenerator.Fit(Corpus);
        var query = fitted.Embed("server kerberos");
        var sharesCommon = fitted.Embed("server wallpaper");
        var sharesRare = fitted.Embed("kerberos wallpaper");

        Assert.True(fitted.IdfOf("kerberos") > 2 * fitted.IdfOf("server"), $"idf kerberos {fitted.IdfOf("kerberos"):0.00}, server {fitted.IdfOf("server"):0.00}");
        Assert.True(Dot(query, sharesRare) > Dot(query, sharesCommon) + 0.2, $"rare {Dot(query, sharesRare):0.00} vs common {Dot(query, sharesCommon):0.00}");
    }

    [Fact]
    public void Unfitted_every_word_weighs_the_same()
    {
        var generator = new HashingEmbeddingGenerator();

        Assert.Equal(1f, generator.IdfOf("kerberos"));
        Assert.Equal(1f, generator.IdfOf("server"));
        Assert.Equal(0f, generator.IdfOf("the"));
        Assert.Equal(0, generator.FittedDocuments);
    }

    [Fact]
    public void A_word_the_corpus_never_saw_gets_the_highest_idf()
    {
        var fitted = HashingEmbeddingGenerator.Fit(Corpus);

        Assert.Equal(30, fitted.FittedDocuments);
        Assert.True(fitted.IdfOf("zeppelin") > fitted.IdfOf("kerberos"));
        Assert.Equal(Math.Log(31.0 / 1) + 1, fitted.IdfOf("zeppelin"), 4);
        Assert.Equal(Math.Log(31.0 / 2) + 1, fitted.IdfOf("kerberos"), 4);
        Assert.Equal(Math.Log(31.0 / 31) + 1, fitted.IdfOf("server"), 4);
    }

    [Theory]
    [InlineData("API calls fail with 401 AUTH_KEY_REVOKED after the key was revoked")]
    [InlineData("vpn")]
    [InlineData("server server server server")]
    public void Vectors_are_unit_length_fitted_or_not(string text)
    {
        Assert.Equal(1.0, Norm(new HashingEmbeddingGenerator().Embed(text)), 5);
        Assert.Equal(1.0, Norm(HashingEmbeddingGenerator.Fit(Corpus).Embed(text)), 5);
    }

    [Fact]
    public void Text_without_words_is_the_zero_vector_not_NaN()
    {
        var vector = HashingEmbeddingGenerator.Fit(Corpus).Embed("the a ! ?");

        Assert.All(vector, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void The_id_names_scheme_dimension_and_statistics_and_is_stable()
    {
        var unfitted = new HashingEmbeddingGenerator(256);
        var fitted = HashingEmbeddingGenerator.Fit(Corpus);
        var again = HashingEmbeddingGenerator.Fit(Corpus.Reverse());
        var other = HashingEmbeddingGenerator.Fit(Corpus.Skip(1));

        Assert.Equal("hashing-v3-d256-idf:none", unfitted.Id);
        Assert.Matches("^hashing-v3-d512-idf:[0-9a-f]{12}$", fitted.Id);
        Assert.Equal(fitted.Id, again.Id);
        Assert.NotEqual(fitted.Id, other.Id);
        Assert.Equal(fitted.Embed("kerberos ticket"), again.Embed("kerberos ticket"));
    }

    [Fact]
    public async Task Metadata_and_embeddings_carry_the_id_and_the_dimension()
    {
        IEmbeddingGenerator<string, Embedding<float>> generator = HashingEmbeddingGenerator.Fit(Corpus, 128);

        var embeddings = await generator.GenerateAsync(["server kerberos"]);
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();

        Assert.Equal(128, embeddings[0].Vector.Length);
        Assert.Equal(((HashingEmbeddingGenerator)generator).Id, embeddings[0].ModelId);
        Assert.Equal(((HashingEmbeddingGenerator)generator).Id, metadata?.DefaultModelId);
        Assert.Equal(128, metadata?.DefaultModelDimensions);
        Assert.Throws<ArgumentOutOfRangeException>(() => new HashingEmbeddingGenerator(4));
    }

    [Fact]
    public async Task A_store_built_with_fitted_embeddings_refuses_other_statistics()
    {
        var path = Engine.TempFile("memory.db");
        using (var memory = new EmbeddedCaseMemory(path, HashingEmbeddingGenerator.Fit(Corpus)))
        {
            Assert.Equal(0, await memory.CountAsync(CancellationToken.None));
        }

        using (var reopened = new EmbeddedCaseMemory(path, HashingEmbeddingGenerator.Fit(Corpus)))
        {
            Assert.Equal(0, await reopened.CountAsync(CancellationToken.None));
        }

        var error = Assert.Throws<EmbeddingMismatchException>(() => new EmbeddedCaseMemory(path, new HashingEmbeddingGenerator()));
        Assert.Contains("hashing-v3-d512-idf:none", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_scheme_is_pinned_so_a_silent_change_cannot_reuse_the_id()
    {
        // If this fails, the embedding of a text changed: vectors in existing stores no longer compare with new
        // ones. Bump ModelId (hashing-v3) so stores refuse the mix, then update these figures.
        var vector = new HashingEmbeddingGenerator(64).Embed("webhook timeout");

        var top = vector.Select((v, i) => (Bucket: i, Value: v)).OrderByDescending(b => Math.Abs(b.Value)).ThenBy(b => b.Bucket).Take(3).ToList();
        Assert.True(PinnedBuckets.SequenceEqual(top.Select(b => b.Bucket)), "top buckets now " + string.Join(", ", top.Select(b => $"{b.Bucket}={b.Value:0.0000}")));
        Assert.All(top.Zip(PinnedValues), p => Assert.Equal(p.Second, p.First.Value, 3));
    }

    private static int[] PinnedBuckets => [32, 63, 9];

    private static float[] PinnedValues => [-0.5252f, -0.5252f, -0.2626f];

    private static double Dot(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();

    private static double Norm(float[] v) => Math.Sqrt(v.Sum(x => (double)x * x));
}
