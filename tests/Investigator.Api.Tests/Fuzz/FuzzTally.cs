using System.Globalization;
using System.Text;

namespace Investigator.Api.Tests.Fuzz;

/// <summary>What the service answered, endpoint by endpoint: how many requests, how many with valid credentials, and each status's count.</summary>
internal sealed class FuzzTally
{
    private readonly Dictionary<string, EndpointCounts> _endpoints = new(StringComparer.Ordinal);

    public int Total => _endpoints.Values.Sum(e => e.Requests);

    public void Record(HostileRequest request, int status, string? title, TimeSpan took)
    {
        if (!_endpoints.TryGetValue(request.Target.Name, out var counts))
        {
            _endpoints[request.Target.Name] = counts = new EndpointCounts();
        }

        counts.Requests++;
        counts.Time += took;
        counts.PastTheGate += request.PassesGate ? 1 : 0;
        counts.Statuses[status] = counts.Statuses.GetValueOrDefault(status) + 1;
        if (status >= 400)
        {
            var key = $"{status} {title ?? "(no title)"}";
            counts.Errors[key] = counts.Errors.GetValueOrDefault(key) + 1;
        }
    }

    public int RequestsTo(FuzzTarget target) => _endpoints.TryGetValue(target.Name, out var counts) ? counts.Requests : 0;

    /// <summary>The share of an endpoint's requests that carried valid credentials, so that its handler, not the gate, judged them.</summary>
    public double PastTheGateShare(FuzzTarget target) =>
        _endpoints.TryGetValue(target.Name, out var counts) && counts.Requests > 0 ? (double)counts.PastTheGate / counts.Requests : 0;

    /// <summary>One line per endpoint: requests, the share that passed the gate, and the statuses answered.</summary>
    public string Report()
    {
        var text = new StringBuilder();
        foreach (var (name, counts) in _endpoints.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var statuses = string.Join(" ", counts.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}:{s.Value}"));
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{name,-24} {counts.Requests,6} requests ({counts.PastTheGate,4} past the gate) in {counts.Time.TotalSeconds,5:0.0} s; {statuses}");
        }

        text.Append(CultureInfo.InvariantCulture, $"{"total",-24} {Total,6} requests");
        return text.ToString();
    }

    /// <summary>Each endpoint's error answers by status and problem title, to see what the service said, not only its status.</summary>
    public string ErrorTitles()
    {
        var text = new StringBuilder();
        foreach (var (name, counts) in _endpoints.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{name}: {string.Join("; ", counts.Errors.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key} x{e.Value}"))}");
        }

        return text.ToString();
    }

    private sealed class EndpointCounts
    {
        public int Requests { get; set; }

        public int PastTheGate { get; set; }

        public TimeSpan Time { get; set; }

        public Dictionary<int, int> Statuses { get; } = [];

        public Dictionary<string, int> Errors { get; } = new(StringComparer.Ordinal);
    }
}
