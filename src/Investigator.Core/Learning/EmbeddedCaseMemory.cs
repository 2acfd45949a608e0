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
/// dimension; mixing generators in one store is refused.
/// </summary>
public sealed class EmbeddedCaseMemory : ICaseMemory, IDisposable
{
    /// <summary>Cosine similarity above which a new case is merged into an existing one.</summary>
    public const double DuplicateThreshold = 0.92;

    private readonly string _connectionString;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _generator;
    private readonly string _generatorId;
    private readonly int _dimensions;
    private readonly List<(ResolvedCase Case, float[] Vector)> _entries = [];
    private readonly SemaphoreSlim _gate = new(1, 1);

    public EmbeddedCaseMemory(string databasePath, IEmbeddingGenerator<string, Embedding<float>> generator)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = true }.ToString();
        _generator = generator;
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        _generatorId = $"{metadata?.ProviderName ?? generator.GetType().Name}:{metadata?.DefaultModelId ?? "unknown"}";
        _dimensions = metadata?.DefaultModelDimensions ?? 0;
        Load();
    }

    public async Task<LearningOutcome> UpsertAsync(ResolvedCase resolved, CancellationToken cancellationToken)
    {
        var vector = await EmbedAsync(TextOf(resolved), cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        try
        {
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

                if (best >= 0 && bestScore >= DuplicateThreshold)
                {
                    // The merged case keeps its first resolution time: the knowledge has existed since then.
                    var merged = _entries[best].Case with { Occurrences = _entries[best].Case.Occurrences + resolved.Occurrences, ResolvedAt = Min(_entries[best].Case.ResolvedAt, resolved.ResolvedAt) };
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
        var query = await EmbedAsync(text, cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _entries
                .Where(e => Matches(e.Case, filter))
                .Select(e => new SimilarCase(e.Case, Math.Round(TensorPrimitives.Dot(query, e.Vector), 4)))
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

    public Task<int> CountAsync(CancellationToken cancellationToken) => Task.FromResult(_entries.Count);

    public void Dispose() => _gate.Dispose();

    /// <summary>The text a case is embedded by: what a new ticket about the same problem would say.</summary>
    public static string TextOf(ResolvedCase c) => $"{c.Summary} {c.Product} {c.Category} {string.Join(' ', c.Labels)} {c.RootCause}";

    private async Task<float[]> EmbedAsync(string text, CancellationToken cancellationToken)
    {
        var embeddings = await _generator.GenerateAsync([text], cancellationToken: cancellationToken);
        var vector = embeddings[0].Vector.ToArray();
        if (_dimensions > 0 && vector.Length != _dimensions)
        {
            throw new InvalidOperationException($"The embedding generator returned {vector.Length} dimensions; {_dimensions} were declared.");
        }

        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0) TensorPrimitives.Divide(vector, norm, vector);
        return vector;
    }

    private static bool Matches(ResolvedCase c, CaseMemoryFilter f) =>
        (f.AccountId is null || string.Equals(c.AccountId, f.AccountId, StringComparison.OrdinalIgnoreCase))
        && (f.Product is null || c.Product.Equals(f.Product, StringComparison.OrdinalIgnoreCase))
        && (f.Disposition is null || c.Disposition == f.Disposition)
        && (f.ResolvedAfter is null || c.ResolvedAt >= f.ResolvedAfter)
        && (f.ResolvedBefore is null || c.ResolvedAt < f.ResolvedBefore);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

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

        using (var meta = connection.CreateCommand())
        {
            meta.CommandText = "SELECT value FROM memory_meta WHERE key = 'generator'";
            var stored = meta.ExecuteScalar() as string;
            var current = $"{_generatorId}/{_dimensions}";
            if (stored is not null && stored != current)
            {
                throw new InvalidOperationException(
                    $"The case memory at {connection.DataSource} was built with embeddings '{stored}', but the configured generator is '{current}'. Mixing generators in one store is refused; use a new store path or re-embed the cases.");
            }

            meta.CommandText = "INSERT OR IGNORE INTO memory_meta (key, value) VALUES ('generator', $v)";
            meta.Parameters.AddWithValue("$v", current);
            meta.ExecuteNonQuery();
        }

        using var read = connection.CreateCommand();
        read.CommandText = "SELECT document, vector FROM resolved_cases ORDER BY case_key";
        using var reader = read.ExecuteReader();
        while (reader.Read())
        {
            var document = JsonSerializer.Deserialize<ResolvedCase>(reader.GetString(0), ContractJson.Options)!;
            var bytes = (byte[])reader.GetValue(1);
            _entries.Add((document, MemoryMarshal.Cast<byte, float>(bytes).ToArray()));
        }
    }

    private void Write(ResolvedCase resolved, float[] vector)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO resolved_cases (case_key, document, vector, generator, dimensions) VALUES ($k, $d, $v, $g, $n)
            ON CONFLICT(case_key) DO UPDATE SET document = excluded.document, vector = excluded.vector;
            """;
        command.Parameters.AddWithValue("$k", resolved.CaseKey);
        command.Parameters.AddWithValue("$d", JsonSerializer.Serialize(resolved, ContractJson.Options));
        command.Parameters.AddWithValue("$v", MemoryMarshal.AsBytes(vector.AsSpan()).ToArray());
        command.Parameters.AddWithValue("$g", _generatorId);
        command.Parameters.AddWithValue("$n", vector.Length);
        command.ExecuteNonQuery();
    }
}
