import { resourceRule, type Props } from "../../../lib/rule";
import { isRestrictedCidrList } from "../../../lib/network";
import { asArray } from "../../../lib/values";
import { checkov, cisGke } from "../../../lib/references";

/** The control plane is unreachable from the internet, or only from authorized networks. */
function apiRestricted(props: Props): boolean {
    if (props.privateClusterConfig?.enablePrivateEndpoint === true) return true;
    if (props.controlPlaneEndpointsConfig?.ipEndpointsConfig?.enabled === false) return true;
    const authorized = props.masterAuthorizedNetworksConfig;
    if (!authorized || authorized.gcpPublicCidrsAccessEnabled === true) return false;
    const cidrs = asArray<{ cidrBlock?: string }>(authorized.cidrBlocks).map((c) => c.cidrBlock);
    // An empty list with the block present means no public network is authorized.
    return cidrs.length === 0 || isRestrictedCidrList(cidrs);
}

export default resourceRule({
    name: "gcp-gke-private-cluster",
    description: "GKE nodes have no public IPs and the control plane is private or behind authorized networks.",
    category: "security",
    severity: "high",
    references: [cisGke("5.6.5"), cisGke("5.6.3"), checkov("CKV_GCP_64"), checkov("CKV_GCP_20")],
    remediationSteps: "Set privateClusterConfig.enablePrivateNodes: true, and enablePrivateEndpoint: true or masterAuthorizedNetworksConfig with specific cidrBlocks.",
    types: ["gcp:container/cluster:Cluster"],
    check: ({ props, report }) => {
        if (props.privateClusterConfig?.enablePrivateNodes !== true) report("Nodes get public IPs: set privateClusterConfig.enablePrivateNodes.");
        if (!apiRestricted(props)) report("The control plane is reachable from any network: use a private endpoint or authorized networks.");
    },
});
