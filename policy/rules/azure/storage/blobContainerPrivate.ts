import { resourceRule } from "../../../lib/rule";
import { checkov, cisAzure } from "../../../lib/references";

export default resourceRule({
    name: "azure-blob-container-private",
    description: "Blob containers allow no anonymous access.",
    category: "security",
    severity: "critical",
    references: [cisAzure("3.7"), checkov("CKV_AZURE_34")],
    remediationSteps: "Set publicAccess: \"None\" (or leave it unset).",
    types: ["azure-native:storage:BlobContainer"],
    check: ({ props, report }) => {
        if (props.publicAccess !== undefined && props.publicAccess !== "None") report(`Anonymous ${props.publicAccess} access is allowed.`);
    },
});
