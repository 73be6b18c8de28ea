import type { PolicyResource } from "@pulumi/policy";
import { stackRule } from "../../../lib/rule";
import { statements } from "../../../lib/iam";
import { companionsOf, ofTypes, S3 } from "../../../lib/s3";
import { checkov, cisAws } from "../../../lib/references";

function deniesInsecureTransport(policy: PolicyResource): boolean {
    return statements(policy.props.policy).some((s) => {
        const condition = (s.Condition?.Bool ?? {}) as Record<string, unknown>;
        return s.Effect === "Deny" && String(condition["aws:SecureTransport"]) === "false";
    });
}

export default stackRule({
    name: "aws-s3-tls-only",
    description: "Every S3 bucket's policy denies requests that do not use TLS.",
    category: "security",
    severity: "medium",
    references: [cisAws("2.1.2"), checkov("CKV_AWS_379")],
    remediationSteps: "Add an aws.s3.BucketPolicy with a Deny statement for s3:* when aws:SecureTransport is \"false\".",
    types: [...S3.bucket, ...S3.policy],
    check: (args, { report }) => {
        for (const bucket of ofTypes(args.resources, S3.bucket)) {
            if (!companionsOf(bucket, args.resources, S3.policy).some(deniesInsecureTransport)) {
                report(`Bucket ${bucket.name} accepts requests without TLS (no DenyInsecureTransport statement).`, bucket.urn);
            }
        }
    },
});
