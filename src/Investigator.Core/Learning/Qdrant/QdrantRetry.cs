using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace Investigator.Core.Learning.Qdrant;

/// <summary>
/// When a Qdrant call is tried again, and after how long. Every call the case memory makes is safe to
/// repeat (point ids are derived from case keys, writes set values rather than add to them), so every
/// method is retried: on 429 after the Retry-After Qdrant asks for, on 503 (a shard not ready), on a
/// refused connection and on a timed-out attempt.
/// </summary>
public static class QdrantRetry
{
    /// <summary>The longest Retry-After honoured; an answer asking for more fails at once instead of stalling the case.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(30);

    /// <summary>Adds the retries and a timeout per attempt.</summary>
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, QdrantOptions options, TimeProvider time)
    {
        if (options.MaxRetries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                // Retry-After is read below, with a cap.
                ShouldRetryAfterHeader = false,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, time)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, time) is { } wait ? Min(wait, MaxRetryAfter) : (TimeSpan?)null),
            });
        }

        pipeline.AddTimeout(TimeSpan.FromSeconds(options.TimeoutSeconds));
    }

    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeProvider time) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result.StatusCode: HttpStatusCode.ServiceUnavailable } => true,
        { Result.StatusCode: HttpStatusCode.TooManyRequests } => RetryAfter(outcome.Result, time) is not { } wait || wait <= MaxRetryAfter,
        _ => false,
    };

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>The wait a 429 or 503 asks for (seconds or a date); null when it asks for none.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider time)
    {
        var header = response?.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        return wait is { } w ? (w < TimeSpan.Zero ? TimeSpan.Zero : w) : null;
    }
}
