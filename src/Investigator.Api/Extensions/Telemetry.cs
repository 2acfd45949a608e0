using Investigator.Api.Endpoints;
using Investigator.Core.Cases;
using Investigator.Core.Diagnostics;
using Investigator.Core.Investigation;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Investigator.Api.Extensions;

/// <summary>
/// Metrics are always collected for <c>GET /metrics</c>. OpenTelemetry traces: one "case" activity per case (tagged with the case id), a "layer …" activity per
/// layer and a "tool …" activity per tool call beneath it. They are exported over OTLP only when
/// <c>Telemetry:OtlpEndpoint</c> is set, with the metrics; without it nothing listens and the activities cost nothing.
/// </summary>
public static class Telemetry
{
    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddMetricsCollector();
        var endpoint = builder.Configuration["Telemetry:OtlpEndpoint"];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return builder;
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            throw new InvalidOperationException($"Telemetry:OtlpEndpoint '{endpoint}' is not an absolute URL (for example http://otel-collector:4318).");
        }

        var protocol = builder.Configuration["Telemetry:Protocol"] switch
        {
            null or "" or "HttpProtobuf" => OtlpExportProtocol.HttpProtobuf,
            "Grpc" => OtlpExportProtocol.Grpc,
            var other => throw new InvalidOperationException($"Telemetry:Protocol '{other}' is not one of HttpProtobuf, Grpc."),
        };

        void Export(OtlpExporterOptions otlp, string signalPath)
        {
            otlp.Protocol = protocol;
            // With HTTP the signal path is part of the endpoint; a bare collector address gets it added.
            otlp.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf && uri.AbsolutePath is "" or "/" ? new Uri(uri, signalPath) : uri;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Configuration["Telemetry:ServiceName"] is { Length: > 0 } name ? name : "investigator"))
            .WithTracing(tracing => tracing
                .AddSource(CasePipeline.Activities.Name, ToolCallRecorder.Activities.Name)
                .AddOtlpExporter(otlp => Export(otlp, "v1/traces")))
            .WithMetrics(metrics => metrics
                .AddMeter(InvestigatorMetrics.MeterName)
                .AddOtlpExporter(otlp => Export(otlp, "v1/metrics")));
        return builder;
    }
}
