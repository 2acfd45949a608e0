using System.Globalization;

namespace Investigator.WorldGen.Logs;

/// <summary>
/// Every message of the world comes from one of these templates, so the wording is a small, stable set
/// with variable parts (which a log-template miner is measured on).
/// </summary>
internal static class LogTemplates
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Request(string method, string path, int status, int ms) => $"{method} {path} {status} in {ms}ms";

    public static string RunCompleted(string run, int ms, int steps) =>
        string.Create(Inv, $"run {run} completed in {ms / 1000.0:0.0}s (steps={steps})");

    public static string RunStepFailed(string run, int step, int steps, int status, string host) =>
        $"run {run} failed at step {step}/{steps}: http step returned {status} from {host}";

    public static string WebhookDelivered(string host, int status, int ms, string evt) =>
        $"webhook delivered to {host} {status} in {ms}ms (event {evt})";

    public static string WebhookTimeout(string host, int attempt) =>
        $"webhook delivery to {host} failed: timeout after 30000ms (attempt {attempt}/5)";

    public static string WebhookHttpError(string host, int status, string reason, int attempt) =>
        $"webhook delivery to {host} failed: endpoint responded {status} {reason} (attempt {attempt}/5)";

    public static string WebhookDisabled(string endpoint, int failures) =>
        $"webhook endpoint {endpoint} disabled after {failures} consecutive failed deliveries";

    public static string WebhookSkipped(string evt, string endpoint) =>
        $"webhook event {evt} not delivered: endpoint {endpoint} disabled";

    public static string WebhookUrlChanged(string endpoint, string url) =>
        $"webhook endpoint {endpoint} updated: url changed to {url}";

    public static string LoginSucceeded(string user, string method) => $"login succeeded for {user} via {method}";

    public static string LoginFailedPassword(string user) => $"login failed for {user}: invalid password";

    public static string SamlSignatureInvalid(string user) =>
        $"SAML response rejected: signature validation failed (certificate fingerprint mismatch) for {user}";

    public static string SsoMetadataTimeout(string user) =>
        $"SSO login failed for {user}: identity provider metadata refresh timed out after 10000ms";

    public static string SsoCertificateReplaced(string by, string fingerprint) =>
        $"sso settings updated: idp certificate replaced by {by} (new {fingerprint})";

    public static string RoleChanged(string user, string from, string to, string by) =>
        $"role changed for {user}: {from} -> {to} by {by}";

    public static string KeyRevoked(string prefix) => $"authentication failed: api key {prefix} revoked";

    public static string KeyExpired(string prefix, DateTimeOffset at) =>
        string.Create(Inv, $"authentication failed: api key {prefix} expired at {at:yyyy-MM-ddTHH:mm:ssZ}");

    public static string KeyUnknown(string prefix) => $"authentication failed: api key {prefix} not recognized";

    public static string KeyRevokedAudit(string prefix, string by) => $"api key {prefix} revoked by {by}";

    public static string KeyExpiryNotice(string prefix, DateTimeOffset at, int days) =>
        string.Create(Inv, $"api key {prefix} expires at {at:yyyy-MM-ddTHH:mm:ssZ} (in {days} days): expiry notice sent to account owner");

    public static string KeyNewIp(string prefix, string ip, string country) => $"api key {prefix} used from new ip {ip} (country={country})";

    public static string WorkflowCreated(string workflow, string name, string prefix, string ip) =>
        $"workflow {workflow} (name={name}) created by api key {prefix} from {ip}";

    public static string RateLimited(int perMinute, string plan) => $"rate limit exceeded: {perMinute} requests/min for plan {plan}";

    public static string QuotaRejected(long used, long limit) => $"workflow run rejected: monthly run quota exhausted ({used}/{limit})";

    public static string QuotaThreshold(int percent, long used, long limit, string plan) =>
        $"monthly run quota at {percent}%: {used}/{limit} runs used (plan {plan})";

    public static string Forbidden(string role, string action, string user) => $"forbidden: role {role} cannot perform {action} for {user}";

    public static string UpstreamUnavailable() => "upstream workflow-engine unavailable: 503 after 3 retries";

    public static string ExportCompleted(string job, int rows, int ms) =>
        string.Create(Inv, $"export job {job} completed: {rows:N0} rows in {ms / 1000.0:0.0}s");

    public static string ExportFailed(string job) =>
        $"export job {job} failed: System.NullReferenceException: Object reference not set to an instance of an object. at Flowpoint.Exports.ExportRowWriter.WriteCustomFields(Row row)";

    public static string SlowQuery(string query, int ms, long rows) => $"slow query {query} took {ms}ms (rows={rows})";

    public static string QueryTimeout(string query, int ms, long rows) => $"query {query} timed out after {ms}ms (rows={rows})";

    public static string RetentionPurge(int runs, int days) => $"retention purge deleted {runs} runs older than {days} days";

    public static string RetentionChanged(int from, int to, string by) => $"retention policy updated: runRetentionDays {from} -> {to} by {by}";

    public static string PlanChanged(string from, string to, string by) => $"plan changed: {from} -> {to} by {by}";

    public static string InvoiceIssued(string invoice, string description, decimal amount) =>
        string.Create(Inv, $"invoice {invoice} issued: {description}, {amount:0.00} USD");

    public static string InvoiceSettled(string invoice, decimal amount, string plan, string period) =>
        string.Create(Inv, $"invoice {invoice} settled: {amount:0.00} USD (plan {plan}, period {period})");

    public static string UsageAggregation(int accounts, int ms) =>
        string.Create(Inv, $"nightly usage aggregation completed for {accounts} accounts in {ms / 1000.0:0.0}s");

    public static string HealthOk(string host, int ms) => $"health check ok: {host} responded in {ms}ms";

    public static string HealthFailed(string host, int status, int ms) => $"health check failed: {host} responded {status} in {ms}ms";

    public static string PoolStats(int active, int idle, int waiting, string host) =>
        $"connection pool stats: active={active} idle={idle} waiting={waiting} ({host})";

    public static string QueueStats(int depth, int lagMs, string host) => $"run queue depth {depth}, lag {lagMs}ms on {host}";

    public static string WorkerPool(int busy, int max, string host) => $"delivery worker pool: {busy}/{max} connections busy on {host}";

    public static string DatabaseFailover(string host) => $"database failover in progress: {host} unreachable";

    public static string DatabasePromoted(string host) => $"database failover completed: {host} promoted to primary";

    public static string BacklogDrained(int runs) => $"run queue backlog drained: {runs} delayed runs started";

    public static string Unhandled(string method, string path, string exception) => $"unhandled exception while handling {method} {path}: {exception}";

    public static string ValidationFailed(string method, string path, string detail) => $"validation failed on {method} {path}: {detail}";
}
