/** Private S3 buckets with their companions: public-access block, owner-enforced ownership, TLS-only policy. */
import * as pulumi from "@pulumi/pulumi";
import {
    Bucket,
    BucketLifecycleConfiguration,
    BucketOwnershipControls,
    BucketPolicy,
    BucketPublicAccessBlock,
    BucketServerSideEncryptionConfiguration,
    BucketVersioning,
} from "@pulumi/aws/s3";
import { tags, type AwsContext } from "./context";

export interface PrivateBucket {
    bucket: Bucket;
    /** Companions that must exist before the bucket is used (policies and logging attach after them). */
    guards: pulumi.Resource[];
}

export function privateBucket(
    ctx: AwsContext,
    name: string,
    opts: { child: pulumi.CustomResourceOptions; stateful: pulumi.CustomResourceOptions; region?: string },
    extraStatements: (bucketArn: pulumi.Output<string>) => unknown[] = () => [],
): PrivateBucket {
    // A bucket outside the provider's region (the disaster-recovery replica) names its region on each resource.
    const region = opts.region ? { region: opts.region } : {};
    const bucket = new Bucket(name, { ...region, forceDestroy: !ctx.spec.protect, tags: tags(ctx) }, opts.stateful);
    const publicAccess = new BucketPublicAccessBlock(
        name,
        { ...region, bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        opts.child,
    );
    const ownership = new BucketOwnershipControls(name, { ...region, bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, opts.child);
    const policy = new BucketPolicy(
        name,
        {
            ...region,
            bucket: bucket.id,
            policy: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "DenyInsecureTransport",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "s3:*",
                        Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                    ...extraStatements(bucket.arn),
                ],
            }),
        },
        { ...opts.child, dependsOn: [publicAccess] },
    );
    return { bucket, guards: [publicAccess, ownership, policy] };
}

/**
 * A private bucket for S3 server access logs: writable by the logging service of this account (and
 * only for `logged`, when given), SSE-S3 (access logs cannot be written with SSE-KMS), versioned,
 * and expired after `objectStore.accessLogRetentionDays`.
 */
export function accessLogBucket(
    ctx: AwsContext,
    name: string,
    opts: { child: pulumi.CustomResourceOptions; stateful: pulumi.CustomResourceOptions; region?: string },
    logged?: Bucket,
): PrivateBucket {
    const logs = privateBucket(ctx, name, opts, (arn) => [
        {
            Sid: "S3ServerAccessLogs",
            Effect: "Allow",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: pulumi.interpolate`${arn}/*`,
            Condition: { StringEquals: { "aws:SourceAccount": ctx.accountId }, ...(logged ? { ArnLike: { "aws:SourceArn": logged.arn } } : {}) },
        },
    ]);
    const region = opts.region ? { region: opts.region } : {};
    const bucket = logs.bucket.id;
    new BucketServerSideEncryptionConfiguration(name, { ...region, bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }, opts.child);
    const versioning = new BucketVersioning(name, { ...region, bucket, versioningConfiguration: { status: "Enabled" } }, opts.child);
    new BucketLifecycleConfiguration(
        name,
        {
            ...region,
            bucket,
            rules: [
                {
                    id: "expire-logs",
                    status: "Enabled",
                    filter: {},
                    expiration: { days: ctx.spec.objectStore.accessLogRetentionDays },
                    noncurrentVersionExpiration: { noncurrentDays: 7 },
                },
            ],
        },
        // Noncurrent-version rules need versioning in place first (provider docs).
        { ...opts.child, dependsOn: [versioning] },
    );
    return logs;
}

/**
 * A private bucket for data: SSE-KMS with `key` (S3 bucket keys on), versioned, noncurrent versions
 * and expired delete markers removed after `noncurrentDays`, and incomplete multipart uploads
 * aborted after `abortUploadsDays` when given. Access logging is the caller's (prefix, target).
 */
export function encryptedBucket(
    ctx: AwsContext,
    name: string,
    opts: { child: pulumi.CustomResourceOptions; stateful: pulumi.CustomResourceOptions; region?: string },
    data: { key: pulumi.Input<string>; noncurrentDays: number; abortUploadsDays?: number },
): PrivateBucket & { versioning: BucketVersioning } {
    const made = privateBucket(ctx, name, opts);
    const region = opts.region ? { region: opts.region } : {};
    const bucket = made.bucket.id;
    new BucketServerSideEncryptionConfiguration(
        name,
        { ...region, bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: data.key }, bucketKeyEnabled: true }] },
        opts.child,
    );
    const versioning = new BucketVersioning(name, { ...region, bucket, versioningConfiguration: { status: "Enabled" } }, opts.child);
    new BucketLifecycleConfiguration(
        name,
        {
            ...region,
            bucket,
            rules: [
                {
                    id: "expire-noncurrent-versions",
                    status: "Enabled",
                    filter: {},
                    noncurrentVersionExpiration: { noncurrentDays: data.noncurrentDays },
                    expiration: { expiredObjectDeleteMarker: true },
                },
                ...(data.abortUploadsDays === undefined
                    ? []
                    : [{ id: "abort-incomplete-uploads", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: data.abortUploadsDays } }]),
            ],
        },
        // Noncurrent-version rules need versioning in place first (provider docs).
        { ...opts.child, dependsOn: [versioning] },
    );
    return { ...made, versioning };
}
