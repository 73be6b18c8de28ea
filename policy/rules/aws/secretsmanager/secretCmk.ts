import { resourceRule } from "../../../lib/rule";
import { checkov } from "../../../lib/references";

export default resourceRule({
    name: "aws-secretsmanager-secret-cmk",
    description: "Secrets Manager secrets are encrypted with a customer-managed KMS key, not the account's aws/secretsmanager key.",
    category: "security",
    severity: "high",
    references: [checkov("CKV_AWS_149")],
    remediationSteps: "Set kmsKeyId to the platform's data key (key.arn); the secret's readers then also need kms:Decrypt on it through secretsmanager.<region>.amazonaws.com.",
    types: ["aws:secretsmanager/secret:Secret"],
    check: ({ props, report }) => {
        const key = props.kmsKeyId;
        if (key === undefined || key === null || key === "") report("No kmsKeyId: the secret is encrypted with the AWS-managed aws/secretsmanager key.");
        else if (typeof key === "string" && /alias\/aws\/secretsmanager$/.test(key)) report("kmsKeyId names the AWS-managed aws/secretsmanager key.");
    },
});
