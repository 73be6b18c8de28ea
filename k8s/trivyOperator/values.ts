/**
 * Values for the trivy-operator chart 0.34.0 (Trivy Operator 0.32.0, Trivy 0.72.0). The chart has
 * no values.schema.json: every key set here is declared in its values.yaml (tests/k8s/schemas).
 */
import type { ChartRef } from "../helm";
import { RESTRICTED_CONTAINER_SECURITY, RESTRICTED_POD_SECURITY, resources, type Toleration } from "../securityContext";

export const TRIVY_OPERATOR_CHARTS = {
    // CRDs in the chart's crds/ folder: Helm installs them with the first release only, so a version
    // bump must apply the new CRDs first (kubectl apply --server-side -f deploy/helm/crds at the new tag).
    trivyOperator: { chart: "trivy-operator", version: "0.34.0", repo: "https://aquasecurity.github.io/helm-charts/" },
} as const satisfies Record<string, ChartRef>;

/** Release name: the chart names the operator's Deployment, Service and ServiceMonitor after it. */
export const TRIVY_OPERATOR_RELEASE = "trivy-operator";
export const TRIVY_OPERATOR_LABELS = { "app.kubernetes.io/name": "trivy-operator", "app.kubernetes.io/instance": TRIVY_OPERATOR_RELEASE };
/** The built-in server's StatefulSet (templates/trivy-server/statefulset.yaml names it statically). */
export const TRIVY_SERVER_LABELS = { "app.kubernetes.io/name": "trivy-server", "app.kubernetes.io/instance": "trivy-server" };
/** The operator's metrics container port (OPERATOR_METRICS_BIND_ADDRESS ":8080"). */
export const TRIVY_OPERATOR_METRICS_PORT = 8080;
/** The built-in Trivy server's container port; the operator and the scan Jobs call it in-namespace. */
export const TRIVY_SERVER_PORT = 4954;

/**
 * The Trivy image (aquasec/trivy) declares no USER and so runs as root: `runAsNonRoot` alone would
 * make the kubelet refuse the container, so the scan pods and the server get a numeric user. Image
 * scans need no root (only the filesystem/rootfs commands do, which are not used).
 */
export const SCAN_USER = 10000;
const SERVER_USER = 65534;

export interface TrivyOperatorValuesArgs {
    ha: boolean;
    concurrentScanJobs: number;
    trivyServer: boolean;
    /** Namespaces (filepath.Match globs) the operator does not scan: the cloud's system namespaces. */
    excludeNamespaces: string[];
    /** The Foundation's StorageClass for the Trivy server's volume (EKS has no default one). */
    storageClassName: string;
    /** The operator and the server are controllers like the platform's others: the system pool's taint. */
    tolerations: Toleration[];
}

function zoneAntiAffinity(matchLabels: Record<string, string>) {
    return { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: "topology.kubernetes.io/zone", labelSelector: { matchLabels } } }] } };
}

/**
 * Only the vulnerability and exposed-secret scanners (one scan Job per workload revision, images
 * only). Off: infra assessment (its node-collector Jobs mount host paths, which the namespace's
 * restricted level refuses), cluster compliance (its CIS specs read what the node-collector
 * gathers), config audit and RBAC assessment (the admission policies and the CrossGuard pack
 * judge configuration), and SBOM reports (not needed for vulnerability reports; they fill etcd).
 */
const SCANNERS = {
    vulnerabilityScannerEnabled: true,
    exposedSecretScannerEnabled: true,
    sbomGenerationEnabled: false,
    configAuditScannerEnabled: false,
    rbacAssessmentScannerEnabled: false,
    infraAssessmentScannerEnabled: false,
    clusterComplianceEnabled: false,
};

/** The Jobs the operator creates in its own namespace: restricted, and never given a sidecar. */
function scanJobs() {
    return {
        scanJobsInSameNamespace: false,
        // The namespace's mesh mode is `disabled` already; the label keeps a scan Job from waiting on a
        // sidecar that never exits should the namespace ever be injected.
        scanJobPodTemplateLabels: "sidecar.istio.io/inject=false",
        scanJobPodTemplatePodSecurityContext: { ...RESTRICTED_POD_SECURITY, runAsUser: SCAN_USER, runAsGroup: SCAN_USER },
        scanJobPodTemplateContainerSecurityContext: { ...RESTRICTED_CONTAINER_SECURITY },
    };
}

function trivy(p: TrivyOperatorValuesArgs) {
    return {
        // Large ML images take longer than the default 5m; the Job's own timeout is above it.
        timeout: "9m0s",
        // One scan container per image; a CPU limit keeps batch scans from starving the node's workloads.
        resources: resources("100m", "512Mi", { cpu: "1", memory: "1Gi" }),
        // The server's DB cache survives restarts on a volume; the chart leaves the class to the cluster's default.
        storageClassName: p.storageClassName,
        server: {
            replicas: p.ha ? 2 : 1,
            resources: resources("200m", "512Mi", { memory: "1Gi" }),
            podSecurityContext: { ...RESTRICTED_POD_SECURITY, runAsUser: SERVER_USER, runAsGroup: SERVER_USER, fsGroup: SERVER_USER },
            securityContext: { ...RESTRICTED_CONTAINER_SECURITY },
        },
    };
}

export function trivyOperatorValues(p: TrivyOperatorValuesArgs) {
    return {
        targetNamespaces: "",
        excludeNamespaces: p.excludeNamespaces.join(","),
        operator: {
            // Leader election is on whenever replicas > 1 (templates/configmaps/trivy-operator-config.yaml).
            replicas: p.ha ? 2 : 1,
            scanJobsConcurrentLimit: p.concurrentScanJobs,
            scanJobTimeout: "10m",
            builtInTrivyServer: p.trivyServer,
            ...SCANNERS,
        },
        trivyOperator: scanJobs(),
        trivy: trivy(p),
        // honorLabels (the chart's default) keeps each finding's `namespace` the workload's, not the operator's.
        serviceMonitor: { enabled: true, interval: "60s" },
        podSecurityContext: { ...RESTRICTED_POD_SECURITY },
        securityContext: { ...RESTRICTED_CONTAINER_SECURITY },
        resources: resources("100m", "256Mi", { memory: "512Mi" }),
        tolerations: p.tolerations,
        affinity: p.ha ? zoneAntiAffinity(TRIVY_OPERATOR_LABELS) : {},
    };
}
