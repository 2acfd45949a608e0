using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Investigator.Core.Sources.Http;

/// <summary>What every HTTP source is configured with: where it is, how to sign in, how hard to try.</summary>
public interface IHttpSourceOptions
{
    /// <summary>The base address of the system (scheme, host, port and any path prefix).</summary>
    string? BaseUrl { get; }

    SourceAuthOptions Auth { get; }

    SourceResilienceOptions Resilience { get; }
}

/// <summary>
/// Credentials sent with every request: HTTP Basic when <see cref="Username"/> is set, otherwise
/// <see cref="Token"/> in <see cref="Header"/> (prefixed by <see cref="Scheme"/> when there is one).
/// </summary>
public sealed class SourceAuthOptions
{
    /// <summary>The header that carries the token: Authorization, or a custom one such as X-Api-Key.</summary>
    public string Header { get; set; } = "Authorization";

    /// <summary>Bearer, ApiKey (Elasticsearch), or empty to send the token alone.</summary>
    public string? Scheme { get; set; } = "Bearer";

    public string? Token { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    internal void ApplyTo(HttpRequestHeaders headers)
    {
        if (!string.IsNullOrEmpty(Username))
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));
            headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
            return;
        }

        if (!string.IsNullOrEmpty(Token))
        {
            headers.TryAddWithoutValidation(Header, string.IsNullOrWhiteSpace(Scheme) ? Token : $"{Scheme} {Token}");
        }
    }

    public IEnumerable<string> Problems(string section)
    {
        if (string.IsNullOrWhiteSpace(Header) || Header.Any(c => char.IsWhiteSpace(c) || c == ':'))
        {
            yield return $"{section}:Auth:Header '{Header}' is not a header name.";
        }

        if (!string.IsNullOrEmpty(Password) && string.IsNullOrEmpty(Username))
        {
            yield return $"{section}:Auth:Password is set without {section}:Auth:Username.";
        }
    }
}

/// <summary>
/// The resilience of one source's HTTP client: a timeout per attempt and one for the whole call,
/// retries with exponential backoff and jitter for reads, and a circuit breaker that makes later calls
/// fail fast while the system is down.
/// </summary>
public sealed class SourceResilienceOptions
{
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Retries after the first attempt (0 for none). Only reads are retried.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first retry's base delay; later ones double, with jitter. A Retry-After header wins.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The share of failed attempts in <see cref="SamplingDuration"/> that opens the circuit.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Attempts needed in <see cref="SamplingDuration"/> before the ratio counts.</summary>
    public int MinimumThroughput { get; set; } = 10;

    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit fails calls without sending them.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    internal void ApplyTo(HttpStandardResilienceOptions options, bool retryPosts)
    {
        options.AttemptTimeout.Timeout = AttemptTimeout;
        options.TotalRequestTimeout.Timeout = TotalTimeout;
        options.Retry.MaxRetryAttempts = Math.Max(1, MaxRetries);
        options.Retry.Delay = RetryDelay;
        options.Retry.BackoffType = DelayBackoffType.Exponential;
        options.Retry.UseJitter = true;
        if (MaxRetries == 0)
        {
            options.Retry.ShouldHandle = _ => PredicateResult.False();
        }
        else if (retryPosts)
        {
            // Elasticsearch searches are POSTs that only read: safe to repeat. Writes are still never retried.
            options.Retry.DisableFor(HttpMethod.Put, HttpMethod.Patch, HttpMethod.Delete, HttpMethod.Connect);
        }
        else
        {
            options.Retry.DisableForUnsafeHttpMethods();
        }

        options.CircuitBreaker.FailureRatio = FailureRatio;
        options.CircuitBreaker.MinimumThroughput = MinimumThroughput;
        options.CircuitBreaker.SamplingDuration = SamplingDuration;
        options.CircuitBreaker.BreakDuration = BreakDuration;
    }

    public IEnumerable<string> Problems(string section)
    {
        var at = $"{section}:Resilience";
        if (AttemptTimeout < TimeSpan.FromMilliseconds(10) || AttemptTimeout > TimeSpan.FromHours(1))
        {
            yield return $"{at}:AttemptTimeout ({AttemptTimeout}) must be between 10 ms and 1 hour.";
        }

        if (TotalTimeout < AttemptTimeout || TotalTimeout > TimeSpan.FromHours(1))
        {
            yield return $"{at}:TotalTimeout ({TotalTimeout}) must be at least AttemptTimeout ({AttemptTimeout}) and at most 1 hour.";
        }

        if (MaxRetries is < 0 or > 10)
        {
            yield return $"{at}:MaxRetries ({MaxRetries}) must be between 0 and 10.";
        }

        if (RetryDelay < TimeSpan.Zero || RetryDelay > TimeSpan.FromMinutes(1))
        {
            yield return $"{at}:RetryDelay ({RetryDelay}) must be between 0 and 1 minute.";
        }

        if (FailureRatio is <= 0 or > 1)
        {
            yield return $"{at}:FailureRatio ({FailureRatio}) must be above 0 and at most 1.";
        }

        if (MinimumThroughput < 2)
        {
            yield return $"{at}:MinimumThroughput ({MinimumThroughput}) must be at least 2.";
        }

        // The standard pipeline requires the sampling window to hold at least two attempts.
        if (SamplingDuration < TimeSpan.FromMilliseconds(500) || SamplingDuration < 2 * AttemptTimeout)
        {
            yield return $"{at}:SamplingDuration ({SamplingDuration}) must be at least 0.5 s and at least twice AttemptTimeout ({AttemptTimeout}).";
        }

        if (BreakDuration < TimeSpan.FromMilliseconds(500))
        {
            yield return $"{at}:BreakDuration ({BreakDuration}) must be at least 0.5 s.";
        }
    }
}

/// <summary>Checks shared by every HTTP source's options.</summary>
public static class HttpSourceValidation
{
    /// <summary>Every problem of a source's options, each naming its configuration key.</summary>
    public static IEnumerable<string> Problems(IHttpSourceOptions options, string section)
    {
        if (string.IsNullOrWhiteSpace(options.BaseUrl))
        {
            yield return $"{section}:BaseUrl is required.";
        }
        else if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            yield return $"{section}:BaseUrl '{options.BaseUrl}' must be an absolute http(s) address.";
        }

        foreach (var problem in options.Auth.Problems(section).Concat(options.Resilience.Problems(section)))
        {
            yield return problem;
        }
    }
}
