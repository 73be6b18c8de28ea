import { resourceRule } from "../../../lib/rule";
import { checkov } from "../../../lib/references";

interface Config {
    minSnapshotRetentionDays: number;
}

export default resourceRule<Config>({
    name: "aws-elasticache-high-availability",
    description: "ElastiCache keeps snapshots; in production it fails over automatically across AZs.",
    category: "availability",
    severity: "medium",
    environmentAware: true,
    references: [checkov("CKV_AWS_134"), checkov("CKV_AWS_191")],
    remediationSteps: "Set snapshotRetentionLimit; in production add replicas with automaticFailoverEnabled and multiAzEnabled.",
    config: { minSnapshotRetentionDays: { type: "integer", minimum: 0, maximum: 35, default: 1 } },
    types: ["aws:elasticache/replicationGroup:ReplicationGroup"],
    check: ({ props, config, environment, report }) => {
        const days = props.snapshotRetentionLimit ?? 0;
        if (days < config.minSnapshotRetentionDays) report(`snapshotRetentionLimit is ${days}; at least ${config.minSnapshotRetentionDays} required.`);
        if (environment !== "production") return;
        if (props.automaticFailoverEnabled !== true) report("Automatic failover is disabled in production.");
        if (props.multiAzEnabled !== true) report("Multi-AZ is disabled in production.");
    },
});
