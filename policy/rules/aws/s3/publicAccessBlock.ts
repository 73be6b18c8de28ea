import { stackRule } from "../../../lib/rule";
import { companionsOf, ofTypes, S3 } from "../../../lib/s3";
import { checkov, cisAws } from "../../../lib/references";

const FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

export default stackRule({
    name: "aws-s3-public-access-block",
    description: "Every S3 bucket has a public access block with all four settings on.",
    category: "security",
    severity: "critical",
    references: [cisAws("2.1.4"), checkov("CKV_AWS_53"), checkov("CKV_AWS_54"), checkov("CKV_AWS_55"), checkov("CKV_AWS_56")],
    remediationSteps: "Add an aws.s3.BucketPublicAccessBlock for the bucket with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true.",
    types: [...S3.bucket, ...S3.publicAccessBlock],
    check: (args, { report }) => {
        for (const bucket of ofTypes(args.resources, S3.bucket)) {
            const blocks = companionsOf(bucket, args.resources, S3.publicAccessBlock);
            if (blocks.length === 0) {
                report(`Bucket ${bucket.name} has no public access block.`, bucket.urn);
                continue;
            }
            const off = FLAGS.filter((f) => !blocks.some((b) => b.props[f] === true));
            if (off.length > 0) report(`Bucket ${bucket.name}'s public access block leaves ${off.join(", ")} off.`, bucket.urn);
        }
    },
});
