/** Values for the falco chart 9.1.0 (Falco 0.44.1, falco-rules 5.1.0 and the container plugin 0.7.1 in the image) with falcosidekick 0.12.x. */
import type { FalcoPriority } from "../../components/config/runtime";
import type { ChartRef } from "../helm";
import { RESTRICTED_CONTAINER_SECURITY, RESTRICTED_POD_SECURITY, resources, type Toleration } from "../securityContext";

export const FALCO_CHARTS = {
    falco: { chart: "falco", version: "9.1.0", repo: "https://falcosecurity.github.io/charts" },
} as const satisfies Record<string, ChartRef>;

/** Release name: the chart names its DaemonSet, Services and falcosidekick after it. */
export const FALCO_RELEASE = "falco";
export const FALCO_DAEMONSET = FALCO_RELEASE;
/** Falco's webserver: /healthz and, with metrics on, /metrics. */
export const FALCO_METRICS_PORT = 8765;
/** falcosidekick's one HTTP port: Falco posts events to it, Prometheus scrapes /metrics on it. */
export const FALCOSIDEKICK_PORT = 2801;
export const FALCOSIDEKICK_LABELS = { "app.kubernetes.io/name": "falcosidekick", "app.kubernetes.io/instance": FALCO_RELEASE };
/** The file name under /etc/falco/rules.d. */
/** Alertmanager groups and titles by alertname; falcosidekick sets none of its own. */
export const FALCO_EVENT_ALERTNAME = "FalcoRuntimeEvent";
export const PLATFORM_RULES_FILE = "ml-platform-rules.yaml";

export interface FalcoValuesArgs {
    ha: boolean;
    /** Every taint of the Foundation's pools: Falco must watch every node. */
    tolerations: Toleration[];
    /** falcosidekick is a Deployment like the platform's other controllers: the system pool's taint. */
    sidekickTolerations: Toleration[];
    /** http://<alertmanager service>.<namespace>:<port> */
    alertmanagerUrl: string;
    minimumPriority: FalcoPriority;
    platformRules: string;
}

/**
 * falcoctl would replace the image's rules and plugin with downloads from GitHub and ghcr.io at
 * every start and then every week: off, so the rules are the ones this pin ships, reviewed with the
 * chart bump, and the namespace needs no egress to the internet.
 */
const NO_FALCOCTL = { artifact: { install: { enabled: false }, follow: { enabled: false } } };

function falcosidekick(p: FalcoValuesArgs) {
    return {
        enabled: true,
        replicaCount: p.ha ? 2 : 1,
        podSecurityContext: { ...RESTRICTED_POD_SECURITY, runAsUser: 1234, fsGroup: 1234 },
        securityContext: RESTRICTED_CONTAINER_SECURITY,
        resources: resources("20m", "64Mi", { memory: "128Mi" }),
        tolerations: p.sidekickTolerations,
        affinity: p.ha
            ? { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: "topology.kubernetes.io/zone", labelSelector: { matchLabels: FALCOSIDEKICK_LABELS } } }] } }
            : {},
        serviceMonitor: { enabled: true, interval: "60s" },
        webui: { enabled: false },
        config: {
            alertmanager: {
                hostport: p.alertmanagerUrl,
                // Alertmanager 0.27 removed API v1, the chart's default endpoint.
                endpoint: "/api/v2/alerts",
                minimumpriority: p.minimumPriority,
                // falcosidekick sets severity (from the priority), rule, summary and description; these add the
                // team label the platform's own alerts carry and an alertname Alertmanager groups by.
                extralabels: `team:ml-platform,alertname:${FALCO_EVENT_ALERTNAME}`,
            },
        },
    };
}

export function falcoValues(p: FalcoValuesArgs) {
    return {
        driver: { kind: "modern_ebpf", modernEbpf: { leastPrivileged: false } },
        // Falco reads container metadata from the runtime's socket itself (container plugin); the
        // k8s-metacollector Deployment is not needed for the k8s.ns/k8s.pod fields the rules use.
        collectors: { kubernetes: { enabled: false } },
        falcoctl: NO_FALCOCTL,
        tolerations: p.tolerations,
        resources: resources("100m", "512Mi", { memory: "1024Mi" }),
        metrics: { enabled: true, interval: "1m" },
        serviceMonitor: { create: true, interval: "60s" },
        customRules: { [PLATFORM_RULES_FILE]: p.platformRules },
        falcosidekick: falcosidekick(p),
    };
}
