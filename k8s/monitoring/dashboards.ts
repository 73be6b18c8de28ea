/**
 * Grafana dashboards as data: each becomes a ConfigMap labelled grafana_dashboard=1, which
 * kube-prometheus-stack's Grafana sidecar loads from any namespace.
 */

export interface Panel {
    title: string;
    /** PromQL, one line per series; `{{label}}` legends. */
    targets: { expr: string; legend: string }[];
    unit: "reqps" | "percentunit" | "ms" | "short" | "cores" | "bytes";
}

export interface Dashboard {
    uid: string;
    title: string;
    panels: Panel[];
}

const WIDTH = 12;
const HEIGHT = 8;

/** Grafana's dashboard JSON model: timeseries panels on a two-column grid. */
export function dashboardJson(d: Dashboard): string {
    const panels = d.panels.map((p, i) => ({
        id: i + 1,
        type: "timeseries",
        title: p.title,
        datasource: { type: "prometheus", uid: "prometheus" },
        gridPos: { x: (i % 2) * WIDTH, y: Math.floor(i / 2) * HEIGHT, w: WIDTH, h: HEIGHT },
        fieldConfig: { defaults: { unit: p.unit }, overrides: [] },
        targets: p.targets.map((t, j) => ({ refId: String.fromCharCode(65 + j), expr: t.expr, legendFormat: t.legend })),
    }));
    return JSON.stringify({
        uid: d.uid,
        title: d.title,
        tags: ["ml-platform"],
        timezone: "utc",
        schemaVersion: 39,
        refresh: "30s",
        time: { from: "now-6h", to: "now" },
        panels,
    });
}

function istioTraffic(namespace: string): Panel[] {
    const sel = `reporter="destination", destination_workload_namespace="${namespace}"`;
    const latency = (q: number) =>
        `histogram_quantile(${q}, sum by (destination_workload, le) (rate(istio_request_duration_milliseconds_bucket{${sel}}[5m])))`;
    return [
        { title: "Requests per second", unit: "reqps", targets: [{ expr: `sum by (destination_workload) (rate(istio_requests_total{${sel}}[5m]))`, legend: "{{destination_workload}}" }] },
        {
            title: "Error ratio (5xx)",
            unit: "percentunit",
            targets: [
                {
                    expr: `sum by (destination_workload) (rate(istio_requests_total{${sel}, response_code=~"5.."}[5m])) / sum by (destination_workload) (rate(istio_requests_total{${sel}}[5m]))`,
                    legend: "{{destination_workload}}",
                },
            ],
        },
        {
            title: "Latency p50 / p99",
            unit: "ms",
            targets: [
                { expr: latency(0.5), legend: "p50 {{destination_workload}}" },
                { expr: latency(0.99), legend: "p99 {{destination_workload}}" },
            ],
        },
    ];
}

function podResources(namespace: string): Panel[] {
    const c = `namespace="${namespace}", container!="", container!="POD"`;
    return [
        { title: "Ready replicas", unit: "short", targets: [{ expr: `kube_deployment_status_replicas_available{namespace="${namespace}"}`, legend: "{{deployment}}" }] },
        { title: "CPU", unit: "cores", targets: [{ expr: `sum by (pod) (rate(container_cpu_usage_seconds_total{${c}}[5m]))`, legend: "{{pod}}" }] },
        { title: "Memory (working set)", unit: "bytes", targets: [{ expr: `sum by (pod) (container_memory_working_set_bytes{${c}})`, legend: "{{pod}}" }] },
    ];
}

export function platformDashboards(ns: { serving: string; mlflow: string }): Dashboard[] {
    return [
        { uid: "ml-serving-overview", title: "ML serving overview", panels: [...istioTraffic(ns.serving), ...podResources(ns.serving)] },
        { uid: "mlflow", title: "MLflow tracking server", panels: [...istioTraffic(ns.mlflow), ...podResources(ns.mlflow)] },
    ];
}
