import { resourceRule } from "../../../lib/rule";
import { checkov } from "../../../lib/references";

export default resourceRule({
    name: "aws-rds-multi-az",
    description: "Production RDS instances run Multi-AZ.",
    category: "availability",
    severity: "medium",
    environmentAware: true,
    references: [checkov("CKV_AWS_157")],
    remediationSteps: "Set multiAz: true (database.highAvailability in the stack config).",
    types: ["aws:rds/instance:Instance"],
    check: ({ props, environment, report }) => {
        if (environment === "production" && props.multiAz !== true && !props.replicateSourceDb) {
            report("The production database is single-AZ.");
        }
    },
});
