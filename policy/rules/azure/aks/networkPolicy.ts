import { resourceRule } from "../../../lib/rule";
import { checkov, cisAks } from "../../../lib/references";

const ENGINES = ["azure", "calico", "cilium"];

export default resourceRule({
    name: "azure-aks-network-policy",
    description: "AKS enforces Kubernetes NetworkPolicies.",
    category: "security",
    severity: "high",
    references: [cisAks("5.4.4"), checkov("CKV_AZURE_7")],
    remediationSteps: "Set networkProfile.networkPolicy to \"cilium\" (with networkDataplane cilium), \"azure\" or \"calico\".",
    types: ["azure-native:containerservice:ManagedCluster"],
    check: ({ props, report }) => {
        const engine = props.networkProfile?.networkPolicy;
        if (!ENGINES.includes(engine)) report(`NetworkPolicies are not enforced (networkProfile.networkPolicy is ${engine ?? "unset"}).`);
    },
});
