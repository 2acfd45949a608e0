using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text.Json;
using Investigator.Core.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;

namespace Investigator.Core.Learning;

/// <summary>
/// The embedded case memory: resolved cases are durable in SQLite, and searched exactly in memory with
/// <see cref="TensorPrimitives"/>. A restart reloads them. Every vector records the generator and its
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
    private readonly List<(ResolvedCase Case, float[] Vector)> _entries = [];
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The signature the file records; null until the first vector of a generator that declares no dimensions.</summary>
    private EmbeddingSignature? _signature;

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
            Admit(vector);
            var existing = _entries.FindIndex(e => e.Case.CaseKey == resolved.CaseKey);
            if (existing < 0)
            {
                var best = -1;
                var bestScore = 0f;
                for (var i = 0; i < _entries.Count; i++)
                {
                    var score = TensorPrimitives.Dot(vector, _entries[i].Vector);
                    if (score > bestScore && _entries[i].Case.Disposition == resolved.Disposition)
                    {
                        (best, bestScore) = (i, score);
                    }
                }

                if (best >= 0 && bestScore >= NearDuplicate.Threshold)
                {
                    var merged = NearDuplicate.Merge(_entries[best].Case, resolved);
                    Write(merged, _entries[best].Vector);
                    _entries[best] = (merged, _entries[best].Vector);
                    return LearningOutcome.MergedWithExisting;
                }
            }

            Write(resolved, vector);
            if (existing >= 0) _entries[existing] = (resolved, vector);
            else _entries.Add((resolved, vector));
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
            if (_entries.Count == 0)
            {
                return [];
            }

            Admit(query);
            return _entries
                .Where(e => Matches(e.Case, filter))
                .Select(e => (e.Case, Score: TensorPrimitives.Dot(query, e.Vector)))
                .Where(s => filter.MinimumScore is not { } minimum || s.Score >= minimum)
                .Select(s => new SimilarCase(s.Case, Math.Round(s.Score, 4)))
                .OrderByDescending(s => s.Score)
                .ThenBy(s => s.Case.CaseKey, StringComparer.Ordinal)
                .Take(Math.Clamp(top, 1, 100))
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
            var index = _entries.FindIndex(e => e.Case.CaseKey == caseKey);
            if (index < 0)
            {
                return false;
            }

            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM resolved_cases WHERE case_key = $k";
            command.Parameters.AddWithValue("$k", caseKey);
            command.ExecuteNonQuery();
            _entries.RemoveAt(index);
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
            return _entries.Count;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>The text a case is embedded by (<see cref="CaseEmbedder.TextOf"/>).</summary>
    public static string TextOf(ResolvedCase c) => CaseEmbedder.TextOf(c);

    private static bool Matches(ResolvedCase c, CaseMemoryFilter f) =>
        (f.AccountId is null || string.Equals(c.AccountId, f.AccountId, StringComparison.OrdinalIgnoreCase))
        && (f.Product is null || c.Product.Equals(f.Product, StringComparison.OrdinalIgnoreCase))
        && (f.Disposition is null || c.Disposition == f.Disposition)
        && (f.ResolvedAfter is null || c.ResolvedAt >= f.ResolvedAfter)
        && (f.ResolvedBefore is null || c.ResolvedAt < f.ResolvedBefore);

    /// <summary>
    /// Refuses a vector of another length than the store's; the first vector of a generator that declares
    /// no dimensions fixes them, and the file records them. Called under the gate.
    /// </summary>
    private void Admit(float[] vector)
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
            var bytes = (byte[])documents.GetValue(1);
            _entries.Add((document, MemoryMarshal.Cast<byte, float>(bytes).ToArray()));
        }
    }

    private static void RecordSignature(SqliteConnection connection, EmbeddingSignature signature)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO memory_meta (key, value) VALUES ('generator', $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value";
        command.Parameters.AddWithValue("$v", signature.ToString());
        command.ExecuteNonQuery();
    }

    private void Write(ResolvedCase resolved, float[] vector)
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
        command.Parameters.AddWithValue("$v", MemoryMarshal.AsBytes(vector.AsSpan()).ToArray());
        command.Parameters.AddWithValue("$g", _embedder.GeneratorId);
        command.Parameters.AddWithValue("$n", vector.Length);
        command.ExecuteNonQuery();
    }
}
