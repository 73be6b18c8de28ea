/**
 * Namespaces the cloud's control plane or its managed add-ons own: their workloads are the
 * provider's, updated by the provider, and no policy of ours may stand in their way.
 */
import type { Distribution } from "../../components/foundation";

const KUBERNETES = ["kube-system", "kube-public", "kube-node-lease"];

export const SYSTEM_NAMESPACES: Readonly<Record<Distribution, readonly string[]>> = {
    // GuardDuty runtime monitoring's managed agent.
    eks: [...KUBERNETES, "amazon-guardduty"],
    // Managed Prometheus, GKE's own system components and its CSI drivers.
    gke: [...KUBERNETES, "gmp-system", "gmp-public", "gke-gmp-system", "gke-managed-system", "gke-managed-cim", "gke-managed-filestorecsi"],
    // The Azure Policy add-on (Gatekeeper), `az aks command invoke`, the app-routing add-on.
    aks: [...KUBERNETES, "gatekeeper-system", "aks-command", "app-routing-system", "calico-system", "tigera-operator"],
};

/**
 * Prefixes of namespaces the provider creates as it adds managed features, so a static list
 * would fall behind; the policies skip them through a matchCondition (a namespaceSelector cannot
 * match prefixes).
 */
export const SYSTEM_NAMESPACE_PREFIXES: Readonly<Record<Distribution, readonly string[]>> = {
    eks: ["amazon-"],
    gke: ["gke-managed-", "gke-gmp-", "gmp-"],
    aks: [],
};
