import { resourceRule } from "../../../lib/rule";
import { checkov } from "../../../lib/references";

export default resourceRule({
    name: "aws-rds-iam-auth-and-patching",
    description: "RDS instances accept IAM authentication and take minor-version security patches.",
    category: "security",
    severity: "low",
    enforcementLevel: "advisory",
    references: [checkov("CKV_AWS_161"), checkov("CKV_AWS_226")],
    remediationSteps: "Set iamDatabaseAuthenticationEnabled: true and leave autoMinorVersionUpgrade enabled.",
    types: ["aws:rds/instance:Instance"],
    check: ({ props, report }) => {
        if (props.iamDatabaseAuthenticationEnabled !== true) report("IAM database authentication is disabled.");
        if (props.autoMinorVersionUpgrade === false) report("Automatic minor-version upgrades are disabled.");
    },
});
