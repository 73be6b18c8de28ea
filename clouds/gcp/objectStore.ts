/**
 * The ML artifact store on GCS: uniform bucket-level access (no ACLs), public access prevention
 * enforced, versioned, CMEK by default, lifecycle-managed, with usage logs in a second bucket.
 */
import * as pulumi from "@pulumi/pulumi";
import { Bucket, BucketIAMMember, type BucketArgs } from "@pulumi/gcp/storage";
import type { ObjectStoreFacts } from "../../components/foundation";
import { GcpComponent, labels, type GcpContext } from "./context";
import type { GrantedKey } from "./kms";

/** Google's group that writes GCS usage and storage logs into the log bucket. */
const USAGE_LOG_WRITER = "group:cloud-storage-analytics@google.com";

export class ObjectStore extends GcpComponent {
    readonly bucket: Bucket;
    readonly facts: ObjectStoreFacts;

    constructor(name: string, ctx: GcpContext, args: { key: GrantedKey }, opts: pulumi.ComponentResourceOptions) {
        super("ObjectStore", name, ctx, opts);
        const store = ctx.spec.objectStore;
        const logs = this.privateBucket(`${name}-access-logs`, args.key, [
            { action: { type: "Delete" }, condition: { age: store.accessLogRetentionDays } },
            { action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: 7 } },
        ]);
        const logWriter = new BucketIAMMember(
            `${name}-access-logs-writer`,
            { bucket: logs.name, role: "roles/storage.objectCreator", member: USAGE_LOG_WRITER },
            this.child(),
        );
        this.bucket = this.privateBucket(
            `${name}-artifacts`,
            args.key,
            [
                { action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: store.noncurrentVersionExpirationDays } },
                { action: { type: "AbortIncompleteMultipartUpload" }, condition: { age: store.abortIncompleteUploadDays } },
            ],
            { logging: { logBucket: logs.name, logObjectPrefix: "artifacts/" } },
            [logWriter],
        );
        this.facts = {
            kind: "gcs",
            bucket: this.bucket.name,
            uri: pulumi.interpolate`gs://${this.bucket.name}`,
            clientEnv: pulumi.output<Record<string, string>>({ GOOGLE_CLOUD_PROJECT: ctx.project }),
        };
        this.registerOutputs({ bucket: this.bucket.name, accessLogBucket: logs.name });
    }

    private privateBucket(
        name: string,
        key: GrantedKey,
        lifecycleRules: NonNullable<BucketArgs["lifecycleRules"]>,
        extra: Partial<BucketArgs> = {},
        dependsOn: pulumi.Resource[] = [],
    ): Bucket {
        return new Bucket(
            name,
            {
                project: this.ctx.project,
                location: this.ctx.region.toUpperCase(),
                storageClass: "STANDARD",
                uniformBucketLevelAccess: true,
                publicAccessPrevention: "enforced",
                versioning: { enabled: true },
                encryption: { defaultKmsKeyName: key.key.id },
                lifecycleRules,
                forceDestroy: !this.ctx.spec.protect,
                labels: labels(this.ctx),
                ...extra,
            },
            // GCS encrypts with the key as its own service agent, which needs the grant first.
            this.stateful({ dependsOn: [key.grant, ...dependsOn] }),
        );
    }
}
