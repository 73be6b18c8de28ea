/** Values for the external-secrets chart 2.9.0 (External Secrets Operator v2.9.0, API external-secrets.io/v1). */
import type { ChartRef } from "../helm";
import { RESTRICTED_CONTAINER_SECURITY, RESTRICTED_POD_SECURITY, resources, zoneSpread, type Toleration } from "../securityContext";

export const EXTERNAL_SECRETS_CHARTS = {
    externalSecrets: { chart: "external-secrets", version: "2.9.0", repo: "https://charts.external-secrets.io" },
} as const satisfies Record<string, ChartRef>;

export const EXTERNAL_SECRETS_API = "external-secrets.io/v1";
/** Release name: the chart names its Deployments, Services and webhook configuration after it. */
export const EXTERNAL_SECRETS_RELEASE = "external-secrets";
export const EXTERNAL_SECRETS_NAMESPACE_NAME = "external-secrets";
/** The controller's ServiceAccount: the chart's fullname, which is the release's name. */
export const EXTERNAL_SECRETS_CONTROLLER_ACCOUNT = EXTERNAL_SECRETS_RELEASE;
/** The webhook's pod port (the chart's default): GKE's private-cluster firewall admits 10250 from the control plane. */
export const WEBHOOK_PORT = 10250;
/** Every Deployment's metrics port. */
export const METRICS_PORT = 8080;

/** The chart's selector labels per Deployment (`app.kubernetes.io/name` is the release's fullname plus a suffix). */
export const EXTERNAL_SECRETS_LABELS = {
    controller: { "app.kubernetes.io/name": EXTERNAL_SECRETS_RELEASE, "app.kubernetes.io/instance": EXTERNAL_SECRETS_RELEASE },
    webhook: { "app.kubernetes.io/name": `${EXTERNAL_SECRETS_RELEASE}-webhook`, "app.kubernetes.io/instance": EXTERNAL_SECRETS_RELEASE },
    certController: { "app.kubernetes.io/name": `${EXTERNAL_SECRETS_RELEASE}-cert-controller`, "app.kubernetes.io/instance": EXTERNAL_SECRETS_RELEASE },
} as const;

export interface ExternalSecretsValuesArgs {
    ha: boolean;
    tolerations: Toleration[];
}

/** The chart's per-Deployment shape: replicas, PDB, restricted security, zone spread, metrics Service. */
function deployment(p: ExternalSecretsValuesArgs, labels: Record<string, string>, cpu: string, memory: string) {
    return {
        replicaCount: p.ha ? 2 : 1,
        podDisruptionBudget: { enabled: p.ha, minAvailable: 1 },
        podSecurityContext: { enabled: true, ...RESTRICTED_POD_SECURITY },
        securityContext: { enabled: true, ...RESTRICTED_CONTAINER_SECURITY, runAsUser: 1000 },
        resources: resources(cpu, memory, { memory: `${parseInt(memory, 10) * 2}Mi` }),
        tolerations: p.tolerations,
        topologySpreadConstraints: p.ha ? zoneSpread(labels) : [],
        metrics: { service: { enabled: true, port: METRICS_PORT } },
    };
}

export function externalSecretsValues(p: ExternalSecretsValuesArgs) {
    return {
        // The CRDs are chart templates: installed and upgraded with the release.
        installCRDs: true,
        // Only the kinds the platform uses are served; pushing secrets back to the cloud stays off.
        crds: { createClusterExternalSecret: false, createClusterPushSecret: false, createPushSecret: false, createClusterGenerator: false },
        processClusterExternalSecret: false,
        processClusterPushSecret: false,
        processPushSecret: false,
        processClusterGenerator: false,
        // Two controller replicas must not both reconcile.
        leaderElect: p.ha,
        // No cluster-wide serviceaccounts/token create (a compromised controller would act as every workload
        // identity in the cluster): the kit grants it per store reader, by name (../connectionSecrets.ts).
        rbac: { serviceAccountTokenCreate: false },
        ...deployment(p, EXTERNAL_SECRETS_LABELS.controller, "50m", "128Mi"),
        // honorLabels: the per-ExternalSecret metrics carry the ExternalSecret's own `namespace` label.
        serviceMonitor: { enabled: true, renderMode: "alwaysRender", interval: "60s", scrapeTimeout: "30s", honorLabels: true },
        webhook: {
            ...deployment(p, EXTERNAL_SECRETS_LABELS.webhook, "20m", "64Mi"),
            port: WEBHOOK_PORT,
            // A store or ExternalSecret that fails validation is refused, never admitted unchecked.
            failurePolicy: "Fail",
        },
        // Issues and rotates the webhook's serving certificate and injects its CA (no cert-manager dependency).
        certController: deployment(p, EXTERNAL_SECRETS_LABELS.certController, "20m", "128Mi"),
    };
}
