import { resourceRule } from "../../../lib/rule";
import { checkov, cisAks } from "../../../lib/references";

export default resourceRule({
    name: "azure-aks-upgrades-and-sla",
    description: "AKS upgrades automatically; production clusters have the financially backed uptime SLA.",
    category: "availability",
    severity: "medium",
    environmentAware: true,
    references: [cisAks("5.5.2"), checkov("CKV_AZURE_170"), checkov("CKV_AZURE_171")],
    remediationSteps: "Set autoUpgradeProfile.upgradeChannel (e.g. \"patch\"); in production set sku.tier to \"Standard\".",
    types: ["azure-native:containerservice:ManagedCluster"],
    check: ({ props, environment, report }) => {
        const channel = props.autoUpgradeProfile?.upgradeChannel;
        if (!channel || channel === "none") report("Automatic cluster upgrades are off (autoUpgradeProfile.upgradeChannel).");
        if (environment === "production" && !["Standard", "Premium"].includes(props.sku?.tier)) report("The production cluster has no uptime SLA (sku.tier Free).");
    },
});
