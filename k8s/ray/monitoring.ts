/**
 * Ray's metrics, alerts and dashboard. PodMonitors scrape every Ray pod in the Ray namespace (head:
 * Ray's metrics, the autoscaler's and the dashboard's; workers: Ray's metrics) and label each
 * series with its RayCluster (`ray_cluster`) and node type (`ray_node_type`), which the alerts
 * and the dashboard group by.
 */
import type { AlertGroup } from "../alertRules";
import type { Dashboard } from "../dashboards";


const relabelings = [
    { action: "replace", sourceLabels: ["__meta_kubernetes_pod_label_ray_io_cluster"], targetLabel: "ray_cluster" },
    { action: "replace", sourceLabels: ["__meta_kubernetes_pod_label_ray_io_node_type"], targetLabel: "ray_node_type" },
];

/** The container port names KubeRay gives the head (metrics) and that Ray's guide adds (as-metrics, dash-metrics). */
export const HEAD_METRIC_PORTS = ["metrics", "as-metrics", "dash-metrics"] as const;

export function podMonitorSpecs(namespace: string): { name: string; spec: Record<string, unknown> }[] {
    const monitor = (nodeType: "head" | "worker", ports: readonly string[]) => ({
        name: `ray-${nodeType}`,
        spec: {
            namespaceSelector: { matchNames: [namespace] },
            selector: { matchLabels: { "ray.io/node-type": nodeType } },
            podMetricsEndpoints: ports.map((port) => ({ port, interval: "30s", relabelings })),
        },
    });
    return [monitor("head", HEAD_METRIC_PORTS), monitor("worker", ["metrics"])];
}

/** The head's own metrics endpoint: its `up` says whether the head answers. */
const headUp = (namespace: string) => `up{ray_node_type="head", endpoint="metrics", namespace="${namespace}"}`;

export function rayAlertGroups(namespace: string): AlertGroup[] {
    return [
        {
            name: "ray",
            interval: "1m",
            rules: [
                {
                    alert: "RayHeadDown",
                    expr: `max by (namespace, ray_cluster) (${headUp(namespace)}) == 0`,
                    for: "2m",
                    severity: "critical",
                    summary: "Ray head of {{ $labels.ray_cluster }} does not answer",
                    description:
                        "The head pod of RayCluster {{ $labels.namespace }}/{{ $labels.ray_cluster }} has not answered a metrics scrape for 2 minutes. " +
                        "Without GCS fault tolerance its jobs fail and its workers restart when it does.",
                },
                {
                    alert: "RayHeadMissing",
                    expr:
                        `max by (namespace, ray_cluster) (up{ray_node_type="worker", namespace="${namespace}"})\n` +
                        `  unless on (namespace, ray_cluster) max by (namespace, ray_cluster) (${headUp(namespace)})`,
                    for: "5m",
                    severity: "critical",
                    summary: "RayCluster {{ $labels.ray_cluster }} has workers but no head",
                    description:
                        "Workers of RayCluster {{ $labels.namespace }}/{{ $labels.ray_cluster }} are running but no head pod has been scraped for 5 minutes: " +
                        "the head was lost (evicted, pending or deleted) and nothing coordinates the workers.",
                },
            ],
        },
    ];
}

export function rayDashboard(namespace: string): Dashboard {
    const sel = `namespace="${namespace}"`;
    return {
        uid: "ray-clusters",
        title: "Ray clusters",
        panels: [
            { title: "Nodes by cluster and type", unit: "short", targets: [{ expr: `count by (ray_cluster, ray_node_type) (up{${sel}, endpoint="metrics"} == 1)`, legend: "{{ray_cluster}} {{ray_node_type}}" }] },
            { title: "Tasks by state", unit: "short", targets: [{ expr: `sum by (ray_cluster, State) (ray_tasks{${sel}})`, legend: "{{ray_cluster}} {{State}}" }] },
            { title: "CPU utilisation per node (%)", unit: "short", targets: [{ expr: `avg by (ray_cluster, pod) (ray_node_cpu_utilization{${sel}})`, legend: "{{pod}}" }] },
            { title: "Memory used per node", unit: "bytes", targets: [{ expr: `sum by (ray_cluster, pod) (ray_node_mem_used{${sel}})`, legend: "{{pod}}" }] },
            { title: "GPU utilisation per node (%)", unit: "short", targets: [{ expr: `avg by (ray_cluster, pod) (ray_node_gpus_utilization{${sel}})`, legend: "{{pod}}" }] },
            { title: "Object store memory", unit: "bytes", targets: [{ expr: `sum by (ray_cluster, Location) (ray_object_store_memory{${sel}})`, legend: "{{ray_cluster}} {{Location}}" }] },
            { title: "Autoscaler: active and pending nodes", unit: "short", targets: [
                { expr: `sum by (ray_cluster) (ray_cluster_active_nodes{${sel}})`, legend: "active {{ray_cluster}}" },
                { expr: `sum by (ray_cluster) (ray_cluster_pending_nodes{${sel}})`, legend: "pending {{ray_cluster}}" },
            ] },
            { title: "Pod CPU (cores)", unit: "cores", targets: [{ expr: `sum by (pod) (rate(container_cpu_usage_seconds_total{${sel}, container!="", container!="POD"}[5m]))`, legend: "{{pod}}" }] },
        ],
    };
}
