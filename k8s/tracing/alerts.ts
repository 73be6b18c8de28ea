/** Tracing's alerts: the collector losing spans, and the trace store down. Warnings: traces are not on the request path. */
import type { AlertGroup } from "../alertRules";
import { TEMPO_RELEASE } from "./provider";

export function tracingAlerts(namespace: string): AlertGroup[] {
    return [
        {
            name: "ml-platform.tracing",
            interval: "1m",
            rules: [
                {
                    alert: "TracingSpansDropped",
                    // The collector's own counter: spans an exporter gave up on after its retries.
                    expr: `sum by (namespace, exporter) (rate(otelcol_exporter_send_failed_spans_total{namespace="${namespace}"}[5m])) > 0`,
                    for: "10m",
                    severity: "warning",
                    summary: "The OpenTelemetry Collector is dropping spans",
                    description: "Exporter {{ $labels.exporter }} has failed to deliver spans for 10 minutes: traces are incomplete.",
                },
                {
                    alert: "TempoUnavailable",
                    expr: `max by (namespace, statefulset) (kube_statefulset_status_replicas_ready{namespace="${namespace}", statefulset="${TEMPO_RELEASE}"}) == 0`,
                    for: "5m",
                    severity: "warning",
                    summary: "Tempo has no ready replicas",
                    description: "No traces are stored or queryable; the collector queues spans until its queue fills.",
                },
            ],
        },
    ];
}
