import { resourceRule } from "../../../lib/rule";
import { checkov, cisGke } from "../../../lib/references";

interface Config {
    allowedImageTypes: string[];
}

const DEFAULT_COMPUTE_SA = /-compute@developer\.gserviceaccount\.com$/;

export default resourceRule<Config>({
    name: "gcp-gke-node-pool-hardening",
    description: "GKE node pools auto-repair and auto-upgrade, use Secure Boot, a dedicated service account and Container-Optimized OS.",
    category: "security",
    severity: "medium",
    references: [cisGke("5.2.1"), cisGke("5.5.2"), cisGke("5.5.3"), cisGke("5.5.7"), checkov("CKV_GCP_68"), checkov("CKV_GCP_9"), checkov("CKV_GCP_10")],
    remediationSteps: "Leave management.autoRepair/autoUpgrade on, set nodeConfig.shieldedInstanceConfig.enableSecureBoot: true, nodeConfig.serviceAccount to a least-privilege account, and imageType COS_CONTAINERD.",
    config: { allowedImageTypes: { type: "array", items: { type: "string" }, default: ["COS_CONTAINERD"] } },
    types: ["gcp:container/nodePool:NodePool"],
    check: ({ props, config, report }) => {
        if (props.management?.autoRepair === false) report("Node auto-repair is disabled.");
        if (props.management?.autoUpgrade === false) report("Node auto-upgrade is disabled.");
        const node = props.nodeConfig ?? {};
        if (node.shieldedInstanceConfig?.enableSecureBoot !== true) report("Secure Boot is not enabled on the nodes.");
        if (!node.serviceAccount || DEFAULT_COMPUTE_SA.test(node.serviceAccount)) report("Nodes run as the default Compute Engine service account.");
        if (node.imageType && !config.allowedImageTypes.includes(node.imageType)) report(`Node image ${node.imageType} is not one of ${config.allowedImageTypes.join(", ")}.`);
    },
});
