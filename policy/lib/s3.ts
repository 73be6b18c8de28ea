/**
 * S3 buckets and their companion resources (public access block, encryption, versioning, logging,
 * policy). A companion names its bucket in `bucket`; during preview that ID is unknown, so the
 * link is made through propertyDependencies first, then by comparing known names.
 */
import type { PolicyResource } from "@pulumi/policy";
import { known } from "./unknown";

export const S3 = {
    bucket: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"],
    publicAccessBlock: ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
    encryption: [
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    ],
    versioning: ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"],
    logging: ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"],
    policy: ["aws:s3/bucketPolicy:BucketPolicy"],
} as const;

export function ofTypes(resources: readonly PolicyResource[], types: readonly string[]): PolicyResource[] {
    return resources.filter((r) => types.includes(r.type));
}

/** The names a bucket may be referred to by (its `bucket` name or ID, where known). */
function bucketNames(bucket: PolicyResource): string[] {
    const names = [known(() => bucket.props.bucket), known(() => bucket.props.id)];
    return names.filter((n): n is string => typeof n === "string" && n.length > 0);
}

/** Whether `companion`'s `property` (usually "bucket") refers to `bucket`. */
export function refersTo(companion: PolicyResource, property: string, bucket: PolicyResource): boolean {
    if ((companion.propertyDependencies[property] ?? []).some((d) => d.urn === bucket.urn)) return true;
    const value = known(() => companion.props[property]);
    return typeof value === "string" && bucketNames(bucket).includes(value);
}

export function companionsOf(bucket: PolicyResource, resources: readonly PolicyResource[], types: readonly string[]): PolicyResource[] {
    return ofTypes(resources, types).filter((c) => refersTo(c, "bucket", bucket));
}

/** Buckets that receive S3 server access logs (these cannot use SSE-KMS). */
export function isLogTarget(bucket: PolicyResource, resources: readonly PolicyResource[]): boolean {
    return ofTypes(resources, S3.logging).some((l) => refersTo(l, "targetBucket", bucket));
}
