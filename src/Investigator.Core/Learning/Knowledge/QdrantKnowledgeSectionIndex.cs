using System.Net;
using System.Text.Json;
using Investigator.Core.Learning.Qdrant;
using Investigator.Core.Sources.Local;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly.Timeout;
using Refit;

namespace Investigator.Core.Learning.Knowledge;

/// <summary>
/// The section index in a Qdrant collection of its own (never the case memory's). On first use the
/// collection is created if missing, as <see cref="QdrantCaseMemory"/> creates its own: one unnamed
/// cosine vector of the generator's dimension, the configured shards, replication and write consistency,
/// metadata naming the generator, and a keyword index per filtered field; an existing collection of
/// another dimension or generator, or holding points of another generator, is refused. A section is a
/// point whose id is the UUIDv5 of "article#ordinal"; a reindex upserts every section and then deletes
/// every point that is not one of them (one filter: not any of these ids). Two processes reindexing
/// different versions of the knowledge base at once can delete each other's sections: reindex from one.
/// </summary>
public sealed class QdrantKnowledgeSectionIndex : IKnowledgeSectionIndex, IDisposable
{
    /// <summary>Points per upsert request.</summary>
    public const int UpsertBatch = 64;

    private readonly IQdrantApi _api;
    private readonly SectionEmbedder _embedder;
    private readonly QdrantOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _opening = new(1, 1);
    private readonly SemaphoreSlim _writing = new(1, 1);
    private EmbeddingSignature? _signature;

    /// <param name="api">The Qdrant client.</param>
    /// <param name="generator">The embedding generator.</param>
    /// <param name="options">The collection (<see cref="QdrantOptions.Collection"/>) and how it is created.</param>
    /// <param name="logger">Where collection creation and reindexing are logged.</param>
    public QdrantKnowledgeSectionIndex(IQdrantApi api, IEmbeddingGenerator<string, Embedding<float>> generator, QdrantOptions options, ILogger<QdrantKnowledgeSectionIndex>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(options);
        _api = api;
        _options = options;
        _embedder = new SectionEmbedder(generator, $"The Qdrant collection '{options.Collection}'");
        _logger = logger ?? NullLogger<QdrantKnowledgeSectionIndex>.Instance;
    }

    public string Collection => _options.Collection;

    private string Store => $"The Qdrant collection '{Collection}'";

    public async Task<SectionReindexResult> ReindexAsync(IReadOnlyList<KnowledgeSection> sections, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sections);
        var signature = await OpenAsync(cancellationToken);
        var unique = EmbeddedKnowledgeSectionIndex.Unique(sections);
        var vectors = await _embedder.EmbedAllAsync(unique.Select(s => s.EmbeddingText).ToList(), cancellationToken);
        var points = unique.Select((s, i) => new QdrantSectionPoint(KnowledgeSectionPayload.PointIdOf(s.Key), vectors[i], KnowledgeSectionPayload.From(s, signature))).ToList();
        await _writing.WaitAsync(cancellationToken);
        try
        {
            foreach (var batch in points.Chunk(UpsertBatch))
            {
                var upserted = await CallAsync($"upsert into '{Collection}'", () => _api.UpsertSectionPointsAsync(Collection, new QdrantSectionPointList(batch), cancellationToken), cancellationToken);
                Completed(upserted, "upsert");
            }

            // Whatever is not one of these sections is stale: an article removed, or a section that no longer exists.
            var stale = new QdrantFilter(MustNot: [new QdrantCondition(HasId: points.Select(p => p.Id).ToList())]);
            var removed = await CountAsync(stale, cancellationToken);
            if (removed > 0)
            {
                var deleted = await CallAsync($"delete from '{Collection}'", () => _api.DeletePointsByFilterAsync(Collection, new QdrantFilterSelector(stale), cancellationToken), cancellationToken);
                Completed(deleted, "delete of stale sections");
            }

            _logger.LogInformation("Indexed {Sections} knowledge-base sections in Qdrant collection {Collection}; removed {Removed} stale", points.Count, Collection, removed);
            return new SectionReindexResult(points.Count, checked((int)removed), signature);
        }
        finally
        {
            _writing.Release();
        }
    }

    public async Task<IReadOnlyList<SectionMatch>> SearchAsync(string text, int top, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var signature = await OpenAsync(cancellationToken);
        var vector = await _embedder.EmbedAsync(text, cancellationToken);
        if (vector.Length != signature.Dimensions)
        {
            throw new EmbeddingMismatchException(Store, signature, signature with { Dimensions = vector.Length });
        }

        var result = await CallAsync($"query '{Collection}'",
            () => _api.QuerySectionPointsAsync(Collection, new QdrantQuery(vector, Math.Clamp(top, 1, 100), WithPayload: true), cancellationToken), cancellationToken);
        return (result.Points ?? [])
            .Select(p => new SectionMatch(
                (p.Payload ?? throw new InvalidDataException($"Qdrant returned a point of '{Collection}' without its payload.")).ToSection(), Math.Round(p.Score, 4)))
            .OrderByDescending(m => m.Score)
            .ThenBy(m => m.Section.Key, StringComparer.Ordinal)
            .ToList();
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        await OpenAsync(cancellationToken);
        return checked((int)await CountAsync(null, cancellationToken));
    }

    public void Dispose()
    {
        _opening.Dispose();
        _writing.Dispose();
    }

    /// <summary>Creates or checks the collection once; a failed attempt is tried again on the next call.</summary>
    private async Task<EmbeddingSignature> OpenAsync(CancellationToken cancellationToken)
    {
        if (_signature is { } open)
        {
            return open;
        }

        await _opening.WaitAsync(cancellationToken);
        try
        {
            if (_signature is { } opened)
            {
                return opened;
            }

            var signature = await _embedder.SignatureAsync(cancellationToken);
            var info = await GetCollectionAsync(cancellationToken);
            if (info is null)
            {
                await CreateCollectionAsync(signature, cancellationToken);
                info = await GetCollectionAsync(cancellationToken) ?? throw new QdrantException($"{Store} was created but cannot be read back.");
            }

            CheckVectors(info, signature);
            await CreateMissingIndexesAsync(info, cancellationToken);
            await RefuseForeignPointsAsync(signature, cancellationToken);
            _signature = signature;
            return signature;
        }
        finally
        {
            _opening.Release();
        }
    }

    private async Task<QdrantCollectionInfo?> GetCollectionAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await CallAsync($"get collection '{Collection}'", () => _api.GetCollectionAsync(Collection, cancellationToken), cancellationToken);
        }
        catch (QdrantException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task CreateCollectionAsync(EmbeddingSignature signature, CancellationToken cancellationToken)
    {
        var request = new QdrantCollectionSpec(
            new QdrantVectorParams(signature.Dimensions, QdrantDistance.Cosine),
            _options.Shards, _options.ReplicationFactor, _options.WriteConsistencyFactor,
            new QdrantCollectionMetadata(signature.GeneratorId, signature.Dimensions));
        try
        {
            await CallAsync($"create collection '{Collection}'", () => _api.CreateCollectionAsync(Collection, request, cancellationToken), cancellationToken);
            _logger.LogInformation("Created Qdrant collection {Collection} for knowledge-base sections: {Dimensions} dimensions from {Generator}, cosine",
                Collection, signature.Dimensions, signature.GeneratorId);
        }
        catch (QdrantException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
        {
            // Another instance created it first; it is checked like any existing collection.
        }
    }

    /// <summary>One unnamed cosine vector of the generator's dimension, and the generator the collection records.</summary>
    private void CheckVectors(QdrantCollectionInfo info, EmbeddingSignature signature)
    {
        var vectors = info.Config?.Params?.Vectors ?? default;
        if (vectors.ValueKind != JsonValueKind.Object || !vectors.TryGetProperty("size", out var size) || !size.TryGetInt32(out var dimensions))
        {
            throw new InvalidOperationException($"{Store} does not have one unnamed vector (it has named vectors or none); the knowledge-section index needs one. Use another collection.");
        }

        var recorded = info.Config?.Metadata;
        if (dimensions != signature.Dimensions || (recorded?.EmbeddingGenerator is { } generator && generator != signature.GeneratorId))
        {
            throw new EmbeddingMismatchException(Store, new EmbeddingSignature(recorded?.EmbeddingGenerator ?? "unrecorded", dimensions), signature);
        }

        var distance = vectors.TryGetProperty("distance", out var d) ? d.GetString() : null;
        if (distance != "Cosine")
        {
            throw new InvalidOperationException($"{Store} measures distance by {distance ?? "nothing"}; the knowledge-section index needs Cosine. Use another collection.");
        }
    }

    private async Task CreateMissingIndexesAsync(QdrantCollectionInfo info, CancellationToken cancellationToken)
    {
        foreach (var index in KnowledgeSectionPayload.Indexes)
        {
            var wireName = JsonSerializer.Serialize(index.FieldSchema, QdrantServices.Json).Trim('"');
            if (info.PayloadSchema?.TryGetValue(index.FieldName, out var existing) == true && existing.DataType == wireName)
            {
                continue;
            }

            var result = await CallAsync($"create payload index '{index.FieldName}' on '{Collection}'",
                () => _api.CreatePayloadIndexAsync(Collection, index, cancellationToken), cancellationToken);
            Completed(result, $"payload index '{index.FieldName}'");
        }
    }

    /// <summary>Every point records its generator; one from another generator (or none) means the collection is not ours alone.</summary>
    private async Task RefuseForeignPointsAsync(EmbeddingSignature signature, CancellationToken cancellationToken)
    {
        var foreign = new QdrantFilter(MustNot: [QdrantCondition.Equal(KnowledgeSectionPayload.GeneratorField, signature.GeneratorId)]);
        var result = await CallAsync($"query '{Collection}'",
            () => _api.QuerySectionPointsAsync(Collection, new QdrantQuery(null, 1, WithPayload: true, foreign), cancellationToken), cancellationToken);
        if (result.Points is [var point, ..])
        {
            var generator = point.Payload?.EmbeddingGenerator ?? "unrecorded";
            var dimensions = point.Payload?.EmbeddingDimensions is > 0 and var n ? n : signature.Dimensions;
            throw new EmbeddingMismatchException(Store, new EmbeddingSignature(generator, dimensions), signature);
        }
    }

    private async Task<long> CountAsync(QdrantFilter? filter, CancellationToken cancellationToken)
    {
        var result = await CallAsync($"count '{Collection}'", () => _api.CountPointsAsync(Collection, new QdrantCount(Exact: true, filter), cancellationToken), cancellationToken);
        return result.Count;
    }

    /// <summary>Writes are sent with wait=true; anything but "completed" means the write may not be searchable.</summary>
    private void Completed(QdrantUpdateResult result, string write)
    {
        if (result.Status != "completed")
        {
            throw new QdrantException($"Qdrant did not complete the {write} on '{Collection}' (status '{result.Status}').");
        }
    }

    /// <summary>Unwraps Qdrant's envelope; every failure becomes a <see cref="QdrantException"/> naming the operation, cancellation excepted.</summary>
    private static async Task<T> CallAsync<T>(string operation, Func<Task<QdrantResponse<T>>> call, CancellationToken cancellationToken)
    {
        QdrantResponse<T> response;
        try
        {
            response = await call();
        }
        catch (ApiException ex)
        {
            throw QdrantException.From(operation, ex);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is ApiRequestException or TimeoutRejectedException or HttpRequestException)
        {
            var reason = (ex is ApiRequestException { InnerException: { } inner } ? inner : ex) switch
            {
                TimeoutRejectedException timeout => $"no answer within {timeout.Timeout.TotalSeconds:0.###} s",
                var other => other.Message,
            };
            throw new QdrantException($"Qdrant {operation} failed: {reason}", null, null, ex);
        }

        return response.Result is { } result ? result : throw new QdrantException($"Qdrant {operation}: the answer has no result.");
    }
}
