import { resourceRule } from "../../../lib/rule";
import { awsFsbp, checkov } from "../../../lib/references";

interface Config {
    maxHopLimit: number;
}

/** Hop limit 1 keeps pods (one hop further than the node) away from the node role's credentials. */
export default resourceRule<Config>({
    name: "aws-launch-template-imdsv2",
    description: "Node launch templates require IMDSv2 and keep the metadata service out of pods' reach.",
    category: "security",
    severity: "high",
    references: [awsFsbp("EC2.8"), checkov("CKV_AWS_79"), checkov("CKV_AWS_341")],
    remediationSteps: "Set metadataOptions.httpTokens to \"required\" and httpPutResponseHopLimit to 1 (pods use IRSA, not the node role).",
    config: { maxHopLimit: { type: "integer", minimum: 1, maximum: 64, default: 1 } },
    types: ["aws:ec2/launchTemplate:LaunchTemplate"],
    check: ({ props, config, report }) => {
        const md = props.metadataOptions ?? {};
        if (md.httpEndpoint === "disabled") return;
        if (md.httpTokens !== "required") report("metadataOptions.httpTokens is not \"required\": IMDSv1 is allowed.");
        const hops = md.httpPutResponseHopLimit;
        if (typeof hops !== "number" || hops > config.maxHopLimit) {
            report(`metadataOptions.httpPutResponseHopLimit is ${hops ?? "unset"}; at most ${config.maxHopLimit} keeps pods from the node's credentials.`);
        }
    },
});
