import type * as pulumi from "@pulumi/pulumi";
/** Values for cert-manager v1.21 (strict schema: only keys the chart declares). */
import { RESTRICTED_CONTAINER_SECURITY, RESTRICTED_POD_SECURITY, resources, type Toleration } from "../securityContext";
import type { ChartRef } from "../helm";

export const CERTIFICATES_CHARTS = {
    certManager: { chart: "cert-manager", version: "v1.21.1", repo: "https://charts.jetstack.io" },
} as const satisfies Record<string, ChartRef>;

export interface CertManagerValuesArgs {
    ha: boolean;
    tolerations: Toleration[];
    /** The controller's cloud identity for DNS-01 (ambient credentials of ClusterIssuers). */
    identity?: { serviceAccountAnnotations: pulumi.Input<Record<string, string>>; podLabels: Record<string, string> };
}

/** The controller's ServiceAccount: the subject the DNS identity is federated with. */
export const CERT_MANAGER_SERVICE_ACCOUNT = "cert-manager";

function component(p: CertManagerValuesArgs, cpu: string, memory: string) {
    return {
        replicaCount: p.ha ? 2 : 1,
        podDisruptionBudget: { enabled: p.ha, minAvailable: 1 },
        resources: resources(cpu, memory),
        securityContext: RESTRICTED_POD_SECURITY,
        containerSecurityContext: RESTRICTED_CONTAINER_SECURITY,
        tolerations: p.tolerations,
    };
}

export function certManagerValues(p: CertManagerValuesArgs) {
    return {
        // CRDs as templates, so upgrades update them; kept when the release is uninstalled so
        // certificates are not deleted with it.
        crds: { enabled: true, keep: true },
        ...component(p, "50m", "128Mi"),
        serviceAccount: { create: true, name: CERT_MANAGER_SERVICE_ACCOUNT, ...(p.identity ? { annotations: p.identity.serviceAccountAnnotations } : {}) },
        // Azure workload identity injects the token only into pods with this label.
        ...(p.identity && Object.keys(p.identity.podLabels).length > 0 ? { podLabels: p.identity.podLabels } : {}),
        webhook: component(p, "20m", "64Mi"),
        cainjector: component(p, "50m", "256Mi"),
        startupapicheck: { enabled: true, resources: resources("10m", "64Mi"), securityContext: RESTRICTED_POD_SECURITY, containerSecurityContext: RESTRICTED_CONTAINER_SECURITY },
        prometheus: { enabled: true, servicemonitor: { enabled: true, interval: "60s" } },
    };
}
