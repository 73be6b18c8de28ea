/**
 * Flagger's chart pin and values: Istio as the router, the platform's Prometheus as the metrics
 * server, leader election with two replicas spread over zones in production, the CRDs rendered as
 * templates (so a chart bump upgrades them), and a ServiceMonitor.
 */
import type { ChartRef } from "../helm";
import { RESTRICTED_CONTAINER_SECURITY, resources, type Toleration } from "../securityContext";

export const DELIVERY_CHARTS = {
    flagger: { chart: "flagger", version: "1.44.0", repo: "https://flagger.app" },
} as const satisfies Record<string, ChartRef>;

export const FLAGGER_RELEASE = "flagger";
/** The chart's selector labels (`flagger.name` is the chart name). */
export const FLAGGER_SELECTOR = { "app.kubernetes.io/name": "flagger", "app.kubernetes.io/instance": FLAGGER_RELEASE } as const;
/** Flagger's health and metrics port (the chart's container port `http`). */
export const FLAGGER_METRICS_PORT = 8080;
/** The image's user (the chart's default container context sets it). */
const FLAGGER_UID = 10001;

export interface FlaggerValuesArgs {
    ha: boolean;
    prometheusUrl: string;
    tolerations: Toleration[];
}

export function flaggerValues(p: FlaggerValuesArgs) {
    return {
        meshProvider: "istio",
        metricsServer: p.prometheusUrl,
        // Templates, not crds/: helm.v3.Release installs crds/ only once; the release sets skipCrds.
        crd: { create: true },
        // The chart has no pod-level securityContext value: the container carries everything the
        // restricted Pod Security level checks (non-root, seccomp, no escalation, no capabilities).
        securityContext: { enabled: true, context: { ...RESTRICTED_CONTAINER_SECURITY, runAsUser: FLAGGER_UID, runAsGroup: FLAGGER_UID } },
        leaderElection: { enabled: p.ha, replicaCount: p.ha ? 2 : 1 },
        podDisruptionBudget: { enabled: p.ha, minAvailable: 1 },
        affinity: p.ha ? zoneAndHostAntiAffinity() : {},
        tolerations: p.tolerations,
        resources: p.ha ? resources("50m", "128Mi", { memory: "512Mi" }) : resources("10m", "64Mi", { memory: "256Mi" }),
        // The metrics carry the canary's own `namespace` and `name` labels: keep them (not exported_namespace).
        serviceMonitor: { enabled: true, honorLabels: true },
        // Config tracking would wait on ConfigMaps/Secrets of a Deployment target; the targets are Services.
        configTracking: { enabled: false },
        prometheus: { install: false },
        rbac: { create: true, pspEnabled: false },
    };
}

function zoneAndHostAntiAffinity() {
    const labelSelector = { matchLabels: { ...FLAGGER_SELECTOR } };
    return {
        podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 100, podAffinityTerm: { topologyKey: "topology.kubernetes.io/zone", labelSelector } },
                { weight: 50, podAffinityTerm: { topologyKey: "kubernetes.io/hostname", labelSelector } },
            ],
        },
    };
}
