/**
 * Names the mesh and Grafana need to point at the tracing component, kept free of imports so the
 * mesh and monitoring values can read them without depending on the component itself.
 */
export const TRACING_NAMESPACE_NAME = "tracing";

/** The collector's Service (the chart's fullname) and its OTLP ports. */
export const COLLECTOR_SERVICE = "otel-collector";
export const OTLP_GRPC_PORT = 4317;
export const OTLP_HTTP_PORT = 4318;

/** Tempo's release (also its Service and StatefulSet name) and its query/metrics port. */
export const TEMPO_RELEASE = "tempo";
export const TEMPO_HTTP_PORT = 3200;

/** The name Istio's Telemetry resources use for the OpenTelemetry tracing provider. */
export const TRACING_PROVIDER = "otel-tracing";

export const TEMPO_DATASOURCE_UID = "tempo";
/** kube-prometheus-stack provisions its Prometheus data source with this uid. */
export const PROMETHEUS_DATASOURCE_UID = "prometheus";

function clusterHost(service: string): string {
    return `${service}.${TRACING_NAMESPACE_NAME}.svc.cluster.local`;
}

/**
 * istiod's meshConfig.extensionProviders entry: Envoy exports spans over OTLP/gRPC (no `http`
 * block) to the collector. `service` is the FQDN, as Istio resolves it against its service registry.
 */
export function tracingExtensionProvider() {
    return { name: TRACING_PROVIDER, opentelemetry: { service: clusterHost(COLLECTOR_SERVICE), port: OTLP_GRPC_PORT } };
}

/**
 * Grafana's Tempo data source, linked to Prometheus: from a span, the mesh's request rate and p99
 * in the minutes around it. Not filtered to the span's service: Envoy names spans' service
 * `<app>.<namespace>`, which no single Istio metric label carries. kube-prometheus-stack renders
 * additionalDataSources through `tpl`, so nothing here may contain `{{`.
 */
export function tempoDataSource() {
    return {
        name: "Tempo",
        type: "tempo",
        uid: TEMPO_DATASOURCE_UID,
        access: "proxy",
        url: `http://${clusterHost(TEMPO_RELEASE)}:${TEMPO_HTTP_PORT}`,
        editable: false,
        jsonData: {
            nodeGraph: { enabled: true },
            serviceMap: { datasourceUid: PROMETHEUS_DATASOURCE_UID },
            tracesToMetrics: {
                datasourceUid: PROMETHEUS_DATASOURCE_UID,
                spanStartTimeShift: "-5m",
                spanEndTimeShift: "5m",
                queries: [
                    { name: "Mesh request rate by code", query: 'sum by (response_code) (rate(istio_requests_total{reporter="destination"}[5m]))' },
                    { name: "Mesh p99 latency (ms)", query: 'histogram_quantile(0.99, sum by (le) (rate(istio_request_duration_milliseconds_bucket{reporter="destination"}[5m])))' },
                ],
            },
        },
    };
}
