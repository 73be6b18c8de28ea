import { resourceRule } from "../../../lib/rule";
import { checkov, cisGcp } from "../../../lib/references";

interface Config {
    maxRotationDays: number;
}

const SECONDS_PER_DAY = 86400;

/** rotationPeriod is a duration string in seconds, e.g. "7776000s" (90 days). */
function days(period: unknown): number | undefined {
    const match = typeof period === "string" ? /^(\d+(?:\.\d+)?)s$/.exec(period) : null;
    return match ? Number(match[1]) / SECONDS_PER_DAY : undefined;
}

export default resourceRule<Config>({
    name: "gcp-kms-key-rotation",
    description: "Symmetric Cloud KMS keys rotate at least every configured number of days.",
    category: "security",
    severity: "medium",
    references: [cisGcp("1.10"), checkov("CKV_GCP_43")],
    remediationSteps: "Set rotationPeriod, e.g. \"7776000s\" for 90 days.",
    config: { maxRotationDays: { type: "integer", minimum: 1, default: 90 } },
    types: ["gcp:kms/cryptoKey:CryptoKey"],
    check: ({ props, config, report }) => {
        if ((props.purpose ?? "ENCRYPT_DECRYPT") !== "ENCRYPT_DECRYPT") return;
        const d = days(props.rotationPeriod);
        if (d === undefined || d > config.maxRotationDays) report(`rotationPeriod is ${props.rotationPeriod ?? "unset"}; at most ${config.maxRotationDays} days required.`);
    },
});
