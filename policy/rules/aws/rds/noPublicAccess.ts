import { resourceRule } from "../../../lib/rule";
import { checkov, cisAws } from "../../../lib/references";

export default resourceRule({
    name: "aws-rds-no-public-access",
    description: "RDS instances are not reachable from the internet.",
    category: "security",
    severity: "critical",
    references: [cisAws("2.3.3"), checkov("CKV_AWS_17")],
    remediationSteps: "Set publiclyAccessible to false and reach the database from inside the VPC.",
    types: ["aws:rds/instance:Instance", "aws:rds/clusterInstance:ClusterInstance"],
    check: ({ props, report }) => {
        if (props.publiclyAccessible === true) report("The database instance is publicly accessible.");
    },
});
