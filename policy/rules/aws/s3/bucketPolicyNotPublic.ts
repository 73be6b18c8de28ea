import { resourceRule } from "../../../lib/rule";
import { hasWildcardPrincipal, isAllow, statements } from "../../../lib/iam";
import { checkov } from "../../../lib/references";

export default resourceRule({
    name: "aws-s3-bucket-policy-not-public",
    description: "S3 bucket policies grant nothing to everyone.",
    category: "security",
    severity: "critical",
    references: [checkov("CKV_AWS_70")],
    remediationSteps: "Replace Principal \"*\" in Allow statements with the account, role or service that needs access, or add a restricting Condition.",
    types: ["aws:s3/bucketPolicy:BucketPolicy"],
    check: ({ props, report }) => {
        for (const s of statements(props.policy)) {
            if (isAllow(s) && hasWildcardPrincipal(s) && !s.Condition) report("An Allow statement grants access to every principal without a condition.");
        }
    },
});
