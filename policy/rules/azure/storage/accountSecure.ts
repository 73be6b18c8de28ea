import { resourceRule } from "../../../lib/rule";
import { checkov, cisAzure } from "../../../lib/references";

/** The network is closed either by disabling public access or by a default-deny rule set. */
function networkClosed(props: Record<string, any>): boolean {
    return props.publicNetworkAccess === "Disabled" || props.networkRuleSet?.defaultAction === "Deny";
}

export default resourceRule({
    name: "azure-storage-account-secure",
    description: "Storage accounts allow no public blobs or shared keys, require HTTPS with TLS 1.2, and deny network access by default.",
    category: "security",
    severity: "high",
    references: [cisAzure("3.1"), cisAzure("3.7"), cisAzure("3.8"), checkov("CKV_AZURE_3"), checkov("CKV_AZURE_44"), checkov("CKV_AZURE_59"), checkov("CKV_AZURE_190")],
    remediationSteps: "Set allowBlobPublicAccess: false, allowSharedKeyAccess: false, minimumTlsVersion: \"TLS1_2\", enableHttpsTrafficOnly: true, and networkRuleSet.defaultAction \"Deny\" or publicNetworkAccess \"Disabled\".",
    types: ["azure-native:storage:StorageAccount"],
    check: ({ props, report }) => {
        if (props.allowBlobPublicAccess !== false) report("Public blob access is allowed (allowBlobPublicAccess).");
        if (props.allowSharedKeyAccess !== false) report("Shared key access is allowed: use Entra ID (allowSharedKeyAccess: false).");
        if (props.minimumTlsVersion !== "TLS1_2" && props.minimumTlsVersion !== "TLS1_3") report(`minimumTlsVersion is ${props.minimumTlsVersion ?? "unset"}.`);
        if (props.enableHttpsTrafficOnly === false) report("Plain HTTP is allowed.");
        if (!networkClosed(props)) report("The account accepts traffic from every network.");
    },
});
