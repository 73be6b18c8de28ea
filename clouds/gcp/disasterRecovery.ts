/**
 * The artifacts' copy in the second region (gcp.drRegion): a bucket there under a Cloud KMS key of
 * that region, filled by an hourly Storage Transfer job from the artifact bucket. The existing
 * bucket is regional and a bucket's location cannot change, so a dual-region bucket would mean
 * replacing it; a second bucket keeps it. Cloud SQL's backups go to the same region through the
 * instance's `backupConfiguration.location` (database.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { CryptoKey, CryptoKeyIAMMember, KeyRing } from "@pulumi/gcp/kms";
import { Bucket, BucketIAMMember, TransferJob, getProjectServiceAccountOutput, getTransferProjectServiceAccountOutput } from "@pulumi/gcp/storage";
import { RandomId } from "@pulumi/random";
import { GcpComponent, labels, type GcpContext } from "./context";

export interface DisasterRecoveryArgs {
    region: string;
    artifacts: Bucket;
}

/** Copies run every hour: the artifact store's recovery point in the second region. */
export const TRANSFER_INTERVAL_SECONDS = 3600;
/** A fixed first day: a moving one would change the job on every `up`. Storage Transfer starts the day after a past date. */
const SCHEDULE_START = { year: 2026, month: 12, day: 1 };

export class DisasterRecovery extends GcpComponent {
    readonly key: CryptoKey;
    readonly replica: Bucket;
    readonly transfer: TransferJob;

    constructor(name: string, ctx: GcpContext, args: DisasterRecoveryArgs, opts: pulumi.ComponentResourceOptions) {
        super("DisasterRecovery", name, ctx, opts);
        const region = args.region;
        const keyGrant = this.regionKey(name, region);
        this.key = keyGrant.key;
        this.replica = new Bucket(
            `${name}-replica`,
            {
                project: ctx.project,
                location: region.toUpperCase(),
                storageClass: "STANDARD",
                uniformBucketLevelAccess: true,
                publicAccessPrevention: "enforced",
                versioning: { enabled: true },
                encryption: { defaultKmsKeyName: this.key.id },
                lifecycleRules: [{ action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: ctx.spec.objectStore.noncurrentVersionExpirationDays } }],
                forceDestroy: !ctx.spec.protect,
                labels: labels(ctx, { purpose: "disaster-recovery" }),
            },
            // GCS encrypts as its own service agent, which needs the key grant first.
            this.stateful({ dependsOn: [keyGrant.grant] }),
        );
        const grants = this.transferGrants(name, args.artifacts, this.replica);
        this.transfer = new TransferJob(
            `${name}-replica`,
            {
                project: ctx.project,
                description: `${ctx.name}: artifacts to ${region}`,
                transferSpec: {
                    gcsDataSource: { bucketName: args.artifacts.name },
                    gcsDataSink: { bucketName: this.replica.name },
                    // Copy what is new or changed; never delete at either end (the replica keeps versions).
                    transferOptions: {
                        overwriteWhen: "DIFFERENT",
                        deleteObjectsUniqueInSink: false,
                        deleteObjectsFromSourceAfterTransfer: false,
                        // Said outright: copies take the replica bucket's default key (of the second region), not the source's.
                        metadataOptions: { kmsKey: "KMS_KEY_DESTINATION_BUCKET_DEFAULT" },
                    },
                },
                schedule: { scheduleStartDate: SCHEDULE_START, repeatInterval: `${TRANSFER_INTERVAL_SECONDS}s` },
                status: "ENABLED",
            },
            // The job is checked against the agent's bucket permissions when it is created.
            this.child({ dependsOn: grants }),
        );
        this.registerOutputs({ region, replicaBucket: this.replica.name });
    }

    /** A key ring and key in the second region (a key is usable only in its own location). */
    private regionKey(name: string, region: string): { key: CryptoKey; grant: CryptoKeyIAMMember } {
        // Key rings can never be deleted: a suffix fixed at creation keeps the name unique across rebuilds.
        const suffix = new RandomId(`${name}-keyring`, { byteLength: 3 }, { parent: this, protect: this.ctx.spec.protect });
        const ring = new KeyRing(name, { project: this.ctx.project, location: region, name: pulumi.interpolate`${name}-${suffix.hex}` }, this.stateful());
        const key = new CryptoKey(
            `${name}-replica`,
            {
                name: "artifacts-replica",
                keyRing: ring.id,
                purpose: "ENCRYPT_DECRYPT",
                rotationPeriod: `${90 * 24 * 3600}s`,
                versionTemplate: { algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION", protectionLevel: "SOFTWARE" },
                destroyScheduledDuration: this.ctx.spec.protect ? `${30 * 24 * 3600}s` : `${24 * 3600}s`,
                labels: labels(this.ctx, { purpose: "artifacts-replica" }),
            },
            this.stateful(),
        );
        const agent = getProjectServiceAccountOutput({ project: this.ctx.project }, { parent: this, provider: this.ctx.provider, dependsOn: this.ctx.apis });
        const grant = new CryptoKeyIAMMember(
            `${name}-replica`,
            { cryptoKeyId: key.id, role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", member: pulumi.interpolate`serviceAccount:${agent.emailAddress}` },
            this.child(),
        );
        return { key, grant };
    }

    /** The Storage Transfer service agent reads the source bucket and writes the replica. */
    private transferGrants(name: string, source: Bucket, sink: Bucket): BucketIAMMember[] {
        const agent = getTransferProjectServiceAccountOutput({ project: this.ctx.project }, { parent: this, provider: this.ctx.provider, dependsOn: this.ctx.apis });
        const member = pulumi.interpolate`serviceAccount:${agent.email}`;
        const grant = (suffix: string, bucket: Bucket, role: string) => new BucketIAMMember(`${name}-transfer-${suffix}`, { bucket: bucket.name, role, member }, this.child());
        return [
            grant("source-reader", source, "roles/storage.legacyBucketReader"),
            grant("source-objects", source, "roles/storage.objectViewer"),
            grant("sink-writer", sink, "roles/storage.legacyBucketWriter"),
        ];
    }
}
