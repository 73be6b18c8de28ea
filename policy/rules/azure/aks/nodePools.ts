import { resourceRule, type Props } from "../../../lib/rule";
import { asArray } from "../../../lib/values";
import { checkov } from "../../../lib/references";

/** Inline pools (agentPoolProfiles) and separate AgentPool resources share these properties. */
function pools(type: string, props: Props): Props[] {
    return type === "azure-native:containerservice:ManagedCluster" ? asArray<Props>(props.agentPoolProfiles) : [props];
}

export default resourceRule({
    name: "azure-aks-node-pools-private",
    description: "AKS nodes get no public IP addresses.",
    category: "security",
    severity: "high",
    references: [checkov("CKV_AZURE_143")],
    remediationSteps: "Remove enableNodePublicIP (egress goes through the NAT gateway).",
    types: ["azure-native:containerservice:ManagedCluster", "azure-native:containerservice:AgentPool"],
    check: ({ type, props, report }) => {
        for (const pool of pools(type, props)) {
            if (pool.enableNodePublicIP === true) report(`Node pool "${pool.name ?? pool.agentPoolName ?? "?"}" gives nodes public IPs.`);
        }
    },
});
