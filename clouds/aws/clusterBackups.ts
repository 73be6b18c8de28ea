/**
 * Velero's backup bucket on S3 (its own, not the artifact store: a team with artifact access must
 * not read the cluster's Secrets from a backup) and the IRSA role of Velero's server: that bucket,
 * and the EBS snapshots the AWS plugin takes of persistent volumes (ebs.csi.aws.com included).
 */
import * as pulumi from "@pulumi/pulumi";
import type { Key } from "@pulumi/aws/kms";
import { BucketLogging, type Bucket } from "@pulumi/aws/s3";
import type { BackupIdentityRequest, ClusterBackupFacts, IdentityBinding } from "../../components/foundation";
import { encryptedBucket, type PrivateBucket } from "./bucket";
import { AwsComponent, type AwsContext } from "./context";
import { irsaRole, type OidcProviderFacts } from "./irsa";

/** Deleted or overwritten backup objects stay recoverable this long (Velero deletes expired backups itself). */
export const BACKUP_NONCURRENT_DAYS = 14;

export interface ClusterBackupsArgs {
    key: Key;
    oidc: OidcProviderFacts;
    /** The stack's access-log bucket. */
    accessLogs: PrivateBucket;
}

/** What the AWS plugin calls for EBS snapshots (velero-plugin-for-aws README, "Set permissions for Velero"). */
export const EBS_SNAPSHOT_ACTIONS = ["ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:CreateTags", "ec2:CreateVolume", "ec2:CreateSnapshot", "ec2:DeleteSnapshot"];

export class ClusterBackups extends AwsComponent {
    readonly bucket: Bucket;
    readonly facts: ClusterBackupFacts;

    constructor(name: string, ctx: AwsContext, private readonly args: ClusterBackupsArgs, opts: pulumi.ComponentResourceOptions) {
        super("ClusterBackups", name, ctx, opts);
        const backups = encryptedBucket(ctx, `${name}-velero`, { child: this.child(), stateful: this.stateful() }, {
            key: args.key.arn,
            noncurrentDays: BACKUP_NONCURRENT_DAYS,
            abortUploadsDays: 7,
        });
        this.bucket = backups.bucket;
        new BucketLogging(
            `${name}-velero`,
            { bucket: this.bucket.id, targetBucket: args.accessLogs.bucket.id, targetPrefix: "velero/" },
            this.child({ dependsOn: [...backups.guards, ...args.accessLogs.guards] }),
        );
        const region = { region: ctx.region };
        this.facts = {
            provider: "aws",
            bucket: this.bucket.bucket,
            backupLocationConfig: pulumi.output<Record<string, string>>(region),
            snapshotLocationConfig: pulumi.output<Record<string, string>>(region),
        };
        this.registerOutputs({ bucket: this.bucket.bucket });
    }

    bind(request: BackupIdentityRequest): IdentityBinding {
        const role = irsaRole(this.ctx, this.args.oidc, `${this.ctx.name}-${request.namespace}-${request.serviceAccount}`, {
            namespace: request.namespace,
            serviceAccount: request.serviceAccount,
            policy: this.policy(),
        }, this);
        return {
            serviceAccountAnnotations: role.arn.apply((arn): Record<string, string> => ({ "eks.amazonaws.com/role-arn": arn })),
            podLabels: {},
        };
    }

    private policy(): pulumi.Output<string> {
        const bucketArn = this.bucket.arn;
        return pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"], Resource: bucketArn },
                {
                    Effect: "Allow",
                    Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
                    Resource: pulumi.interpolate`${bucketArn}/*`,
                },
                {
                    Effect: "Allow",
                    Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                    Resource: this.args.key.arn,
                    Condition: { StringEquals: { "kms:ViaService": `s3.${this.ctx.region}.amazonaws.com` } },
                },
                // Volume and snapshot IDs are created at backup and restore time: EC2 names no ARN up front.
                { Effect: "Allow", Action: EBS_SNAPSHOT_ACTIONS, Resource: "*", Condition: { StringEquals: { "aws:RequestedRegion": this.ctx.region } } },
            ],
        });
    }
}
