import { resourceRule } from "../../../lib/rule";
import { asArray } from "../../../lib/values";
import { checkov } from "../../../lib/references";

export default resourceRule({
    name: "aws-elasticache-encryption-auth",
    description: "ElastiCache encrypts at rest and in transit (TLS required) and requires authentication.",
    category: "security",
    severity: "high",
    references: [checkov("CKV_AWS_29"), checkov("CKV_AWS_30"), checkov("CKV_AWS_31")],
    remediationSteps: "Set atRestEncryptionEnabled and transitEncryptionEnabled to true, transitEncryptionMode to \"required\", and an authToken (or userGroupIds).",
    types: ["aws:elasticache/replicationGroup:ReplicationGroup"],
    check: ({ props, report }) => {
        if (props.atRestEncryptionEnabled !== true) report("Encryption at rest is disabled.");
        if (props.transitEncryptionEnabled !== true) report("Encryption in transit is disabled.");
        else if (props.transitEncryptionMode === "preferred") report("transitEncryptionMode is \"preferred\": plaintext clients are still accepted.");
        if (!props.authToken && asArray(props.userGroupIds).length === 0) report("No authToken or user group: clients connect without authentication.");
    },
});
