using System.Globalization;
using System.Threading.RateLimiting;
using Investigator.Api.Extensions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Investigator.Api.Access;

/// <summary>
/// Access to the API: API keys with scopes (<see cref="RouteScopes"/> says which route needs which), a
/// per-client rate limit, and a bound on request bodies. Health and the helpdesk webhooks (which verify
/// their own signatures) are open. CORS is not enabled: no browser origin may call the API. The review page
/// signs a lead in with a key and then calls the API with its <see cref="ReviewSession"/> cookie instead; a
/// change made with the cookie must carry the session's CSRF token.
/// </summary>
public static class AccessControl
{
    /// <summary>The default scheme: the API key when a header carries one, else the review session cookie.</summary>
    private const string KeyOrSession = "ApiKeyOrReviewSession";

    public static IHostApplicationBuilder AddAccessControl(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AccessOptions>().BindConfiguration(AccessOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var root = builder.Environment.ContentRootPath;
        services.AddSingleton(sp => Keys(sp.GetRequiredService<IOptions<AccessOptions>>().Value, root, sp.GetRequiredService<ILogger<ApiKeys>>()));
        services.AddAuthentication(KeyOrSession)
            .AddPolicyScheme(KeyOrSession, "API key or review session", o => o.ForwardDefaultSelector = ReviewSession.SchemeFor)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddReviewSession();
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var perMinute = context.RequestServices.GetRequiredService<IOptions<AccessOptions>>().Value.RequestsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(Client(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                rejected.HttpContext.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                await ProblemAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"This client may make {rejected.HttpContext.RequestServices.GetRequiredService<IOptions<AccessOptions>>().Value.RequestsPerMinute} requests a minute; try again after {Math.Ceiling(retryAfter.TotalSeconds)} s.");
            };
        });

        // No request body may be larger than a ticket may be (the webhook and investigation endpoints check the exact limit).
        var maxBody = builder.Configuration.GetValue<long?>($"{ProcessingOptions.Section}:MaxBodyBytes") ?? new ProcessingOptions().MaxBodyBytes;
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = maxBody + 64 * 1024);
        return builder;
    }

    public static WebApplication UseAccessControl(this WebApplication app)
    {
        app.UseAuthentication();
        app.Use(async (context, next) =>
        {
            var access = RouteScopes.For(context.Request.Method, context.Request.Path.Value ?? "/");
            if (access.RequiresKey && context.User.Identity?.IsAuthenticated != true)
            {
                if (access.SignsIn && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
                {
                    context.Response.Redirect(ReviewSession.SignInRedirect(context.Request));   // a review page: sign in, then come back
                    return;
                }

                context.Response.Headers.WWWAuthenticate = "Bearer";
                await ProblemAsync(context, StatusCodes.Status401Unauthorized, "Authentication required",
                    "Send an API key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.");
                return;
            }

            if (access.Scope is { } scope && !context.User.HasClaim(ApiKeyAuthentication.ScopeClaim, scope))
            {
                await ProblemAsync(context, StatusCodes.Status403Forbidden, "Scope missing",
                    $"The API key '{context.User.Identity?.Name}' does not have the scope '{scope}'.");
                return;
            }

            // The cookie is sent by the browser on its own: a change it authenticates must also prove it came from the page.
            if (ReviewSession.IsSession(context.User) && !await ReviewSession.CarriesCsrfTokenAsync(context))
            {
                await ProblemAsync(context, StatusCodes.Status403Forbidden, "CSRF token missing or invalid",
                    $"A request signed in with the review session must send the session's token (GET /review/session) as '{ReviewSession.CsrfHeader}'.");
                return;
            }

            await next(context);
        });
        app.UseRateLimiter();
        return app;
    }

    /// <summary>Whom a request is counted against: its API key, a helpdesk's webhook, or its address.</summary>
    private static string Client(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true ? $"key:{context.User.Identity.Name}"
        : context.Request.Path.StartsWithSegments("/v1/webhooks") ? $"webhook:{context.Request.Path.Value}"
        : $"address:{context.Connection.RemoteIpAddress}";

    private static async Task ProblemAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    /// <summary>
    /// The configured keys; with none, a key with every scope for this run, written to the development key
    /// file (never logged), so the service on its defaults can be called at once.
    /// </summary>
    private static ApiKeys Keys(AccessOptions options, string contentRoot, ILogger<ApiKeys> logger)
    {
        if (options.ApiKeys.Count > 0 || string.IsNullOrWhiteSpace(options.DevelopmentKeyFile))
        {
            if (options.ApiKeys.Count == 0)
            {
                logger.LogWarning("No API keys are configured (Access:ApiKeys): every endpoint but health and the webhooks refuses requests");
            }

            return new ApiKeys(options.ApiKeys);
        }

        var key = ApiKeys.NewKey();
        var path = ContentPaths.Output(contentRoot, options.DevelopmentKeyFile);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, key + Environment.NewLine);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        logger.LogWarning("No API keys are configured (Access:ApiKeys): a key with every scope for this run only was written to {KeyFile}", path);
        return new ApiKeys([new ApiKeyEntry { Id = "development", Sha256 = ApiKeys.HashHex(key), Scopes = [.. Scopes.All] }]);
    }
}
