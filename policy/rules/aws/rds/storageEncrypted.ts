import { resourceRule } from "../../../lib/rule";
import { checkov, cisAws } from "../../../lib/references";

/** In production the key must be customer-managed, so access to backups can be revoked. */
export default resourceRule({
    name: "aws-rds-storage-encrypted",
    description: "RDS storage is encrypted at rest; in production with a customer-managed KMS key.",
    category: "security",
    severity: "high",
    environmentAware: true,
    references: [cisAws("2.3.1"), checkov("CKV_AWS_16")],
    remediationSteps: "Set storageEncrypted: true and kmsKeyId to a customer-managed key (changing it replaces the database: restore from a snapshot).",
    types: ["aws:rds/instance:Instance", "aws:rds/cluster:Cluster"],
    check: ({ props, environment, report }) => {
        if (props.storageEncrypted !== true) report("Database storage is not encrypted (storageEncrypted).");
        else if (environment === "production" && !props.kmsKeyId) report("Production database storage uses the AWS-managed key; set kmsKeyId.");
    },
});
