namespace Investigator.Core.Learning.Qdrant;

/// <summary>
/// Where the Qdrant case memory lives and how its collection is created. The shard number,
/// replication factor and write consistency factor apply only when the collection is created;
/// an existing collection keeps its own.
/// </summary>
public sealed class QdrantOptions
{
    /// <summary>The REST address (port 6333 by default), e.g. http://localhost:6333.</summary>
    public string? Url { get; set; }

    /// <summary>Sent as the <c>api-key</c> header; empty for a server without authentication.</summary>
    public string? ApiKey { get; set; }

    public string Collection { get; set; } = "investigator-cases";

    public int Shards { get; set; } = 1;

    public int ReplicationFactor { get; set; } = 1;

    /// <summary>How many replicas must apply a write before it is acknowledged (at most <see cref="ReplicationFactor"/>).</summary>
    public int WriteConsistencyFactor { get; set; } = 1;

    /// <summary>The time one attempt may take.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Retries after a 429, a 503, a refused connection or a timed-out attempt (0 for none).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry's base delay when the answer has no Retry-After; later ones double, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Every problem of these options, each naming its configuration key under <paramref name="section"/>.</summary>
    public IEnumerable<string> Problems(string section)
    {
        if (string.IsNullOrWhiteSpace(Url))
        {
            yield return $"{section}:Url is required.";
        }
        else if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            yield return $"{section}:Url '{Url}' must be an absolute http(s) address (Qdrant's REST port, 6333 by default).";
        }

        // Qdrant refuses these characters in collection names; whitespace at either end is a copy-paste slip.
        if (string.IsNullOrWhiteSpace(Collection) || Collection.Length > 255 || Collection.Trim() != Collection
            || Collection.IndexOfAny(['<', '>', ':', '"', '/', '\\', '|', '?', '*', '\0']) >= 0)
        {
            yield return $"{section}:Collection '{Collection}' must be 1 to 255 characters without < > : \" / \\ | ? * or surrounding spaces.";
        }

        if (Shards is < 1 or > 1024)
        {
            yield return $"{section}:Shards ({Shards}) must be between 1 and 1024.";
        }

        if (ReplicationFactor is < 1 or > 64)
        {
            yield return $"{section}:ReplicationFactor ({ReplicationFactor}) must be between 1 and 64.";
        }

        if (WriteConsistencyFactor < 1 || WriteConsistencyFactor > ReplicationFactor)
        {
            yield return $"{section}:WriteConsistencyFactor ({WriteConsistencyFactor}) must be at least 1 and at most ReplicationFactor ({ReplicationFactor}).";
        }

        if (TimeoutSeconds is < 1 or > 600)
        {
            yield return $"{section}:TimeoutSeconds ({TimeoutSeconds}) must be between 1 and 600.";
        }

        if (MaxRetries is < 0 or > 10)
        {
            yield return $"{section}:MaxRetries ({MaxRetries}) must be between 0 and 10.";
        }

        if (RetryDelay < TimeSpan.Zero || RetryDelay > TimeSpan.FromMinutes(1))
        {
            yield return $"{section}:RetryDelay ({RetryDelay}) must be between 0 and 1 minute.";
        }
    }
}
