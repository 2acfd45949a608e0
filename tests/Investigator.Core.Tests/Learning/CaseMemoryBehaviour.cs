using System.Text.Json;
using Investigator.Core.Decisioning;
using Investigator.Core.Diagnostics;
using Investigator.Core.Intake;
using Investigator.Core.Learning;
using Microsoft.Extensions.AI;

namespace Investigator.Core.Tests.Learning;

/// <summary>
/// What every <see cref="ICaseMemory"/> does, whatever stores it: each store's test class opens its own
/// store at one fresh location per test, and every case here must pass against it.
/// </summary>
public abstract class CaseMemoryBehaviour : IAsyncLifetime
{
    private static readonly DateTimeOffset March = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly List<ICaseMemory> _open = [];

    /// <summary>Five unlike cases over two months, three products, four accounts and four dispositions.</summary>
    protected static IReadOnlyList<ResolvedCase> History { get; } =
    [
        Case("revoked-key", "acc_2001", "API", ProblemCategory.Authentication, Disposition.UserOrConfigurationMistake, March,
            "API calls fail with 401 AUTH_KEY_REVOKED because an admin revoked the API key", "An account admin revoked the key used by the CI pipeline."),
        Case("webhook-404", "acc_2002", "Webhooks", ProblemCategory.Webhooks, Disposition.UserOrConfigurationMistake, March.AddDays(9),
            "Webhook deliveries fail with 404 after the endpoint URL was changed", "The customer moved their receiver and did not update the endpoint URL."),
        Case("eu-outage", "acc_2003", "API", ProblemCategory.Outage, Disposition.Incident, March.AddDays(19),
            "API requests time out in eu-west during a regional outage", "A load balancer failure in eu-west caused timeouts for every account in the region."),
        Case("export-bug", "acc_2001", "Exports", ProblemCategory.Exports, Disposition.ProductDefect, March.AddDays(32),
            "CSV exports are missing rows when the report spans a daylight saving change", "The export job computed the day boundary in local time."),
        Case("rate-limit", "acc_2004", "API", ProblemCategory.RateLimit, Disposition.ExpectedBehaviour, March.AddDays(45),
            "Free plan customer gets 429 RATE_LIMITED responses from a bulk import script", "The script retried at once after each 429 on a plan limited to 60 requests per minute."),
    ];

    /// <summary>Opens the store under test at this test's location: the same file or collection every time.</summary>
    protected abstract Task<ICaseMemory> OpenStoreAsync(IEmbeddingGenerator<string, Embedding<float>> generator);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync()
    {
        foreach (var memory in _open) (memory as IDisposable)?.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_empty_store_counts_nothing_and_finds_nothing()
    {
        var memory = await OpenAsync();

        Assert.Equal(0, await memory.CountAsync(CancellationToken.None));
        Assert.Empty(await memory.SearchAsync("API key revoked", 5, new CaseMemoryFilter(), CancellationToken.None));
    }

    [Fact]
    public async Task Stored_cases_come_back_whole_and_the_most_similar_first()
    {
        var memory = await OpenAsync();

        var outcomes = await StoreAsync(memory, History);
        var found = await memory.SearchAsync("our API key was revoked and every call returns 401", 5, new CaseMemoryFilter(), CancellationToken.None);

        Assert.All(outcomes, o => Assert.Equal(LearningOutcome.Stored, o));
        Assert.Equal(5, await memory.CountAsync(CancellationToken.None));
        Assert.Equal(5, found.Count);
        Assert.Equal("revoked-key", found[0].Case.CaseKey);
        Assert.Equal(found.Select(f => f.Score).OrderByDescending(s => s), found.Select(f => f.Score));
        Assert.InRange(found[0].Score, 0.3, 1.0);
        Assert.Equal(Json(History[0]), Json(found[0].Case));
    }

    [Fact]
    public async Task Top_limits_the_results()
    {
        var memory = await OpenAsync();
        await StoreAsync(memory, History);

        var found = await memory.SearchAsync("API errors", 2, new CaseMemoryFilter(), CancellationToken.None);

        Assert.Equal(2, found.Count);
    }

    [Theory]
    [InlineData("account, in other case", "revoked-key,export-bug")]
    [InlineData("product, in other case", "revoked-key,eu-outage,rate-limit")]
    [InlineData("disposition", "eu-outage")]
    [InlineData("resolved after (inclusive)", "eu-outage,export-bug,rate-limit")]
    [InlineData("resolved before (exclusive)", "revoked-key,webhook-404")]
    [InlineData("resolved between", "webhook-404,eu-outage")]
    [InlineData("product and disposition", "revoked-key")]
    public async Task Filters_keep_only_the_cases_they_describe(string filter, string expected)
    {
        var memory = await OpenAsync();
        await StoreAsync(memory, History);

        var found = await memory.SearchAsync("a customer problem", 10, Filter(filter), CancellationToken.None);

        Assert.Equal(expected.Split(',').Order(StringComparer.Ordinal), found.Select(f => f.Case.CaseKey).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_score_threshold_keeps_only_cases_at_or_above_it()
    {
        var memory = await OpenAsync();
        await StoreAsync(memory, History);
        const string question = "API key revoked, calls fail with 401";
        var all = await memory.SearchAsync(question, 5, new CaseMemoryFilter(), CancellationToken.None);
        var between = (all[0].Score + all[1].Score) / 2;

        var best = await memory.SearchAsync(question, 5, new CaseMemoryFilter { MinimumScore = between }, CancellationToken.None);
        var none = await memory.SearchAsync(question, 5, new CaseMemoryFilter { MinimumScore = all[0].Score + 0.01 }, CancellationToken.None);
        var withFilter = await memory.SearchAsync(question, 5, new CaseMemoryFilter(Product: "API") { MinimumScore = all[^1].Score - 0.01 }, CancellationToken.None);

        Assert.True(all[0].Score > all[1].Score, $"scores {all[0].Score} and {all[1].Score} must differ for this case to mean anything");
        Assert.Equal(["revoked-key"], best.Select(b => b.Case.CaseKey));
        Assert.Empty(none);
        Assert.Equal(3, withFilter.Count);
    }

    [Fact]
    public async Task A_near_duplicate_is_merged_into_the_stored_case_and_counted()
    {
        var memory = await OpenAsync();
        var first = History[0];
        await memory.UpsertAsync(first, CancellationToken.None);

        var again = await memory.UpsertAsync(
            first with { CaseKey = "revoked-key-again", ResolvedAt = first.ResolvedAt.AddDays(-3), Occurrences = 2 }, CancellationToken.None);
        var found = await memory.SearchAsync(first.Summary, 5, new CaseMemoryFilter(), CancellationToken.None);

        Assert.Equal(LearningOutcome.MergedWithExisting, again);
        Assert.Equal(1, await memory.CountAsync(CancellationToken.None));
        var merged = Assert.Single(found).Case;
        Assert.Equal("revoked-key", merged.CaseKey);
        Assert.Equal(3, merged.Occurrences);
        Assert.Equal(first.ResolvedAt.AddDays(-3), merged.ResolvedAt);
        Assert.Equal(first.Summary, merged.Summary);
    }

    [Fact]
    public async Task A_near_duplicate_of_another_disposition_is_kept_apart()
    {
        var memory = await OpenAsync();
        await memory.UpsertAsync(History[0], CancellationToken.None);

        var outcome = await memory.UpsertAsync(History[0] with { CaseKey = "revoked-key-defect", Disposition = Disposition.ProductDefect }, CancellationToken.None);

        Assert.Equal(LearningOutcome.Stored, outcome);
        Assert.Equal(2, await memory.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Storing_a_key_again_replaces_its_case()
    {
        var memory = await OpenAsync();
        await memory.UpsertAsync(History[0], CancellationToken.None);
        var corrected = History[0] with { Summary = "Webhook signature checks fail after the signing secret was rotated", Occurrences = 4 };

        var outcome = await memory.UpsertAsync(corrected, CancellationToken.None);
        var found = await memory.SearchAsync("webhook signature secret rotated", 5, new CaseMemoryFilter(), CancellationToken.None);

        Assert.Equal(LearningOutcome.Stored, outcome);
        Assert.Equal(1, await memory.CountAsync(CancellationToken.None));
        Assert.Equal(corrected.Summary, Assert.Single(found).Case.Summary);
        Assert.Equal(4, found[0].Case.Occurrences);
    }

    [Fact]
    public async Task Delete_removes_a_case_by_its_key()
    {
        var memory = await OpenAsync();
        await StoreAsync(memory, History);

        var deleted = await memory.DeleteAsync("revoked-key", CancellationToken.None);
        var again = await memory.DeleteAsync("revoked-key", CancellationToken.None);
        var unknown = await memory.DeleteAsync("never-stored", CancellationToken.None);
        var found = await memory.SearchAsync("API key revoked 401", 10, new CaseMemoryFilter(), CancellationToken.None);

        Assert.True(deleted);
        Assert.False(again);
        Assert.False(unknown);
        Assert.Equal(4, await memory.CountAsync(CancellationToken.None));
        Assert.DoesNotContain(found, f => f.Case.CaseKey == "revoked-key");
    }

    [Fact]
    public async Task A_generator_of_another_dimension_is_refused_naming_both()
    {
        var memory = await OpenAsync(new HashingEmbeddingGenerator(512));
        await memory.UpsertAsync(History[0], CancellationToken.None);
        Close(memory);

        var error = await Assert.ThrowsAsync<EmbeddingMismatchException>(async () =>
            await (await OpenAsync(new HashingEmbeddingGenerator(256))).CountAsync(CancellationToken.None));

        Assert.Equal(new EmbeddingSignature(GeneratorId(new HashingEmbeddingGenerator(512)), 512), error.Stored);
        Assert.Equal(new EmbeddingSignature(GeneratorId(new HashingEmbeddingGenerator(256)), 256), error.Configured);
        Assert.Contains($"'{error.Stored.GeneratorId}' with 512 dimensions", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{error.Configured.GeneratorId}' with 256 dimensions", error.Message, StringComparison.Ordinal);
        Assert.Contains("Mixing generators", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_generator_of_the_same_dimension_is_refused_naming_both()
    {
        var memory = await OpenAsync();
        await memory.UpsertAsync(History[0], CancellationToken.None);
        Close(memory);

        var error = await Assert.ThrowsAsync<EmbeddingMismatchException>(async () =>
            await (await OpenAsync(new RenamedEmbeddingGenerator("another-model"))).SearchAsync("401", 3, new CaseMemoryFilter(), CancellationToken.None));

        Assert.Contains($"'{GeneratorId(new HashingEmbeddingGenerator())}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'test:another-model'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cases_survive_a_restart()
    {
        var memory = await OpenAsync();
        await StoreAsync(memory, History);
        var before = await memory.SearchAsync("exports missing rows", 5, new CaseMemoryFilter(), CancellationToken.None);
        Close(memory);

        var reopened = await OpenAsync();
        var after = await reopened.SearchAsync("exports missing rows", 5, new CaseMemoryFilter(), CancellationToken.None);

        Assert.Equal(5, await reopened.CountAsync(CancellationToken.None));
        Assert.Equal(before.Select(b => (b.Case.CaseKey, b.Score)), after.Select(a => (a.Case.CaseKey, a.Score)));
        Assert.Equal("export-bug", after[0].Case.CaseKey);
    }

    [Fact]
    public async Task Verification_and_prevention_come_back_after_a_restart()
    {
        var memory = await OpenAsync();
        var recorded = History[0] with { Verification = "CI pipeline green with the new key.", Prevention = "Alert admins before revoking a key in use." };
        await StoreAsync(memory, [recorded, History[1]]);
        Close(memory);

        var reopened = await OpenAsync();
        var found = await reopened.SearchAsync("a customer problem", 5, new CaseMemoryFilter(), CancellationToken.None);

        var withThem = Assert.Single(found, f => f.Case.CaseKey == "revoked-key").Case;
        Assert.Equal(("CI pipeline green with the new key.", "Alert admins before revoking a key in use."), (withThem.Verification, withThem.Prevention));
        var without = Assert.Single(found, f => f.Case.CaseKey == "webhook-404").Case;
        Assert.Equal((null, null), (without.Verification, without.Prevention));
    }

    [Fact]
    public async Task A_near_duplicate_keeps_the_stored_verification_and_fills_a_missing_prevention()
    {
        var memory = await OpenAsync();
        var first = History[0] with { Verification = "First lead's check." };
        await memory.UpsertAsync(first, CancellationToken.None);

        var again = await memory.UpsertAsync(
            first with { CaseKey = "revoked-key-again", Verification = "Second lead's check.", Prevention = "Second lead's prevention." }, CancellationToken.None);
        var merged = Assert.Single(await memory.SearchAsync(first.Summary, 5, new CaseMemoryFilter(), CancellationToken.None)).Case;

        Assert.Equal(LearningOutcome.MergedWithExisting, again);
        Assert.Equal("First lead's check.", merged.Verification);
        Assert.Equal("Second lead's prevention.", merged.Prevention);
    }

    protected async Task<ICaseMemory> OpenAsync(IEmbeddingGenerator<string, Embedding<float>>? generator = null)
    {
        var memory = await OpenStoreAsync(generator ?? new HashingEmbeddingGenerator());
        _open.Add(memory);
        return memory;
    }

    /// <summary>What a restart does to a store: its instance is gone, its data is not.</summary>
    protected void Close(ICaseMemory memory)
    {
        _open.Remove(memory);
        (memory as IDisposable)?.Dispose();
    }

    protected static async Task<IReadOnlyList<LearningOutcome>> StoreAsync(ICaseMemory memory, IEnumerable<ResolvedCase> cases)
    {
        var outcomes = new List<LearningOutcome>();
        foreach (var resolved in cases)
        {
            outcomes.Add(await memory.UpsertAsync(resolved, CancellationToken.None));
        }

        return outcomes;
    }

    private static CaseMemoryFilter Filter(string name) => name switch
    {
        "account, in other case" => new CaseMemoryFilter(AccountId: "ACC_2001"),
        "product, in other case" => new CaseMemoryFilter(Product: "api"),
        "disposition" => new CaseMemoryFilter(Disposition: Disposition.Incident),
        "resolved after (inclusive)" => new CaseMemoryFilter(ResolvedAfter: March.AddDays(19)),
        "resolved before (exclusive)" => new CaseMemoryFilter(ResolvedBefore: March.AddDays(19)),
        "resolved between" => new CaseMemoryFilter(ResolvedAfter: March.AddDays(9), ResolvedBefore: March.AddDays(32)),
        "product and disposition" => new CaseMemoryFilter(Product: "API", Disposition: Disposition.UserOrConfigurationMistake),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such filter"),
    };

    private static string GeneratorId(IEmbeddingGenerator<string, Embedding<float>> generator) => new CaseEmbedder(generator).GeneratorId;

    private static string Json(ResolvedCase c) => JsonSerializer.Serialize(c, ContractJson.Options);

    private static ResolvedCase Case(string key, string account, string product, ProblemCategory category, Disposition disposition, DateTimeOffset resolvedAt, string summary, string rootCause) =>
        new(key, account, product, category, disposition, CaseType.Configuration, summary, rootCause, $"Resolved {key}.",
            [$"evidence for {key}"], [category.ToString().ToLowerInvariant(), product.ToLowerInvariant()], resolvedAt, "lead@support.example");
}
