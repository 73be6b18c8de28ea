import { expect } from "chai";
import type { CapturedResource } from "../../../automation/capture";
import { ofType, okPlan } from "../../support/plans";

/** The companion of a bucket: the resource of `type` whose `bucket` input is that bucket's id. */
function companion(resources: CapturedResource[], type: string, bucket: CapturedResource): CapturedResource {
    const found = resources.find((r) => r.type === type && r.inputs.bucket === `${bucket.name}-id`);
    if (!found) throw new Error(`${bucket.name} has no ${type}`);
    return found;
}

describe("AWS S3 artifact store", () => {
    it("blocks every kind of public access on every bucket", async () => {
        const p = await okPlan("production");
        const buckets = ofType(p, "aws:s3/bucket:Bucket");
        // Artifacts and access logs, in the primary region and (the replica, disaster recovery) the second,
        // and Velero's cluster backups.
        expect(buckets).to.have.length(5);
        for (const b of buckets) {
            expect(companion(p.resources, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", b).inputs).to.include({
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            });
            expect(companion(p.resources, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", b).inputs.rule).to.deep.equal({
                objectOwnership: "BucketOwnerEnforced",
            });
            const policy = JSON.parse(companion(p.resources, "aws:s3/bucketPolicy:BucketPolicy", b).inputs.policy as string);
            expect(policy.Statement).to.deep.include.members([
                {
                    Sid: "DenyInsecureTransport",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: [`arn:aws:s3:::${b.name}-a1b2c3d`, `arn:aws:s3:::${b.name}-a1b2c3d/*`],
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
            ]);
        }
    });

    it("encrypts artifacts with SSE-KMS and a bucket key, versions them and logs access", async () => {
        const p = await okPlan("production");
        const artifacts = ofType(p, "aws:s3/bucket:Bucket").find((b) => b.name.endsWith("-artifacts"))!;
        const sse = companion(p.resources, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", artifacts);
        const rule = (sse.inputs.rules as Record<string, any>[])[0];
        expect(rule.applyServerSideEncryptionByDefault.sseAlgorithm).to.equal("aws:kms");
        expect(rule.applyServerSideEncryptionByDefault.kmsMasterKeyId).to.match(/^arn:aws:kms:/);
        expect(rule.bucketKeyEnabled).to.equal(true);
        expect(companion(p.resources, "aws:s3/bucketVersioning:BucketVersioning", artifacts).inputs.versioningConfiguration).to.deep.equal({ status: "Enabled" });
        const logging = companion(p.resources, "aws:s3/bucketLogging:BucketLogging", artifacts);
        expect(logging.inputs.targetBucket).to.match(/-access-logs-id$/);
    });

    it("expires noncurrent versions and aborts incomplete uploads", async () => {
        const p = await okPlan("production");
        const artifacts = ofType(p, "aws:s3/bucket:Bucket").find((b) => b.name.endsWith("-artifacts"))!;
        const rules = companion(p.resources, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", artifacts).inputs.rules as Record<string, any>[];
        expect(rules.find((r) => r.noncurrentVersionExpiration)!.noncurrentVersionExpiration.noncurrentDays).to.equal(90);
        expect(rules.find((r) => r.abortIncompleteMultipartUpload)!.abortIncompleteMultipartUpload.daysAfterInitiation).to.equal(7);
    });

    it("can be emptied on destroy only outside production", async () => {
        for (const b of ofType(await okPlan("production"), "aws:s3/bucket:Bucket")) expect(b.inputs.forceDestroy).to.equal(false);
        for (const b of ofType(await okPlan("staging"), "aws:s3/bucket:Bucket")) expect(b.inputs.forceDestroy).to.equal(true);
    });
});
