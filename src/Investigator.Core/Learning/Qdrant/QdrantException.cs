using System.Net;
using System.Text.Json;
using Refit;

namespace Investigator.Core.Learning.Qdrant;

/// <summary>
/// A Qdrant call that failed after its retries: the message says which operation, the HTTP status, and
/// Qdrant's own explanation (the <c>status.error</c> of its error envelope, or the text of a plain answer).
/// </summary>
public sealed class QdrantException : Exception
{
    private const int MaxDetail = 500;

    public QdrantException() : this("A Qdrant call failed.") { }

    public QdrantException(string message) : base(message) { }

    public QdrantException(string message, Exception innerException) : base(message, innerException) { }

    public QdrantException(string message, HttpStatusCode? statusCode, string? qdrantError, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        QdrantError = qdrantError;
    }

    public HttpStatusCode? StatusCode { get; }

    /// <summary>What Qdrant said went wrong, when it said anything.</summary>
    public string? QdrantError { get; }

    internal static QdrantException From(string operation, ApiException ex)
    {
        if (ex.InnerException is JsonException json)
        {
            return new QdrantException($"Qdrant {operation}: its answer could not be read ({json.Message}).", ex.StatusCode, null, ex);
        }

        var error = ErrorOf(ex.Content);
        var detail = error is null ? "" : $": {error}";
        return new QdrantException($"Qdrant {operation} failed with HTTP {(int)ex.StatusCode} {ex.ReasonPhrase}{detail}", ex.StatusCode, error, ex);
    }

    /// <summary>
    /// The message of Qdrant's error envelope <c>{"status": {"error": "…"}, "time": …}</c>, or the body
    /// itself when it is not one (a 401 is plain text), shortened.
    /// </summary>
    public static string? ErrorOf(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.Object
                && status.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
            {
                return Short(error.GetString()!);
            }
        }
        catch (JsonException)
        {
            // Not JSON: the body is the message.
        }

        return Short(body);
    }

    private static string Short(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length > MaxDetail ? line[..MaxDetail] + "…" : line;
    }
}
