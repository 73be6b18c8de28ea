import { resourceRule } from "../../../lib/rule";
import { checkov } from "../../../lib/references";

interface Config {
    minBackupRetentionDays: number;
    productionHaModes: string[];
}

export default resourceRule<Config>({
    name: "azure-postgres-backup-and-ha",
    description: "PostgreSQL keeps backups for the configured days; production servers are highly available.",
    category: "availability",
    severity: "medium",
    environmentAware: true,
    references: [checkov("CKV_AZURE_136")],
    remediationSteps: "Raise backup.backupRetentionDays; in production set highAvailability.mode to \"ZoneRedundant\".",
    config: {
        minBackupRetentionDays: { type: "integer", minimum: 7, maximum: 35, default: 7 },
        productionHaModes: { type: "array", items: { type: "string" }, default: ["ZoneRedundant"] },
    },
    types: ["azure-native:dbforpostgresql:Server"],
    check: ({ props, config, environment, report }) => {
        // Azure's default retention is 7 days.
        const days = props.backup?.backupRetentionDays ?? 7;
        if (days < config.minBackupRetentionDays) report(`Backups are kept ${days} days; at least ${config.minBackupRetentionDays} required.`);
        const mode = props.highAvailability?.mode;
        if (environment === "production" && !config.productionHaModes.includes(mode)) report(`The production server's high availability is ${mode ?? "Disabled"}.`);
    },
});
