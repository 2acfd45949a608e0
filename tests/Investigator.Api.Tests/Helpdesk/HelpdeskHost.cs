using System.Collections.Concurrent;
using System.Text;
using Investigator.Api.Extensions;
using Investigator.Core.Cases;
using Investigator.Core.Decisioning;
using Investigator.Core.Drafting;
using Investigator.Core.Helpdesk;
using Investigator.Core.Intake;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Investigator.Api.Tests.Helpdesk;

/// <summary>A container with the write-back registered as the service registers it, from in-memory "Helpdesks" settings.</summary>
public static class HelpdeskHost
{
    public const string ZendeskEmail = "agent@example.com";
    public const string ZendeskToken = "zd-api-token-for-tests";
    public const string FreshdeskKey = "fd-api-key-for-tests";

    public static string ZendeskAuthorization => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ZendeskEmail}/token:{ZendeskToken}"));

    public static string FreshdeskAuthorization => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{FreshdeskKey}:X"));

    /// <summary>Fast retries: three attempts, 10 ms base backoff, Retry-After honoured up to 5 s.</summary>
    public static Dictionary<string, string?> Settings(Uri? zendesk = null, Uri? freshdesk = null, params string[] publicReplyKinds)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Helpdesks:MaxAttempts"] = "3",
            ["Helpdesks:MaxRetryDelaySeconds"] = "5",
            ["Helpdesks:RetryDelayMilliseconds"] = "10",
            ["Helpdesks:AttemptTimeoutSeconds"] = "10",
        };
        if (zendesk is not null)
        {
            settings["Helpdesks:Zendesk:BaseUrl"] = zendesk.ToString();
            settings["Helpdesks:Zendesk:Email"] = ZendeskEmail;
            settings["Helpdesks:Zendesk:ApiToken"] = ZendeskToken;
        }

        if (freshdesk is not null)
        {
            settings["Helpdesks:Freshdesk:BaseUrl"] = freshdesk.ToString();
            settings["Helpdesks:Freshdesk:ApiKey"] = FreshdeskKey;
        }

        for (var i = 0; i < publicReplyKinds.Length; i++)
        {
            settings[$"Helpdesks:PublicReplyKinds:{i}"] = publicReplyKinds[i];
        }

        return settings;
    }

    public static ServiceProvider Build(IDictionary<string, string?> settings, CapturedLogs? logs = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            if (logs is not null)
            {
                logging.AddProvider(logs);
            }
        });
        services.AddHelpdeskWriteBack(configuration);
        return services.BuildServiceProvider();
    }

    public static Task<WriteBackResult> PostAsync(this ServiceProvider services, SupportCase supportCase) =>
        services.GetRequiredService<IHelpdeskWriteBack>().PostAsync(supportCase, CancellationToken.None);

    public const string DraftBody = "Hello Dana,\n\nYour webhook endpoint answers 410 Gone [E1], so deliveries stopped at 14:05 UTC.\nRe-enable it under Settings → Webhooks once it answers 200.";

    public const string InternalNote = "Verified account; endpoint auto-disabled after 3 failed deliveries (E1). No incident open.";

    /// <summary>A completed case from a helpdesk ticket: a configuration mistake at P2 with a checked draft.</summary>
    public static SupportCase Case(string source = "zendesk", string? externalId = "4242", MessageKind kind = MessageKind.Resolution, bool checksPassed = true)
    {
        var at = new DateTimeOffset(2026, 11, 12, 14, 30, 0, TimeSpan.Zero);
        var check = checksPassed
            ? new DraftCheck(true, 3, [])
            : new DraftCheck(false, 3, [new DraftIssue(DraftIssueKind.UnsupportedClaim, "deliveries stopped at 14:05 UTC", "14:05 is in no cited evidence")]);
        return new SupportCase(
            "case_0193a1b2c3d4e5f6",
            CaseStatus.Completed,
            at,
            at.AddMinutes(1),
            new Ticket { Source = source, ExternalId = externalId, Subject = "Webhooks stopped", Body = "Our webhooks stopped arriving.", Requester = new Requester("dana@customer.example", "Dana") },
            Decision: new Decision(
                Disposition.UserOrConfigurationMistake,
                0.9,
                CaseType.Configuration,
                Priority.P2,
                new SlaClock(at, at.AddHours(4), null, at.AddDays(2), null, false),
                new Route(SupportTier.Tier1, "general"),
                null,
                [],
                []),
            Draft: new Draft(kind, "Re: Webhooks stopped", DraftBody, ["E1"], InternalNote, check, "en", "template"));
    }
}

/// <summary>Every log entry, with the values of the scopes it was written in.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    /// <summary>One entry: its level, category, formatted message and the key/value pairs of its scopes.</summary>
    public sealed record LogEntry(LogLevel Level, string Category, string Message, IReadOnlyDictionary<string, object?> Scope);

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = new Dictionary<string, object?>();
            owner._scopes.ForEachScope((value, values) =>
            {
                if (value is IEnumerable<KeyValuePair<string, object>> pairs)
                {
                    foreach (var (key, item) in pairs)
                    {
                        values[key] = item;
                    }
                }
            }, scope);
            owner._entries.Enqueue(new LogEntry(logLevel, category, formatter(state, exception), scope));
        }
    }
}
