using System.Net;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly.Timeout;
using Refit;

namespace Investigator.Core.Learning.Qdrant;

/// <summary>
/// Case memory in a Qdrant collection, with the same behaviour as <see cref="EmbeddedCaseMemory"/>. On
/// first use the collection is created if missing (one unnamed vector, cosine distance, the configured
/// shards, replication and write consistency, metadata naming the generator) and indexed for every
/// filtered field; an existing collection of another dimension or generator is refused. A case is a
/// point whose id is the UUIDv5 of its key; a near-duplicate (the nearest point of the same disposition
/// at <see cref="NearDuplicate.Threshold"/> or above) is merged into that point instead.
/// </summary>
public sealed class QdrantCaseMemory : ICaseMemory, IDisposable
{
    private readonly IQdrantApi _api;
    private readonly CaseEmbedder _embedder;
    private readonly QdrantOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _opening = new(1, 1);
    // Merging reads a point and writes it back: one write at a time per process. Two processes writing
    // near-duplicates at the same moment can still both store theirs.
    private readonly SemaphoreSlim _writing = new(1, 1);
    private EmbeddingSignature? _signature;

    public QdrantCaseMemory(IQdrantApi api, IEmbeddingGenerator<string, Embedding<float>> generator, QdrantOptions options, ILogger<QdrantCaseMemory>? logger = null)
    {
        _api = api;
        _embedder = new CaseEmbedder(generator);
        _options = options;
        _logger = logger ?? NullLogger<QdrantCaseMemory>.Instance;
    }

    public string Collection => _options.Collection;

    private string Store => $"The Qdrant collection '{Collection}'";

    public async Task<LearningOutcome> UpsertAsync(ResolvedCase resolved, CancellationToken cancellationToken)
    {
        var signature = await OpenAsync(cancellationToken);
        var vector = await EmbedAsync(CaseEmbedder.TextOf(resolved), signature, cancellationToken);
        var id = CasePointId.For(resolved.CaseKey);
        await _writing.WaitAsync(cancellationToken);
        try
        {
            if (!await ExistsAsync(id, cancellationToken))
            {
                var sameDisposition = new QdrantFilter(Must: [QdrantCondition.Equal(CasePayload.DispositionField, resolved.Disposition.ToString())]);
                var nearest = await QueryAsync(
                    new QdrantQuery(vector, 1, WithPayload: true, sameDisposition, AtLeast(NearDuplicate.Threshold), WithVector: true), cancellationToken);
                if (nearest is [{ Payload: { } payload, Vector: { } storedVector }])
                {
                    var merged = NearDuplicate.Merge(payload.ToCase(), resolved);
                    await UpsertPointAsync(merged, storedVector, signature, cancellationToken);
                    return LearningOutcome.MergedWithExisting;
                }
            }

            await UpsertPointAsync(resolved, vector, signature, cancellationToken);
            return LearningOutcome.Stored;
        }
        finally
        {
            _writing.Release();
        }
    }

    public async Task<IReadOnlyList<SimilarCase>> SearchAsync(string text, int top, CaseMemoryFilter filter, CancellationToken cancellationToken)
    {
        var signature = await OpenAsync(cancellationToken);
        var vector = await EmbedAsync(text, signature, cancellationToken);
        var points = await QueryAsync(
            new QdrantQuery(vector, Math.Clamp(top, 1, 100), WithPayload: true, CasePayload.FilterFor(filter), filter.MinimumScore is { } minimum ? AtLeast(minimum) : null),
            cancellationToken);
        return points
            .Select(p => new SimilarCase((p.Payload ?? throw new InvalidDataException($"Qdrant returned a point of '{Collection}' without its payload.")).ToCase(), Math.Round(p.Score, 4)))
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.Case.CaseKey, StringComparer.Ordinal)
            .ToList();
    }

    public async Task<bool> DeleteAsync(string caseKey, CancellationToken cancellationToken)
    {
        await OpenAsync(cancellationToken);
        var id = CasePointId.For(caseKey);
        await _writing.WaitAsync(cancellationToken);
        try
        {
            if (!await ExistsAsync(id, cancellationToken))
            {
                return false;
            }

            var result = await CallAsync($"delete from '{Collection}'", () => _api.DeletePointsAsync(Collection, new QdrantPointIds([id]), cancellationToken), cancellationToken);
            Completed(result, "delete");
            return true;
        }
        finally
        {
            _writing.Release();
        }
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

    /// <summary>
    /// Qdrant keeps scores strictly above <c>score_threshold</c>; the float just below the minimum makes
    /// that "at or above", as the embedded store does.
    /// </summary>
    private static float AtLeast(double minimum) => MathF.BitDecrement((float)minimum);

    private async Task<float[]> EmbedAsync(string text, EmbeddingSignature signature, CancellationToken cancellationToken)
    {
        var vector = await _embedder.EmbedAsync(text, cancellationToken);
        return vector.Length == signature.Dimensions
            ? vector
            : throw new EmbeddingMismatchException(Store, signature, signature with { Dimensions = vector.Length });
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
                info = await GetCollectionAsync(cancellationToken)
                    ?? throw new QdrantException($"{Store} was created but cannot be read back.");
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
            _logger.LogInformation(
                "Created Qdrant collection {Collection}: {Dimensions} dimensions from {Generator}, cosine, {Shards} shards, replication factor {Replication}, write consistency factor {WriteConsistency}",
                Collection, signature.Dimensions, signature.GeneratorId, _options.Shards, _options.ReplicationFactor, _options.WriteConsistencyFactor);
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
            throw new InvalidOperationException($"{Store} does not have one unnamed vector (it has named vectors or none); the case memory needs one. Use another collection.");
        }

        var recorded = info.Config?.Metadata;
        var stored = new EmbeddingSignature(recorded?.EmbeddingGenerator ?? "unrecorded", dimensions);
        if (dimensions != signature.Dimensions || (recorded?.EmbeddingGenerator is { } generator && generator != signature.GeneratorId))
        {
            throw new EmbeddingMismatchException(Store, stored, signature);
        }

        var distance = vectors.TryGetProperty("distance", out var d) ? d.GetString() : null;
        if (distance != "Cosine")
        {
            throw new InvalidOperationException($"{Store} measures distance by {distance ?? "nothing"}; the case memory needs Cosine. Use another collection.");
        }
    }

    private async Task CreateMissingIndexesAsync(QdrantCollectionInfo info, CancellationToken cancellationToken)
    {
        foreach (var index in CasePayload.Indexes)
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
        var foreign = new QdrantFilter(MustNot: [QdrantCondition.Equal(CasePayload.GeneratorField, signature.GeneratorId)]);
        var points = await QueryAsync(new QdrantQuery(null, 1, WithPayload: true, foreign), cancellationToken);
        if (points is [var point, ..])
        {
            var generator = point.Payload?.EmbeddingGenerator ?? "unrecorded";
            var dimensions = point.Payload?.EmbeddingDimensions is > 0 and var n ? n : signature.Dimensions;
            throw new EmbeddingMismatchException(Store, new EmbeddingSignature(generator, dimensions), signature);
        }
    }

    private async Task<bool> ExistsAsync(Guid id, CancellationToken cancellationToken) =>
        await CountAsync(new QdrantFilter(Must: [QdrantCondition.IsPoint(id)]), cancellationToken) > 0;

    private async Task<long> CountAsync(QdrantFilter? filter, CancellationToken cancellationToken)
    {
        var result = await CallAsync($"count '{Collection}'", () => _api.CountPointsAsync(Collection, new QdrantCount(Exact: true, filter), cancellationToken), cancellationToken);
        return result.Count;
    }

    private async Task<IReadOnlyList<QdrantScoredPoint>> QueryAsync(QdrantQuery query, CancellationToken cancellationToken)
    {
        var result = await CallAsync($"query '{Collection}'", () => _api.QueryPointsAsync(Collection, query, cancellationToken), cancellationToken);
        return result.Points ?? [];
    }

    private async Task UpsertPointAsync(ResolvedCase resolved, float[] vector, EmbeddingSignature signature, CancellationToken cancellationToken)
    {
        var point = new QdrantPoint(CasePointId.For(resolved.CaseKey), vector, CasePayload.From(resolved, signature));
        var result = await CallAsync($"upsert into '{Collection}'", () => _api.UpsertPointsAsync(Collection, new QdrantPointList([point]), cancellationToken), cancellationToken);
        Completed(result, "upsert");
    }

    /// <summary>Writes are sent with wait=true; anything but "completed" means the write may not be searchable.</summary>
    private void Completed(QdrantUpdateResult result, string write)
    {
        if (result.Status != "completed")
        {
            throw new QdrantException($"Qdrant did not complete the {write} on '{Collection}' (status '{result.Status}').");
        }
    }

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
            // Refit wraps a request that never got an answer (refused connection, timed-out attempt) in ApiRequestException.
            var reason = (ex is ApiRequestException { InnerException: { } inner } ? inner : ex) switch
            {
                TimeoutRejectedException timeout => $"no answer within {timeout.Timeout.TotalSeconds:0.###} s",
                var other => other.Message,
            };
            throw new QdrantException($"Qdrant {operation} failed: {reason}", null, null, ex);
        }

        return response.Result is { } result
            ? result
            : throw new QdrantException($"Qdrant {operation}: the answer has no result.");
    }
}
