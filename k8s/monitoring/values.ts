/** Values for kube-prometheus-stack 88.x. CRDs come from the prometheus-operator-crds release. */
import type { ChartRef } from "../helm";
import { resources, type Toleration } from "../securityContext";
import { modelFreshnessValues } from "../serving/modelFreshness";
import { tempoDataSource } from "../tracing/provider";
import { alertmanagerConfig, RECEIVER_SECRET, type ReceiverChoice } from "./alertmanager";

const PROMETHEUS_COMMUNITY = "https://prometheus-community.github.io/helm-charts";

export const MONITORING_CHARTS = {
    // The operator's CRDs as templates (upgradable), so cert-manager can ship a ServiceMonitor
    // before kube-prometheus-stack, whose admission webhook in turn needs cert-manager.
    prometheusOperatorCrds: { chart: "prometheus-operator-crds", version: "31.0.1", repo: PROMETHEUS_COMMUNITY },
    kubePrometheusStack: { chart: "kube-prometheus-stack", version: "88.5.3", repo: PROMETHEUS_COMMUNITY },
} as const satisfies Record<string, ChartRef>;

export const PROMETHEUS_SERVICE_ACCOUNT = "prometheus";
export const GRAFANA_ADMIN_SECRET = "grafana-admin";
/** Where Prometheus reads the Istio workload certificate its sidecar writes (mTLS scrapes under STRICT). */
export const PROMETHEUS_ISTIO_CERTS = "/etc/prom-certs";

export interface KubePrometheusStackArgs {
    ha: boolean;
    /** What the managed cluster exposes to scrape (the control plane's own components never are). */
    scrapes: { kubeProxy: boolean; coreDns: boolean };
    storageClassName: string;
    retentionDays: number;
    prometheusStorageGb: number;
    alertmanagerStorageGb: number;
    receivers: ReceiverChoice;
    tolerations: Toleration[];
    /** Add the Tempo data source (the tracing component is on). */
    tracing?: boolean;
}

function volumeClaim(storageClassName: string, gb: number) {
    return { volumeClaimTemplate: { spec: { storageClassName, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: `${gb}Gi` } } } } };
}

/**
 * Prometheus stays outside the mesh (no inbound or outbound interception) but runs an Istio
 * sidecar that only writes the workload certificate to a shared volume; ServiceMonitors of meshed
 * services present it to scrape through STRICT mutual TLS.
 */
function istioCertificatePodMetadata() {
    return {
        labels: { "sidecar.istio.io/inject": "true" },
        annotations: {
            "traffic.sidecar.istio.io/includeInboundPorts": "",
            "traffic.sidecar.istio.io/includeOutboundIPRanges": "",
            "proxy.istio.io/config": JSON.stringify({ proxyMetadata: { OUTPUT_CERTS: "/etc/istio-output-certs" } }),
            "sidecar.istio.io/userVolumeMount": JSON.stringify([{ name: "istio-certs", mountPath: "/etc/istio-output-certs" }]),
        },
    };
}

function prometheus(p: KubePrometheusStackArgs) {
    return {
        serviceAccount: { create: true, name: PROMETHEUS_SERVICE_ACCOUNT },
        podDisruptionBudget: { enabled: p.ha, minAvailable: 1 },
        prometheusSpec: {
            replicas: p.ha ? 2 : 1,
            retention: `${p.retentionDays}d`,
            // Leave headroom on the volume: Prometheus deletes old blocks before the disk fills.
            retentionSize: `${Math.floor(p.prometheusStorageGb * 0.85)}GB`,
            storageSpec: volumeClaim(p.storageClassName, p.prometheusStorageGb),
            resources: p.ha ? resources("1", "8Gi", { memory: "12Gi" }) : resources("250m", "2Gi", { memory: "4Gi" }),
            // Pick up every ServiceMonitor, PodMonitor and PrometheusRule, not only the chart's own.
            ruleSelectorNilUsesHelmValues: false,
            serviceMonitorSelectorNilUsesHelmValues: false,
            podMonitorSelectorNilUsesHelmValues: false,
            probeSelectorNilUsesHelmValues: false,
            scrapeConfigSelectorNilUsesHelmValues: false,
            podAntiAffinity: p.ha ? "hard" : "soft",
            podAntiAffinityTopologyKey: "topology.kubernetes.io/zone",
            podMetadata: istioCertificatePodMetadata(),
            volumes: [{ name: "istio-certs", emptyDir: { medium: "Memory" } }],
            volumeMounts: [{ name: "istio-certs", mountPath: PROMETHEUS_ISTIO_CERTS, readOnly: true }],
        },
    };
}

function alertmanager(p: KubePrometheusStackArgs) {
    return {
        podDisruptionBudget: { enabled: p.ha, minAvailable: 1 },
        config: alertmanagerConfig(p.receivers),
        alertmanagerSpec: {
            replicas: p.ha ? 3 : 1,
            storage: volumeClaim(p.storageClassName, p.alertmanagerStorageGb),
            resources: resources("50m", "128Mi", { memory: "256Mi" }),
            secrets: [RECEIVER_SECRET],
            podAntiAffinity: p.ha ? "hard" : "soft",
            podAntiAffinityTopologyKey: "topology.kubernetes.io/zone",
        },
    };
}

/**
 * Managed control planes (EKS, GKE, AKS) hide the controller manager, scheduler and etcd, and
 * Cilium dataplanes run no kube-proxy: scraping them yields only `absent()`/TargetDown alerts
 * that fire forever. The chart gates each rule group on the component and on its rule flag;
 * both are turned off so the intent is explicit.
 */
function clusterComponents(p: KubePrometheusStackArgs) {
    const off = { enabled: false };
    return {
        kubeControllerManager: off,
        kubeScheduler: off,
        kubeEtcd: off,
        kubeProxy: { enabled: p.scrapes.kubeProxy },
        // GKE's kube-dns serves no metrics on CoreDNS's port.
        coreDns: { enabled: p.scrapes.coreDns },
        kubeDns: off,
        defaultRules: {
            rules: {
                etcd: false,
                kubeControllerManager: false,
                kubeSchedulerAlerting: false,
                kubeSchedulerRecording: false,
                kubeProxy: p.scrapes.kubeProxy,
                // Linux node pools only.
                windows: false,
            },
        },
    };
}

export function kubePrometheusStackValues(p: KubePrometheusStackArgs) {
    return {
        crds: { enabled: false },
        ...clusterComponents(p),
        prometheusOperator: {
            // Webhook certificates from cert-manager: the chart's patch Jobs are Helm hooks.
            admissionWebhooks: { certManager: { enabled: true }, patch: { enabled: false } },
            resources: resources("100m", "256Mi"),
            tolerations: p.tolerations,
        },
        prometheus: prometheus(p),
        alertmanager: alertmanager(p),
        grafana: {
            // The admin password comes from a Secret the program generates, never from values.
            admin: { existingSecret: GRAFANA_ADMIN_SECRET, userKey: "admin-user", passwordKey: "admin-password" },
            persistence: { enabled: false },
            testFramework: { enabled: false },
            resources: resources("100m", "256Mi", { memory: "512Mi" }),
            sidecar: { dashboards: { enabled: true, label: "grafana_dashboard", labelValue: "1", searchNamespace: "ALL" } },
            ...(p.tracing ? { additionalDataSources: [tempoDataSource()] } : {}),
        },
        "kube-state-metrics": { resources: resources("50m", "128Mi", { memory: "512Mi" }), ...modelFreshnessValues() },
        // node-exporter needs the host's network and PID namespaces, which only a privileged
        // namespace admits: kube-system, rather than relaxing the monitoring namespace.
        "prometheus-node-exporter": { namespaceOverride: "kube-system", resources: resources("20m", "32Mi", { memory: "64Mi" }) },
    };
}
