/**
 * Grafana dashboards as data: components declare them, the layer creates one ConfigMap each,
 * labelled grafana_dashboard=1, which Grafana's dashboard sidecar loads from any namespace.
 */
import type * as pulumi from "@pulumi/pulumi";
import { ConfigMap } from "@pulumi/kubernetes/core/v1";

export interface Panel {
    title: string;
    /** PromQL, one line per series; `{{label}}` legends. */
    targets: { expr: string; legend: string }[];
    unit: "reqps" | "percentunit" | "ms" | "short" | "cores" | "bytes" | "currencyUSD";
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

/** Ready replicas, CPU and memory of a namespace's workloads (kube-state-metrics, cAdvisor). */
export function workloadPanels(namespace: string): Panel[] {
    const c = `namespace="${namespace}", container!="", container!="POD"`;
    return [
        { title: "Ready replicas", unit: "short", targets: [{ expr: `kube_deployment_status_replicas_available{namespace="${namespace}"}`, legend: "{{deployment}}" }] },
        { title: "CPU", unit: "cores", targets: [{ expr: `sum by (pod) (rate(container_cpu_usage_seconds_total{${c}}[5m]))`, legend: "{{pod}}" }] },
        { title: "Memory (working set)", unit: "bytes", targets: [{ expr: `sum by (pod) (container_memory_working_set_bytes{${c}})`, legend: "{{pod}}" }] },
    ];
}


export function dashboardConfigMaps(
    dashboards: Dashboard[],
    target: { namespace: pulumi.Input<string>; labels: Record<string, string> },
    opts: pulumi.CustomResourceOptions,
): ConfigMap[] {
    return dashboards.map(
        (d) =>
            new ConfigMap(
                `dashboard-${d.uid}`,
                { metadata: { name: `dashboard-${d.uid}`, namespace: target.namespace, labels: target.labels }, data: { [`${d.uid}.json`]: dashboardJson(d) } },
                opts,
            ),
    );
}
