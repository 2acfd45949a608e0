using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text.Json;
using Investigator.Core.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;

namespace Investigator.Core.Learning;

/// <summary>
/// The embedded case memory: resolved cases are durable in SQLite, and searched exactly in memory by an
/// <see cref="ExactVectorIndex"/> (a byte-code first pass with proven error bounds, then
/// <see cref="TensorPrimitives"/> on float32). A restart reloads them. Every vector records the generator and its
/// dimension, and the file records the generator it was built with: opening it with another generator,
/// or embedding with another dimension, is refused.
/// </summary>
public sealed class EmbeddedCaseMemory : ICaseMemory, IDisposable
{
    /// <summary>Cosine similarity from which a new case is merged into an existing one (<see cref="NearDuplicate.Threshold"/>).</summary>
    public const double DuplicateThreshold = NearDuplicate.Threshold;

    private readonly string _connectionString;
    private readonly string _store;
    private readonly CaseEmbedder _embedder;
    private readonly List<ResolvedCase> _cases = [];
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    private readonly CaseFacets _facets = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The signature the file records; null until the first vector of a generator that declares no dimensions.</summary>
    private EmbeddingSignature? _signature;

    /// <summary>The vectors, slot for slot with <see cref="_cases"/>; null until their dimension is known.</summary>
    private ExactVectorIndex? _index;

    public EmbeddedCaseMemory(string databasePath, IEmbeddingGenerator<string, Embedding<float>> generator)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = true }.ToString();
        _store = $"The case memory at {databasePath}";
        _embedder = new CaseEmbedder(generator);
        Load();
    }

    public async Task<LearningOutcome> UpsertAsync(ResolvedCase resolved, CancellationToken cancellationToken)
    {
        var vector = await _embedder.EmbedAsync(TextOf(resolved), cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var index = Admit(vector);
            if (_slots.TryGetValue(resolved.CaseKey, out var existing))
            {
                Write(resolved, vector);
                _cases[existing] = resolved;
                _facets.Set(existing, resolved);
                index.Set(existing, vector);
                return LearningOutcome.Stored;
            }

            var duplicate = index.Candidates(vector, 1, (float)NearDuplicate.Threshold, _facets.WithDisposition(resolved.Disposition))
                .OrderByDescending(c => c.Score)
                .ThenBy(c => _cases[c.Slot].CaseKey, StringComparer.Ordinal)
                .Select(c => (int?)c.Slot)
                .FirstOrDefault();
            if (duplicate is { } best)
            {
                var merged = NearDuplicate.Merge(_cases[best], resolved);
                Write(merged, index.Values(best));
                _cases[best] = merged;
                _facets.Set(best, merged);
                return LearningOutcome.MergedWithExisting;
            }

            Write(resolved, vector);
            _slots[resolved.CaseKey] = index.Add(vector);
            _cases.Add(resolved);
            _facets.Add(resolved);
            return LearningOutcome.Stored;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<SimilarCase>> SearchAsync(string text, int top, CaseMemoryFilter filter, CancellationToken cancellationToken)
    {
        var query = await _embedder.EmbedAsync(text, cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cases.Count == 0)
            {
                return [];
            }

            var index = Admit(query);
            var wanted = Math.Clamp(top, 1, 100);
            return index.Candidates(query, wanted, (float)(filter.MinimumScore ?? double.NegativeInfinity), _facets.Admitting(filter))
                .OrderByDescending(c => c.Score)
                .ThenBy(c => _cases[c.Slot].CaseKey, StringComparer.Ordinal)
                .Take(wanted)
                .Select(c => new SimilarCase(_cases[c.Slot], Math.Round(c.Score, 4)))
                .ToList();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<bool> DeleteAsync(string caseKey, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_slots.Remove(caseKey, out var slot))
            {
                return false;
            }

            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM resolved_cases WHERE case_key = $k";
            command.Parameters.AddWithValue("$k", caseKey);
            command.ExecuteNonQuery();

            // The index fills the hole with its last vector; the cases follow it.
            var moved = _index!.RemoveAt(slot);
            _facets.RemoveAt(slot);
            if (moved != slot)
            {
                _cases[slot] = _cases[moved];
                _slots[_cases[slot].CaseKey] = slot;
            }

            _cases.RemoveAt(moved);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _cases.Count;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>The text a case is embedded by (<see cref="CaseEmbedder.TextOf"/>).</summary>
    public static string TextOf(ResolvedCase c) => CaseEmbedder.TextOf(c);

    /// <summary>
    /// Refuses a vector of another length than the store's, and returns the index; the first vector of a
    /// generator that declares no dimensions fixes them, and the file records them. Called under the gate.
    /// </summary>
    private ExactVectorIndex Admit(float[] vector)
    {
        var current = new EmbeddingSignature(_embedder.GeneratorId, vector.Length);
        if (_signature is null)
        {
            using var connection = Open();
            RecordSignature(connection, current);
            _signature = current;
        }
        else if (_signature != current)
        {
            throw new EmbeddingMismatchException(_store, _signature, current);
        }

        return _index ??= new ExactVectorIndex(vector.Length);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private void Load()
    {
        using var connection = Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                PRAGMA journal_mode=WAL;
                CREATE TABLE IF NOT EXISTS memory_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS resolved_cases (
                    case_key TEXT PRIMARY KEY,
                    document TEXT NOT NULL,
                    vector BLOB NOT NULL,
                    generator TEXT NOT NULL,
                    dimensions INTEGER NOT NULL);
                """;
            create.ExecuteNonQuery();
        }

        var configured = _embedder.DeclaredDimensions is { } declared ? new EmbeddingSignature(_embedder.GeneratorId, declared) : null;
        using (var meta = connection.CreateCommand())
        {
            meta.CommandText = "SELECT value FROM memory_meta WHERE key = 'generator'";
            var stored = EmbeddingSignature.Parse(meta.ExecuteScalar() as string);
            // Dimension 0 is what older files recorded for a generator that declared none: the generator is known, its length is not.
            if (stored is { Dimensions: 0 }) stored = null;
            if (stored is not null && (stored.GeneratorId != _embedder.GeneratorId || (configured is not null && configured != stored)))
            {
                throw new EmbeddingMismatchException(_store, stored, configured ?? stored with { GeneratorId = _embedder.GeneratorId });
            }

            _signature = stored ?? configured;
            if (stored is null && configured is not null)
            {
                RecordSignature(connection, configured);
            }
        }

        // Every stored vector records its generator and length; a file that mixes them is refused rather than searched.
        using (var rows = connection.CreateCommand())
        {
            rows.CommandText = "SELECT DISTINCT generator, dimensions FROM resolved_cases";
            using var reader = rows.ExecuteReader();
            while (reader.Read())
            {
                var row = new EmbeddingSignature(reader.GetString(0), reader.GetInt32(1));
                if (_signature is not null && row != _signature)
                {
                    throw new EmbeddingMismatchException(_store, row, _signature);
                }

                _signature ??= row;
            }
        }

        using var read = connection.CreateCommand();
        read.CommandText = "SELECT document, vector FROM resolved_cases ORDER BY case_key";
        using var documents = read.ExecuteReader();
        while (documents.Read())
        {
            var document = JsonSerializer.Deserialize<ResolvedCase>(documents.GetString(0), ContractJson.Options)!;
            var vector = MemoryMarshal.Cast<byte, float>((byte[])documents.GetValue(1));
            _index ??= new ExactVectorIndex(vector.Length);
            _slots[document.CaseKey] = _index.Add(vector);
            _cases.Add(document);
            _facets.Add(document);
        }
    }

    private static void RecordSignature(SqliteConnection connection, EmbeddingSignature signature)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO memory_meta (key, value) VALUES ('generator', $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value";
        command.Parameters.AddWithValue("$v", signature.ToString());
        command.ExecuteNonQuery();
    }

    private void Write(ResolvedCase resolved, ReadOnlySpan<float> vector)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO resolved_cases (case_key, document, vector, generator, dimensions) VALUES ($k, $d, $v, $g, $n)
            ON CONFLICT(case_key) DO UPDATE SET document = excluded.document, vector = excluded.vector,
                generator = excluded.generator, dimensions = excluded.dimensions;
            """;
        command.Parameters.AddWithValue("$k", resolved.CaseKey);
        command.Parameters.AddWithValue("$d", JsonSerializer.Serialize(resolved, ContractJson.Options));
        command.Parameters.AddWithValue("$v", MemoryMarshal.AsBytes(vector).ToArray());
        command.Parameters.AddWithValue("$g", _embedder.GeneratorId);
        command.Parameters.AddWithValue("$n", vector.Length);
        command.ExecuteNonQuery();
    }
}
