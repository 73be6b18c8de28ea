import { resourceRule } from "../../../lib/rule";
import { checkov, cisAks } from "../../../lib/references";

/** Local accounts bypass Entra ID and its audit trail; their kubeconfig is a static admin credential. */
export default resourceRule({
    name: "azure-aks-entra-rbac",
    description: "AKS authenticates with Entra ID, authorizes with Azure RBAC and has local accounts disabled.",
    category: "security",
    severity: "high",
    references: [cisAks("5.5.1"), checkov("CKV_AZURE_5"), checkov("CKV_AZURE_141")],
    remediationSteps: "Set aadProfile { managed: true, enableAzureRBAC: true, adminGroupObjectIDs }, disableLocalAccounts: true and leave enableRBAC on.",
    types: ["azure-native:containerservice:ManagedCluster"],
    check: ({ props, report }) => {
        if (props.enableRBAC === false) report("Kubernetes RBAC is disabled.");
        if (props.disableLocalAccounts !== true) report("Local accounts are enabled: set disableLocalAccounts.");
        if (props.aadProfile?.managed !== true) report("Entra ID integration is not enabled (aadProfile.managed).");
        if (props.aadProfile?.enableAzureRBAC !== true) report("Azure RBAC for Kubernetes authorization is off (aadProfile.enableAzureRBAC).");
    },
});
