using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Investigator.Core.Diagnostics;

namespace Investigator.Api.Operations;

/// <summary>
/// Listens to the <see cref="InvestigatorMetrics"/> meter from the moment it is built and keeps, per instrument and
/// label set, a counter's sum, a histogram's buckets, sum and count, and a gauge's last value; renders them in the
/// Prometheus text exposition format (version 0.0.4). Names follow Prometheus' conventions: dots become underscores,
/// a histogram in seconds ends in <c>_seconds</c>, a counter in <c>_total</c>.
/// </summary>
public sealed class MetricsCollector : IDisposable
{
    /// <summary>Upper bounds of the latency buckets, in seconds: from a cached lookup to a slow model call.</summary>
    internal static readonly double[] Buckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, Series> _series = new(StringComparer.Ordinal);

    private sealed class Series(Instrument instrument, string labels)
    {
        public Instrument Instrument { get; } = instrument;

        public string Labels { get; } = labels;

        public double Value { get; set; }

        public long Count { get; set; }

        public long[] BucketCounts { get; } = new long[Buckets.Length];
    }

    public MetricsCollector()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == InvestigatorMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Every series as Prometheus text; gauges are observed now.</summary>
    public string Render()
    {
        lock (_gate)
        {
            // A gauge reports what is observed now: a state no longer observed has no value.
            foreach (var key in _series.Where(s => s.Value.Instrument is ObservableGauge<long>).Select(s => s.Key).ToList())
            {
                _series.Remove(key);
            }
        }

        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        lock (_gate)
        {
            foreach (var group in _series.Values.GroupBy(s => s.Instrument))
            {
                Write(text, group.Key, group);
            }
        }

        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = Labels(tags);
        lock (_gate)
        {
            var key = instrument.Name + "{" + labels + "}";
            if (!_series.TryGetValue(key, out var series))
            {
                _series[key] = series = new Series(instrument, labels);
            }

            switch (instrument)
            {
                case ObservableGauge<long>:
                    series.Value = value;
                    break;
                case Histogram<double>:
                    series.Value += value;
                    series.Count++;
                    var bucket = Array.FindIndex(Buckets, bound => value <= bound);
                    if (bucket >= 0)
                    {
                        series.BucketCounts[bucket]++;
                    }

                    break;
                default:
                    series.Value += value;
                    break;
            }
        }
    }

    private static void Write(StringBuilder text, Instrument instrument, IEnumerable<Series> series)
    {
        var baseName = instrument.Name.Replace('.', '_') + (instrument.Unit == "s" ? "_seconds" : "");
        var (name, type) = instrument switch
        {
            Counter<long> => (baseName + "_total", "counter"),
            Histogram<double> => (baseName, "histogram"),
            _ => (baseName, "gauge"),
        };
        text.Append("# HELP ").Append(name).Append(' ').Append(instrument.Description?.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
        text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        foreach (var s in series)
        {
            if (type != "histogram")
            {
                Sample(text, name, s.Labels, s.Value);
                continue;
            }

            long cumulative = 0;
            for (var i = 0; i < Buckets.Length; i++)
            {
                cumulative += s.BucketCounts[i];
                Sample(text, name + "_bucket", Join(s.Labels, $"le=\"{Buckets[i].ToString(CultureInfo.InvariantCulture)}\""), cumulative);
            }

            Sample(text, name + "_bucket", Join(s.Labels, "le=\"+Inf\""), s.Count);
            Sample(text, name + "_sum", s.Labels, s.Value);
            Sample(text, name + "_count", s.Labels, s.Count);
        }
    }

    private static void Sample(StringBuilder text, string name, string labels, double value)
    {
        text.Append(name);
        if (labels.Length > 0)
        {
            text.Append('{').Append(labels).Append('}');
        }

        text.Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
    }

    private static string Join(string labels, string more) => labels.Length == 0 ? more : labels + "," + more;

    /// <summary>Labels sorted by name, values escaped as the format asks (backslash, quote, line feed).</summary>
    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var pairs = new List<string>(tags.Length);
        foreach (var tag in tags)
        {
            var value = Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "";
            pairs.Add($"{tag.Key}=\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}\"");
        }

        pairs.Sort(StringComparer.Ordinal);
        return string.Join(",", pairs);
    }
}
