/**
 * Copies that survive the loss of the primary region (aws.drRegion): RDS automated backups
 * (snapshots and transaction logs, so point-in-time restore works there) and the artifact bucket,
 * replicated by S3 to a versioned bucket in that region, each under a KMS key of that region.
 * @pulumi/aws 7 places a resource in another region with its `region` argument, so no second provider.
 */
import * as pulumi from "@pulumi/pulumi";
import { Role, RolePolicy } from "@pulumi/aws/iam";
import { Alias, Key } from "@pulumi/aws/kms";
import { InstanceAutomatedBackupsReplication, type Instance } from "@pulumi/aws/rds";
import {
    BucketLogging,
    BucketReplicationConfig,
    BucketVersioning,
    type Bucket,
} from "@pulumi/aws/s3";
import { accessLogBucket, encryptedBucket } from "./bucket";
import { AwsComponent, tags, type AwsContext } from "./context";

export interface DisasterRecoveryArgs {
    /** The second region (validated by the config: a known region, not the primary). */
    region: string;
    database: Instance;
    artifacts: { bucket: Bucket; versioning: BucketVersioning; key: Key };
}

export class DisasterRecovery extends AwsComponent {
    readonly key: Key;
    readonly backups: InstanceAutomatedBackupsReplication;
    readonly replica: Bucket;
    readonly replication: BucketReplicationConfig;

    constructor(name: string, ctx: AwsContext, args: DisasterRecoveryArgs, opts: pulumi.ComponentResourceOptions) {
        super("DisasterRecovery", name, ctx, opts);
        const region = args.region;
        this.key = this.regionKey(name, region);
        // Lives in the destination region; a change of key, retention or source replaces it.
        this.backups = new InstanceAutomatedBackupsReplication(
            `${name}-postgres`,
            { region, sourceDbInstanceArn: args.database.arn, kmsKeyId: this.key.arn, retentionPeriod: ctx.spec.database.backupRetentionDays },
            this.stateful(),
        );
        const replica = this.replicaBucket(name, region);
        this.replica = replica.bucket;
        const role = this.replicationRole(name, region, args.artifacts, replica.bucket);
        this.replication = new BucketReplicationConfig(
            `${name}-replication`,
            {
                bucket: args.artifacts.bucket.id,
                role: role.role.arn,
                rules: [
                    {
                        id: "artifacts-to-second-region",
                        status: "Enabled",
                        // V2 rule (a filter): every object; delete markers follow, old versions stay.
                        filter: { prefix: "" },
                        deleteMarkerReplication: { status: "Enabled" },
                        // SSE-KMS objects replicate only when asked, and then need the destination key.
                        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
                        destination: {
                            bucket: replica.bucket.arn,
                            storageClass: "STANDARD",
                            encryptionConfiguration: { replicaKmsKeyId: this.key.arn },
                            // An event threshold only with Replication Time Control (S3 refuses it otherwise);
                            // RTC is billed per GB and not on, so there is no 15-minute objective (DR-F1).
                            metrics: { status: "Enabled" },
                        },
                    },
                ],
            },
            // S3 refuses the configuration unless both buckets are versioned, and checks the role.
            this.child({ dependsOn: [args.artifacts.versioning, replica.versioning, role.policy] }),
        );
        this.registerOutputs({ region, replicaBucket: replica.bucket.bucket, keyArn: this.key.arn });
    }

    /** A key of the second region (a KMS key never leaves its region). */
    private regionKey(name: string, region: string): Key {
        const key = new Key(
            `${name}-data`,
            {
                region,
                description: `${this.ctx.name}: disaster-recovery copies in ${region} (RDS backups, S3 artifact replica)`,
                enableKeyRotation: true,
                rotationPeriodInDays: 365,
                deletionWindowInDays: this.ctx.spec.protect ? 30 : 7,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "AccountAdministration",
                            Effect: "Allow",
                            Principal: { AWS: pulumi.interpolate`arn:${this.ctx.partition}:iam::${this.ctx.accountId}:root` },
                            Action: "kms:*",
                            Resource: "*",
                        },
                    ],
                }),
                tags: tags(this.ctx),
            },
            this.stateful(),
        );
        // Not `${name}-data`: a stack named like this component would create that alias there too (DR-F2).
        new Alias(`${name}-data`, { region, name: `alias/${name}-replica`, targetKeyId: key.keyId }, this.child());
        return key;
    }

    private replicaBucket(name: string, region: string): { bucket: Bucket; versioning: BucketVersioning } {
        const store = this.ctx.spec.objectStore;
        const replica = encryptedBucket(this.ctx, `${name}-replica`, { child: this.child(), stateful: this.stateful(), region }, {
            key: this.key.arn,
            noncurrentDays: store.noncurrentVersionExpirationDays,
        });
        const { bucket, versioning } = replica;
        // S3 writes server access logs only to a bucket in the same region as the logged one.
        const logs = accessLogBucket(this.ctx, `${name}-replica-logs`, { child: this.child(), stateful: this.stateful(), region }, bucket);
        new BucketLogging(
            `${name}-replica`,
            { region, bucket: bucket.id, targetBucket: logs.bucket.id, targetPrefix: "artifacts/" },
            this.child({ dependsOn: [...replica.guards, ...logs.guards] }),
        );
        return { bucket, versioning };
    }

    /** The role S3 replicates as: read versions at the source, write replicas, decrypt there and encrypt here. */
    private replicationRole(name: string, region: string, source: DisasterRecoveryArgs["artifacts"], replica: Bucket): { role: Role; policy: RolePolicy } {
        const role = new Role(
            `${name}-replication`,
            {
                assumeRolePolicy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    // The trust the S3 replication guide documents: no condition keys, since which
                    // ones S3 sends when it assumes a replication role is not documented.
                    Statement: [{ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }],
                }),
                tags: tags(this.ctx),
            },
            this.child(),
        );
        const via = (r: string) => ({ StringEquals: { "kms:ViaService": `s3.${r}.amazonaws.com` } });
        const policy = new RolePolicy(
            `${name}-replication`,
            {
                role: role.id,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        { Sid: "SourceBucket", Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: source.bucket.arn },
                        {
                            Sid: "SourceVersions",
                            Effect: "Allow",
                            Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
                            Resource: pulumi.interpolate`${source.bucket.arn}/*`,
                        },
                        {
                            Sid: "Replicas",
                            Effect: "Allow",
                            Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
                            Resource: pulumi.interpolate`${replica.arn}/*`,
                        },
                        { Sid: "DecryptSource", Effect: "Allow", Action: "kms:Decrypt", Resource: source.key.arn, Condition: via(this.ctx.region) },
                        { Sid: "EncryptReplica", Effect: "Allow", Action: ["kms:Encrypt", "kms:GenerateDataKey"], Resource: this.key.arn, Condition: via(region) },
                    ],
                }),
            },
            this.child(),
        );
        return { role, policy };
    }
}
