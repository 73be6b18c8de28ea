import { resourceRule } from "../../../lib/rule";
import { checkov, cisAzure } from "../../../lib/references";

export default resourceRule({
    name: "azure-key-vault-protection",
    description: "Key Vaults have soft delete and purge protection, use RBAC, and deny network access by default.",
    category: "security",
    severity: "high",
    references: [cisAzure("8.5"), cisAzure("8.6"), checkov("CKV_AZURE_42"), checkov("CKV_AZURE_110"), checkov("CKV_AZURE_109")],
    remediationSteps: "Set properties.enablePurgeProtection and enableRbacAuthorization to true, keep enableSoftDelete, and set networkAcls.defaultAction \"Deny\" or publicNetworkAccess \"Disabled\".",
    types: ["azure-native:keyvault:Vault"],
    check: ({ props, report }) => {
        const p = props.properties ?? {};
        if (p.enablePurgeProtection !== true) report("Purge protection is off: deleted keys could be purged before recovery.");
        if (p.enableSoftDelete === false) report("Soft delete is off.");
        if (p.enableRbacAuthorization !== true) report("Access policies are used instead of Azure RBAC (enableRbacAuthorization).");
        if (p.publicNetworkAccess !== "Disabled" && p.networkAcls?.defaultAction !== "Deny") report("The vault accepts traffic from every network.");
    },
});
