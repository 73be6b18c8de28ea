/**
 * OpenCost's chart pin and Helm values: the cost model reads the platform's Prometheus
 * (kube-prometheus-stack's service, not the chart's default `prometheus-server`), Prometheus scrapes
 * its cost metrics back through the chart's ServiceMonitor, and Grafana shows them (dashboard.ts).
 * No UI (the dashboard is Grafana's), no MCP server, no cloud credentials.
 */
import type { ChartRef } from "../helm";
import { RESTRICTED_CONTAINER_SECURITY, RESTRICTED_POD_SECURITY, resources, type Toleration } from "../securityContext";

export const OPENCOST_CHARTS = {
    // OpenCost 1.120.1 (the chart's appVersion; the chart pins the image by digest).
    opencost: { chart: "opencost", version: "2.5.17", repo: "https://opencost.github.io/opencost-helm-chart" },
} as const satisfies Record<string, ChartRef>;

export const OPENCOST_RELEASE = "opencost";
/** The exporter's API and /metrics port (the chart's `opencost.exporter.apiPort`). */
export const OPENCOST_API_PORT = 9003;
/** The image's USER (numeric, so runAsNonRoot can be checked by the kubelet). */
const RUN_AS = 1001;

export interface OpencostValuesParams {
    /** What OpenCost calls the cluster in its metrics and API: `<project>-<stack>`. */
    clusterId: string;
    prometheus: { service: string; namespace: string; port: number };
    tolerations: Toleration[];
}

export function opencostValues(p: OpencostValuesParams): Record<string, unknown> {
    return {
        podSecurityContext: { ...RESTRICTED_POD_SECURITY, runAsUser: RUN_AS, runAsGroup: RUN_AS, fsGroup: RUN_AS },
        // OpenCost writes its pricing configuration under CONFIG_PATH (/var/configs): writable under a read-only root.
        extraVolumes: [{ name: "configs", emptyDir: {} }],
        opencost: {
            exporter: {
                // One replica: two would export every cost series twice and double each sum (dashboard.ts).
                replicas: 1,
                defaultClusterId: p.clusterId,
                securityContext: RESTRICTED_CONTAINER_SECURITY,
                resources: resources("50m", "256Mi", { memory: "1Gi" }),
                extraVolumeMounts: [{ name: "configs", mountPath: "/var/configs" }],
            },
            prometheus: {
                external: { enabled: false },
                internal: { enabled: true, serviceName: p.prometheus.service, namespaceName: p.prometheus.namespace, port: p.prometheus.port, scheme: "http" },
            },
            metrics: {
                // honorLabels keeps the namespace/pod labels OpenCost exports instead of the target's own.
                serviceMonitor: { enabled: true, honorLabels: true, scrapeInterval: "60s", scrapeTimeout: "30s" },
            },
            mcp: { enabled: false },
            ui: { enabled: false },
            tolerations: p.tolerations,
        },
    };
}
