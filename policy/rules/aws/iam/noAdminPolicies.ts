import { resourceRule } from "../../../lib/rule";
import { grantsEverything, statements } from "../../../lib/iam";
import { checkov, cisAws } from "../../../lib/references";

/** KMS key policies are excluded: their "kms:*" on "*" for the account root is the documented default. */
export default resourceRule({
    name: "aws-iam-no-admin-policies",
    description: "No IAM policy grants every action on every resource.",
    category: "security",
    severity: "critical",
    references: [cisAws("1.16"), checkov("CKV_AWS_62"), checkov("CKV_AWS_63")],
    remediationSteps: "List the actions and resources the role needs instead of \"*\".",
    types: ["aws:iam/policy:Policy", "aws:iam/rolePolicy:RolePolicy", "aws:iam/userPolicy:UserPolicy", "aws:iam/groupPolicy:GroupPolicy"],
    check: ({ props, report }) => {
        if (statements(props.policy).some(grantsEverything)) report("A statement allows \"*\" on \"*\" (full administrator).");
    },
});
