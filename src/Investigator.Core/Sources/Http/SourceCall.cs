using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Investigator.Core.Diagnostics;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Refit;

namespace Investigator.Core.Sources.Http;

/// <summary>
/// Runs one call to an HTTP source and turns whatever survived the resilience pipeline (a timeout, a
/// 5xx, a refused connection, an open circuit, a body that cannot be read) into
/// <see cref="SourceUnavailableException"/>, which the investigation shows as "source unavailable".
/// The caller's own cancellation still propagates.
/// </summary>
internal static class SourceCall
{
    private const int MaxDetail = 200;

    public static async Task<T> RunAsync<T>(string source, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (SourceUnavailableException)
        {
            throw;
        }
        catch (Exception ex)
        {
            throw new SourceUnavailableException(source, Reason(ex), ex);
        }
    }

    /// <summary>A short, redacted reason a person can act on.</summary>
    public static string Reason(Exception ex) => ex switch
    {
        ApiException { InnerException: JsonException json } => $"its answer could not be read ({Short(json.Message)})",
        ApiException api => $"it answered HTTP {(int)api.StatusCode} {api.ReasonPhrase}{Detail(api.Content)}",
        ApiRequestException { InnerException: { } inner } => Reason(inner),
        TimeoutRejectedException timeout => $"no answer within {timeout.Timeout.TotalSeconds:0.###} s",
        BrokenCircuitException => "its circuit is open after repeated failures; calls fail fast until it recovers",
        HttpRequestException { InnerException: SocketException socket } => $"connection failed ({socket.SocketErrorCode})",
        HttpRequestException { StatusCode: { } status } => $"it answered HTTP {(int)status} {status}",
        HttpRequestException http => $"connection failed ({http.HttpRequestError})",
        OperationCanceledException => "no answer in time",
        JsonException json => $"its answer could not be read ({Short(json.Message)})",
        InvalidDataException data => $"its answer is not what was expected ({Short(data.Message)})",
        _ => $"{ex.GetType().Name}: {Short(ex.Message)}",
    };

    private static string Detail(string? content) =>
        string.IsNullOrWhiteSpace(content) ? "" : $": {Short(content)}";

    private static string Short(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return Redactor.Redact(line.Length > MaxDetail ? line[..MaxDetail] + "…" : line);
    }

    /// <summary>True for the one answer that means "no such thing" rather than "the source failed".</summary>
    public static bool IsNotFound(Exception ex) => ex is ApiException { StatusCode: HttpStatusCode.NotFound };
}
