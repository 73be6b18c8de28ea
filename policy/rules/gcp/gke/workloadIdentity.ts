import { resourceRule } from "../../../lib/rule";
import { checkov, cisGke } from "../../../lib/references";

/** Pods reach Google APIs as their own service account, never through the node's metadata. */
export default resourceRule({
    name: "gcp-gke-workload-identity",
    description: "GKE clusters enable Workload Identity and node pools serve only the GKE metadata server.",
    category: "security",
    severity: "high",
    references: [cisGke("5.2.2"), cisGke("5.4.2"), checkov("CKV_GCP_69")],
    remediationSteps: "Set workloadIdentityConfig.workloadPool to \"<project>.svc.id.goog\" and nodeConfig.workloadMetadataConfig.mode to \"GKE_METADATA\" on every pool.",
    types: ["gcp:container/cluster:Cluster", "gcp:container/nodePool:NodePool"],
    check: ({ type, props, report }) => {
        if (type === "gcp:container/cluster:Cluster") {
            if (!props.workloadIdentityConfig?.workloadPool) report("Workload Identity is not enabled (workloadIdentityConfig.workloadPool).");
            return;
        }
        if (props.nodeConfig?.workloadMetadataConfig?.mode !== "GKE_METADATA") {
            report("The node pool exposes the node's metadata to pods: set nodeConfig.workloadMetadataConfig.mode to GKE_METADATA.");
        }
    },
});
