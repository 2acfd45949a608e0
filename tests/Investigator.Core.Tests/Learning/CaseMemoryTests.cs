using Investigator.Core.Decisioning;
using Investigator.Core.Intake;
using Investigator.Core.Learning;
using Investigator.Core.Tests.Support;
using Microsoft.Extensions.AI;

namespace Investigator.Core.Tests.Learning;

public sealed class CaseMemoryTests
{
    private static ResolvedCase Case(string key, string summary, DateTimeOffset resolvedAt, Disposition disposition = Disposition.UserOrConfigurationMistake, string? account = "acc_2001") =>
        new(key, account, "API", ProblemCategory.Authentication, disposition, CaseType.Configuration, summary, "The key was revoked by an admin.",
            "Created a new key.", [], ["api-key"], resolvedAt, "lead@support.example");

    [Fact]
    public void Built_in_embeddings_are_normalized_and_put_similar_texts_closer()
    {
        var generator = new HashingEmbeddingGenerator();
        var a = generator.Embed("API calls fail with 401 AUTH_KEY_REVOKED after the key was revoked");
        var b = generator.Embed("401 unauthorized: our api key has been revoked, calls failing");
        var c = generator.Embed("Invoice shows a proration charge after the plan upgrade");

        Assert.Equal(1.0, Math.Sqrt(a.Sum(x => x * x)), 3);
        Assert.True(Dot(a, b) > Dot(a, c) + 0.1, $"similar {Dot(a, b):0.00} vs unrelated {Dot(a, c):0.00}");
    }

    [Fact]
    public async Task Cases_survive_a_restart_and_filters_apply()
    {
        var path = Engine.TempFile("memory.db");
        var t0 = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
        using (var memory = new EmbeddedCaseMemory(path, new HashingEmbeddingGenerator()))
        {
            await memory.UpsertAsync(Case("a", "401 revoked API key in CI", t0), CancellationToken.None);
            await memory.UpsertAsync(Case("b", "Webhook endpoint returns 404 after URL change", t0.AddDays(10), account: "acc_2002"), CancellationToken.None);
        }

        using var reopened = new EmbeddedCaseMemory(path, new HashingEmbeddingGenerator());
        var all = await reopened.SearchAsync("API key revoked 401", 5, new CaseMemoryFilter(), CancellationToken.None);
        var beforeB = await reopened.SearchAsync("webhook 404", 5, new CaseMemoryFilter(ResolvedBefore: t0.AddDays(5)), CancellationToken.None);
        var ofAccount = await reopened.SearchAsync("webhook 404", 5, new CaseMemoryFilter(AccountId: "acc_2002"), CancellationToken.None);

        Assert.Equal(2, await reopened.CountAsync(CancellationToken.None));
        Assert.Equal("a", all[0].Case.CaseKey);
        Assert.Equal(["a"], beforeB.Select(s => s.Case.CaseKey));
        Assert.Equal(["b"], ofAccount.Select(s => s.Case.CaseKey));
    }

    [Fact]
    public async Task After_a_delete_the_moved_case_keeps_its_filters_and_the_deleted_one_is_gone()
    {
        using var memory = new EmbeddedCaseMemory(Engine.TempFile("memory.db"), new HashingEmbeddingGenerator());
        var t0 = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        string[] texts = ["401 revoked API key in CI", "Webhook endpoint returns 404", "SSO certificate rotated, SAML error", "CSV export fails with 500", "Invoice proration charge"];
        for (var i = 0; i < texts.Length; i++)
        {
            await memory.UpsertAsync(Case($"k{i}", texts[i], t0.AddDays(i), account: $"acc_{3000 + i}"), CancellationToken.None);
        }

        // The last case moves into the deleted one's place: its account, product and date must move with it.
        Assert.True(await memory.DeleteAsync("k1", CancellationToken.None));

        var ofLast = await memory.SearchAsync("anything", 5, new CaseMemoryFilter(AccountId: "ACC_3004"), CancellationToken.None);
        var ofDeleted = await memory.SearchAsync("webhook 404", 5, new CaseMemoryFilter(AccountId: "acc_3001"), CancellationToken.None);
        var late = await memory.SearchAsync("anything", 5, new CaseMemoryFilter(ResolvedAfter: t0.AddDays(3)), CancellationToken.None);
        var unknownProduct = await memory.SearchAsync("anything", 5, new CaseMemoryFilter(Product: "Nope"), CancellationToken.None);

        Assert.Equal(["k4"], ofLast.Select(s => s.Case.CaseKey));
        Assert.Empty(ofDeleted);
        Assert.Equal(["k3", "k4"], late.Select(s => s.Case.CaseKey).Order());
        Assert.Empty(unknownProduct);
        Assert.Equal(4, await memory.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_near_duplicate_is_merged_and_counted()
    {
        using var memory = new EmbeddedCaseMemory(Engine.TempFile("memory.db"), new HashingEmbeddingGenerator());
        var t0 = DateTimeOffset.UnixEpoch;

        var first = await memory.UpsertAsync(Case("a", "API calls fail with 401 because the key was revoked", t0), CancellationToken.None);
        var second = await memory.UpsertAsync(Case("b", "API calls fail with 401 because the key was revoked", t0.AddDays(1)), CancellationToken.None);

        Assert.Equal(LearningOutcome.Stored, first);
        Assert.Equal(LearningOutcome.MergedWithExisting, second);
        var only = Assert.Single(await memory.SearchAsync("401 revoked", 5, new CaseMemoryFilter(), CancellationToken.None));
        Assert.Equal(2, only.Case.Occurrences);
    }

    [Fact]
    public async Task A_store_built_with_another_generator_is_refused()
    {
        var path = Engine.TempFile("memory.db");
        using (var memory = new EmbeddedCaseMemory(path, new HashingEmbeddingGenerator(512)))
        {
            await memory.UpsertAsync(Case("a", "x", DateTimeOffset.UnixEpoch), CancellationToken.None);
        }

        var error = Assert.Throws<EmbeddingMismatchException>(() => new EmbeddedCaseMemory(path, new HashingEmbeddingGenerator(256)));

        Assert.Contains("Mixing generators", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_learner_removes_personal_data_and_learns_only_confirmed_cases()
    {
        using var memory = new EmbeddedCaseMemory(Engine.TempFile("memory.db"), new HashingEmbeddingGenerator());
        var learner = new CaseLearner(memory);
        var resolved = Case("a", "priya@harbor.example pasted fp_live_Rk8dQw81nB2mX5zT9cV3 from 203.0.113.9, call +44 20 7946 0958", DateTimeOffset.UnixEpoch);

        await learner.LearnAsync(resolved, CancellationToken.None);
        await Assert.ThrowsAsync<ArgumentException>(() => learner.LearnAsync(resolved with { CaseKey = "b", ConfirmedBy = " " }, CancellationToken.None));

        var stored = Assert.Single(await memory.SearchAsync("key", 5, new CaseMemoryFilter(), CancellationToken.None)).Case;
        Assert.DoesNotContain("priya@", stored.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("Rk8d", stored.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("203.0.113.9", stored.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("7946", stored.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_generator_speaks_the_MEAI_contract()
    {
        IEmbeddingGenerator<string, Embedding<float>> generator = new HashingEmbeddingGenerator(64);

        var result = await generator.GenerateAsync(["a b c", "d e f"]);

        Assert.Equal(2, result.Count);
        Assert.All(result, e => Assert.Equal(64, e.Vector.Length));
        Assert.Equal(64, generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions);
    }

    private static double Dot(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();
}
