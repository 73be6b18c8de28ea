import { resourceRule } from "../../../lib/rule";
import { cisAks } from "../../../lib/references";

export default resourceRule({
    name: "azure-aks-workload-identity",
    description: "AKS issues OIDC tokens and enables Workload Identity, so pods need no stored credentials.",
    category: "security",
    severity: "medium",
    references: [cisAks("5.2.1")],
    remediationSteps: "Set oidcIssuerProfile.enabled and securityProfile.workloadIdentity.enabled to true.",
    types: ["azure-native:containerservice:ManagedCluster"],
    check: ({ props, report }) => {
        if (props.oidcIssuerProfile?.enabled !== true) report("The OIDC issuer is disabled.");
        if (props.securityProfile?.workloadIdentity?.enabled !== true) report("Workload Identity is disabled.");
    },
});
