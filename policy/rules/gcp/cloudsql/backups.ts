import { resourceRule } from "../../../lib/rule";
import { checkov, cisGcp } from "../../../lib/references";

interface Config {
    minBackupRetentionDays: number;
}

/** Cloud SQL keeps 7 daily backups when retainedBackups is not set. */
const DEFAULT_RETAINED = 7;

export default resourceRule<Config>({
    name: "gcp-cloudsql-backups",
    description: "Cloud SQL takes automated backups with point-in-time recovery, kept for the configured days.",
    category: "availability",
    severity: "medium",
    references: [cisGcp("6.7"), checkov("CKV_GCP_14")],
    remediationSteps: "Set settings.backupConfiguration.enabled and pointInTimeRecoveryEnabled to true and backupRetentionSettings.retainedBackups to at least the minimum.",
    config: { minBackupRetentionDays: { type: "integer", minimum: 1, maximum: 365, default: 7 } },
    types: ["gcp:sql/databaseInstance:DatabaseInstance"],
    check: ({ props, config, report }) => {
        const backup = props.settings?.backupConfiguration ?? {};
        if (backup.enabled !== true) report("Automated backups are disabled.");
        if (backup.pointInTimeRecoveryEnabled !== true) report("Point-in-time recovery is disabled.");
        const kept = backup.backupRetentionSettings?.retainedBackups ?? DEFAULT_RETAINED;
        if (kept < config.minBackupRetentionDays) report(`Only ${kept} backups are kept; at least ${config.minBackupRetentionDays} required.`);
    },
});
