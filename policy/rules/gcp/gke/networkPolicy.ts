import { resourceRule } from "../../../lib/rule";
import { checkov, cisGke } from "../../../lib/references";

export default resourceRule({
    name: "gcp-gke-network-policy",
    description: "GKE enforces Kubernetes NetworkPolicies (Dataplane V2 or the Calico add-on).",
    category: "security",
    severity: "high",
    references: [cisGke("5.6.7"), checkov("CKV_GCP_12")],
    remediationSteps: "Set datapathProvider: \"ADVANCED_DATAPATH\" (Dataplane V2), or networkPolicy.enabled: true.",
    types: ["gcp:container/cluster:Cluster"],
    check: ({ props, report }) => {
        if (props.datapathProvider !== "ADVANCED_DATAPATH" && props.networkPolicy?.enabled !== true) {
            report("NetworkPolicies would not be enforced: enable Dataplane V2 or the network policy add-on.");
        }
    },
});
