/** Values for cert-manager v1.21 (strict schema: only keys the chart declares). */
import { RESTRICTED_CONTAINER_SECURITY, RESTRICTED_POD_SECURITY, resources, type Toleration } from "../securityContext";

export interface CertManagerValuesArgs {
    ha: boolean;
    tolerations: Toleration[];
}

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
        webhook: component(p, "20m", "64Mi"),
        cainjector: component(p, "50m", "256Mi"),
        startupapicheck: { enabled: true, resources: resources("10m", "64Mi"), securityContext: RESTRICTED_POD_SECURITY, containerSecurityContext: RESTRICTED_CONTAINER_SECURITY },
        prometheus: { enabled: true, servicemonitor: { enabled: true, interval: "60s" } },
    };
}
