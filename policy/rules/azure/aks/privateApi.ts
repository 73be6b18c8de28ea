import { resourceRule } from "../../../lib/rule";
import { isRestrictedCidrList } from "../../../lib/network";
import { asArray } from "../../../lib/values";
import { checkov, cisAks } from "../../../lib/references";

export default resourceRule({
    name: "azure-aks-private-api",
    description: "The AKS API server is private, or public only to authorized IP ranges.",
    category: "security",
    severity: "high",
    references: [cisAks("5.4.1"), checkov("CKV_AZURE_6"), checkov("CKV_AZURE_115")],
    remediationSteps: "Set apiServerAccessProfile.enablePrivateCluster: true, or authorizedIPRanges to the deployers' egress ranges (never 0.0.0.0/0).",
    types: ["azure-native:containerservice:ManagedCluster"],
    check: ({ props, report }) => {
        const access = props.apiServerAccessProfile ?? {};
        if (access.enablePrivateCluster === true) return;
        if (!isRestrictedCidrList(asArray(access.authorizedIPRanges))) report("The API server is public to every address: set enablePrivateCluster or authorizedIPRanges.");
    },
});
