import { resourceRule } from "../../../lib/rule";
import { checkov } from "../../../lib/references";

export default resourceRule({
    name: "aws-rds-deletion-protection",
    description: "Production databases have deletion protection and take a final snapshot.",
    category: "availability",
    severity: "high",
    environmentAware: true,
    references: [checkov("CKV_AWS_293")],
    remediationSteps: "Set deletionProtection: true and skipFinalSnapshot: false (with a finalSnapshotIdentifier).",
    types: ["aws:rds/instance:Instance", "aws:rds/cluster:Cluster"],
    check: ({ props, environment, report }) => {
        if (environment !== "production") return;
        if (props.deletionProtection !== true) report("The production database has no deletion protection.");
        if (props.skipFinalSnapshot === true) report("The production database skips its final snapshot on deletion.");
    },
});
