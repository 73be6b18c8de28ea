import { resourceRule } from "../../../lib/rule";
import { checkov } from "../../../lib/references";

interface Config {
    minBackupRetentionDays: number;
}

export default resourceRule<Config>({
    name: "aws-rds-backup-retention",
    description: "RDS keeps automated backups for at least the configured number of days.",
    category: "availability",
    severity: "medium",
    references: [checkov("CKV_AWS_133")],
    remediationSteps: "Raise backupRetentionPeriod to at least the configured minimum.",
    config: { minBackupRetentionDays: { type: "integer", minimum: 1, maximum: 35, default: 7 } },
    types: ["aws:rds/instance:Instance", "aws:rds/cluster:Cluster"],
    check: ({ props, config, report }) => {
        // Read replicas inherit their source's backups.
        if (props.replicateSourceDb) return;
        const days = props.backupRetentionPeriod ?? 0;
        if (days < config.minBackupRetentionDays) report(`backupRetentionPeriod is ${days} day(s); at least ${config.minBackupRetentionDays} required.`);
    },
});
