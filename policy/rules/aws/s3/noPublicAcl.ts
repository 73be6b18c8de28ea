import { resourceRule } from "../../../lib/rule";
import { checkov } from "../../../lib/references";

const PUBLIC = ["public-read", "public-read-write", "authenticated-read"];

export default resourceRule({
    name: "aws-s3-no-public-acl",
    description: "No S3 bucket or bucket ACL uses a public canned ACL.",
    category: "security",
    severity: "critical",
    references: [checkov("CKV_AWS_20"), checkov("CKV_AWS_57")],
    remediationSteps: "Remove the ACL (use BucketOwnershipControls with BucketOwnerEnforced) or set it to \"private\".",
    types: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2", "aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2"],
    check: ({ props, report }) => {
        if (PUBLIC.includes(props.acl)) report(`The bucket uses the public canned ACL "${props.acl}".`);
    },
});
