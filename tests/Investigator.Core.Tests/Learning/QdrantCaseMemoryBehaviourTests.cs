using Investigator.Core.Learning;
using Investigator.Core.Learning.Qdrant;
using Investigator.Core.Tests.Learning.Qdrant;
using Microsoft.Extensions.AI;

namespace Investigator.Core.Tests.Learning;

/// <summary>
/// The case-memory behaviour suite against the Qdrant store: a live Qdrant when QDRANT_URL is set (with
/// QDRANT_API_KEY if given), otherwise the in-process <see cref="FakeQdrant"/>. One collection per test;
/// a live one is deleted afterwards.
/// </summary>
public sealed class QdrantCaseMemoryBehaviourTests : CaseMemoryBehaviour
{
    private readonly List<QdrantTestStore> _stores = [];
    private readonly string _collection = $"investigator-test-{Guid.NewGuid():N}";
    private FakeQdrant? _fake;
    private Uri _url = null!;
    private string? _apiKey;

    public override async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("QDRANT_URL") is { Length: > 0 } live)
        {
            _url = new Uri(live);
            _apiKey = Environment.GetEnvironmentVariable("QDRANT_API_KEY") is { Length: > 0 } key ? key : null;
        }
        else
        {
            _fake = await FakeQdrant.StartAsync();
            _url = _fake.Url;
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var store in _stores) store.Dispose();
        if (_fake is not null)
        {
            await _fake.DisposeAsync();
            return;
        }

        using var client = new HttpClient { BaseAddress = _url };
        if (_apiKey is not null) client.DefaultRequestHeaders.Add("api-key", _apiKey);
        using var _ = await client.DeleteAsync(new Uri($"collections/{_collection}", UriKind.Relative));
    }

    protected override Task<ICaseMemory> OpenStoreAsync(IEmbeddingGenerator<string, Embedding<float>> generator)
    {
        var store = new QdrantTestStore(QdrantTestStore.Options(_url, _apiKey, _collection), generator);
        _stores.Add(store);
        return Task.FromResult<ICaseMemory>(store.Memory);
    }
}
