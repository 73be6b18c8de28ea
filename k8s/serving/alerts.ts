/**
 * Service-level alerts of model serving. Sources: Istio's standard metrics (reported by the serving
 * pods' sidecars), cAdvisor and kube-state-metrics (from kube-prometheus-stack), and
 * MODEL_TRAINED_METRIC, which kube-state-metrics exports from the trained-at annotation a release
 * writes on its InferenceService (modelFreshness.ts).
 */
import type { AlertGroup } from "../alertRules";
import { MODEL_TRAINED_METRIC } from "./modelFreshness";

export { MODEL_TRAINED_METRIC };

export const THRESHOLDS = {
    p50LatencyMs: 100,
    p99LatencyMs: 500,
    errorRatio: 0.01,
    cpuRatio: 0.8,
    memoryRatio: 0.85,
    modelStalenessSeconds: 24 * 3600,
} as const;

function latencyQuantile(quantile: number, ns: string): string {
    return (
        `histogram_quantile(${quantile}, sum by (destination_workload, le) (` +
        `rate(istio_request_duration_milliseconds_bucket{reporter="destination", destination_workload_namespace="${ns}"}[5m])))`
    );
}

function errorRatio(ns: string): string {
    const selector = `reporter="destination", destination_workload_namespace="${ns}"`;
    return (
        `sum by (destination_workload) (rate(istio_requests_total{${selector}, response_code=~"5.."}[5m]))\n` +
        `  / sum by (destination_workload) (rate(istio_requests_total{${selector}}[5m]))`
    );
}

export function servingAlerts(namespace: string): AlertGroup[] {
    const t = THRESHOLDS;
    const container = `namespace="${namespace}", container!="", container!="POD"`;
    return [
        {
            name: "ml-serving.slo",
            interval: "30s",
            rules: [
                {
                    alert: "ModelLatencyP50High",
                    expr: `${latencyQuantile(0.5, namespace)} > ${t.p50LatencyMs}`,
                    for: "10m",
                    severity: "warning",
                    summary: "Median model latency above 100 ms",
                    description: "p50 latency of {{ $labels.destination_workload }} is {{ $value | humanize }} ms.",
                },
                {
                    alert: "ModelLatencyP99High",
                    expr: `${latencyQuantile(0.99, namespace)} > ${t.p99LatencyMs}`,
                    for: "10m",
                    severity: "critical",
                    summary: "p99 model latency above 500 ms",
                    description: "p99 latency of {{ $labels.destination_workload }} is {{ $value | humanize }} ms.",
                },
                {
                    alert: "ModelErrorRateHigh",
                    expr: `(\n  ${errorRatio(namespace)}\n) > ${t.errorRatio}`,
                    for: "5m",
                    severity: "critical",
                    summary: "More than 1 % of model requests fail",
                    description: "{{ $labels.destination_workload }} answers {{ $value | humanizePercentage }} of requests with 5xx.",
                },
                {
                    alert: "ModelNoReadyReplicas",
                    expr: `max by (namespace, deployment) (kube_deployment_status_replicas_available{namespace="${namespace}"}) == 0`,
                    for: "5m",
                    severity: "critical",
                    summary: "A model has no ready replicas",
                    description: "Deployment {{ $labels.deployment }} has had no available replica for 5 minutes.",
                },
            ],
        },
        {
            name: "ml-serving.resources",
            interval: "1m",
            rules: [
                {
                    alert: "ModelCpuHigh",
                    expr:
                        `sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{${container}}[5m]))\n` +
                        `  / sum by (namespace, pod) (kube_pod_container_resource_requests{namespace="${namespace}", resource="cpu"}) > ${t.cpuRatio}`,
                    for: "15m",
                    severity: "warning",
                    summary: "Model pod uses more than 80 % of its CPU request",
                    description: "{{ $labels.pod }} uses {{ $value | humanizePercentage }} of its requested CPU.",
                },
                {
                    alert: "ModelMemoryHigh",
                    expr:
                        `sum by (namespace, pod) (container_memory_working_set_bytes{${container}})\n` +
                        `  / sum by (namespace, pod) (kube_pod_container_resource_limits{namespace="${namespace}", resource="memory"}) > ${t.memoryRatio}`,
                    for: "15m",
                    severity: "warning",
                    summary: "Model pod uses more than 85 % of its memory limit",
                    description: "{{ $labels.pod }} uses {{ $value | humanizePercentage }} of its memory limit.",
                },
            ],
        },
        {
            name: "ml-models.freshness",
            interval: "5m",
            rules: [
                {
                    alert: "ModelStale",
                    expr: `time() - max by (namespace, model) (${MODEL_TRAINED_METRIC}) > ${t.modelStalenessSeconds}`,
                    for: "30m",
                    severity: "warning",
                    summary: "Model not retrained for more than 24 hours",
                    description: "Model {{ $labels.model }} was last trained {{ $value | humanizeDuration }} ago.",
                },
            ],
        },
    ];
}
