using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;
using Refit;

namespace Investigator.Core.Helpdesk;

/// <summary>
/// When a helpdesk request is tried again, and after how long: on 429 and 503 after the Retry-After the
/// helpdesk asks for (seconds or an HTTP date), on other 5xx, 408, a refused connection or a timed-out
/// attempt after an exponential backoff with jitter; never on other 4xx (401, 403, 404, 422 do not get
/// better). At most <see cref="HelpdeskOptions.MaxAttempts"/> attempts and no wait above
/// <see cref="HelpdeskOptions.MaxRetryDelaySeconds"/>: an answer that asks for a longer wait fails at once.
/// </summary>
public static class HelpdeskRetry
{
    /// <summary>Adds the retries (outside) and a timeout per attempt (inside).</summary>
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, HelpdeskOptions options, TimeProvider time)
    {
        var maxDelay = TimeSpan.FromSeconds(options.MaxRetryDelaySeconds);
        if (options.MaxAttempts > 1)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                Delay = TimeSpan.FromMilliseconds(options.RetryDelayMilliseconds),
                MaxDelay = maxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                // Retry-After is read below, with the cap.
                ShouldRetryAfterHeader = false,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, maxDelay, time)),
                DelayGenerator = args => ValueTask.FromResult(RetryDelay(args.Outcome.Result, maxDelay, time)),
            });
        }

        pipeline.AddTimeout(TimeSpan.FromSeconds(options.AttemptTimeoutSeconds));
    }

    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeSpan maxDelay, TimeProvider time) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } when IsTransient(response.StatusCode) =>
            RetryAfter(response.Headers.RetryAfter, time) is not { } wait || wait <= maxDelay,
        _ => false,
    };

    /// <summary>The wait before the next attempt: the answer's Retry-After, at most <paramref name="maxDelay"/>; null (the backoff) without one.</summary>
    public static TimeSpan? RetryDelay(HttpResponseMessage? response, TimeSpan maxDelay, TimeProvider time) =>
        RetryAfter(response?.Headers.RetryAfter, time) is { } wait ? (wait < maxDelay ? wait : maxDelay) : null;

    /// <summary>429, 408 and the 5xx that can pass (not 501 or 505, which answer the same every time).</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout
        || ((int)status >= 500 && status is not (HttpStatusCode.NotImplemented or HttpStatusCode.HttpVersionNotSupported));

    /// <summary>The wait a Retry-After header asks for, from seconds or an HTTP date; null without one; never negative.</summary>
    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, TimeProvider time)
    {
        var wait = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        return wait is { } w ? (w < TimeSpan.Zero ? TimeSpan.Zero : w) : null;
    }
}

/// <summary>The JSON of both helpdesk APIs: snake_case names, no nulls.</summary>
public static class HelpdeskJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>The Refit settings of the Zendesk and Freshdesk clients.</summary>
    public static RefitSettings RefitSettings { get; } = new() { ContentSerializer = new SystemTextJsonContentSerializer(Options) };

    private static JsonSerializerOptions Create()
    {
        var json = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            PropertyNameCaseInsensitive = true,
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        };
        json.MakeReadOnly(populateMissingResolver: true);
        return json;
    }
}
