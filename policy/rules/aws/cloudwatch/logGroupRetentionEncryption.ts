import { resourceRule } from "../../../lib/rule";
import { checkov } from "../../../lib/references";

interface Config {
    minRetentionDays: number;
}

/** Control-plane and flow logs carry security evidence: keep them, and keep them encrypted. */
export default resourceRule<Config>({
    name: "aws-log-group-retention-encryption",
    description: "CloudWatch log groups are KMS-encrypted and kept for at least the configured days.",
    category: "security",
    severity: "low",
    references: [checkov("CKV_AWS_158"), checkov("CKV_AWS_338")],
    remediationSteps: "Set kmsKeyId (the key policy must allow logs.<region>.amazonaws.com) and retentionInDays to at least the minimum (0 = never expire).",
    config: { minRetentionDays: { type: "integer", minimum: 1, default: 30 } },
    types: ["aws:cloudwatch/logGroup:LogGroup"],
    check: ({ props, config, report }) => {
        if (!props.kmsKeyId) report("The log group is not encrypted with a KMS key.");
        const days = props.retentionInDays;
        if (days !== undefined && days !== 0 && days < config.minRetentionDays) report(`Logs are kept ${days} day(s); at least ${config.minRetentionDays} required.`);
    },
});
