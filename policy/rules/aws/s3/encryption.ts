import { stackRule } from "../../../lib/rule";
import { companionsOf, isLogTarget, ofTypes, S3 } from "../../../lib/s3";
import { asArray } from "../../../lib/values";
import { checkov, cisAws } from "../../../lib/references";

interface Config {
    requireKms: boolean;
}

const KMS = ["aws:kms", "aws:kms:dsse"];

function algorithms(configs: { props: Record<string, unknown> }[]): string[] {
    return configs.flatMap((c) =>
        asArray<{ applyServerSideEncryptionByDefault?: { sseAlgorithm?: string } }>(c.props.rules).map((r) => r.applyServerSideEncryptionByDefault?.sseAlgorithm ?? ""),
    );
}

/** Server access logs can only be delivered to SSE-S3 buckets, so log targets are exempt from KMS. */
export default stackRule<Config>({
    name: "aws-s3-default-encryption",
    description: "Every S3 bucket has default encryption; data buckets use SSE-KMS, access-log targets SSE-S3.",
    category: "security",
    severity: "high",
    references: [cisAws("2.1.1"), checkov("CKV_AWS_145")],
    remediationSteps: "Add an aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm \"aws:kms\" and a customer-managed kmsMasterKeyId (\"AES256\" for a server-access-log bucket).",
    config: { requireKms: { type: "boolean", default: true, description: "Require SSE-KMS on buckets that are not access-log targets." } },
    types: [...S3.bucket, ...S3.encryption],
    check: (args, { config, report }) => {
        for (const bucket of ofTypes(args.resources, S3.bucket)) {
            const used = algorithms(companionsOf(bucket, args.resources, S3.encryption));
            if (used.length === 0) report(`Bucket ${bucket.name} has no default encryption configuration.`, bucket.urn);
            else if (config.requireKms && !isLogTarget(bucket, args.resources) && !used.some((a) => KMS.includes(a))) {
                report(`Bucket ${bucket.name} is encrypted with ${used.join(", ")}, not SSE-KMS.`, bucket.urn);
            }
        }
    },
});
