/**
 * The ML artifact store on S3: private, SSE-KMS with a bucket key, versioned, lifecycle-managed,
 * TLS only, with server access logs in a separate private bucket.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Key } from "@pulumi/aws/kms";
import {
    BucketLogging,
    BucketVersioning,
    type Bucket,
} from "@pulumi/aws/s3";
import type { ObjectStoreFacts } from "../../components/foundation";
import { accessLogBucket, encryptedBucket, type PrivateBucket } from "./bucket";
import { AwsComponent, type AwsContext } from "./context";

export class ObjectStore extends AwsComponent {
    readonly bucket: Bucket;
    /** Replication needs versioning on first. */
    readonly versioning: BucketVersioning;
    /** The stack's server-access-log bucket (other buckets log into it too). */
    readonly accessLogs: PrivateBucket;
    readonly facts: ObjectStoreFacts;

    constructor(name: string, ctx: AwsContext, args: { key: Key }, opts: pulumi.ComponentResourceOptions) {
        super("ObjectStore", name, ctx, opts);
        const store = ctx.spec.objectStore;
        const bucketOpts = { child: this.child(), stateful: this.stateful() };
        const logs = accessLogBucket(this.ctx, `${name}-access-logs`, bucketOpts);
        this.accessLogs = logs;
        const artifacts = encryptedBucket(ctx, `${name}-artifacts`, bucketOpts, {
            key: args.key.arn,
            noncurrentDays: store.noncurrentVersionExpirationDays,
            abortUploadsDays: store.abortIncompleteUploadDays,
        });
        this.bucket = artifacts.bucket;
        this.versioning = artifacts.versioning;
        new BucketLogging(
            `${name}-artifacts`,
            { bucket: this.bucket.id, targetBucket: logs.bucket.id, targetPrefix: "artifacts/" },
            // The log bucket's policy must admit the logging service before logging points at it.
            this.child({ dependsOn: [...artifacts.guards, ...logs.guards] }),
        );

        this.facts = {
            kind: "s3",
            bucket: this.bucket.bucket,
            uri: pulumi.interpolate`s3://${this.bucket.bucket}`,
            clientEnv: pulumi.output<Record<string, string>>({ AWS_REGION: ctx.region, AWS_DEFAULT_REGION: ctx.region }),
        };
        this.registerOutputs({ bucket: this.bucket.bucket });
    }
}
