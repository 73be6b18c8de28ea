/**
 * Velero's backup bucket on GCS (its own, not the artifact store: a team with artifact access must
 * not read the cluster's Secrets from a backup) and the Google service account Velero's server acts
 * as: objects in that bucket, Compute Engine disk snapshots (pd.csi.storage.gke.io volumes too), and
 * `iam.serviceAccounts.signBlob` on itself (a custom role with that one permission, granted on the
 * account, not the project) for the signed URLs `velero backup logs/describe` download through.
 */
import * as pulumi from "@pulumi/pulumi";
import { IAMCustomRole, IAMMember as ProjectIAMMember } from "@pulumi/gcp/projects";
import { IAMMember as ServiceAccountIAMMember } from "@pulumi/gcp/serviceaccount";
import { Bucket, BucketIAMMember } from "@pulumi/gcp/storage";
import type { Cluster } from "@pulumi/gcp/container";
import type { BackupIdentityRequest, ClusterBackupFacts, IdentityBinding } from "../../components/foundation";
import { GcpComponent, labels, type GcpContext } from "./context";
import { bindingAfter, googleServiceAccountFor } from "./identity";
import type { GrantedKey } from "./kms";

/** Deleted or overwritten backup objects stay recoverable this long (Velero deletes expired backups itself). */
export const BACKUP_NONCURRENT_DAYS = 14;

/** The disk and snapshot permissions velero-plugin-for-gcp's README lists (its storage ones come from the bucket grant). */
export const SNAPSHOT_PERMISSIONS = [
    "compute.disks.get",
    "compute.disks.create",
    "compute.disks.createSnapshot",
    "compute.projects.get",
    "compute.snapshots.get",
    "compute.snapshots.create",
    "compute.snapshots.useReadOnly",
    "compute.snapshots.delete",
    "compute.snapshots.setLabels",
    "compute.zones.get",
];

/**
 * With workload identity the plugin has no private key: it signs download URLs through the IAM
 * Credentials API's signBlob as the account named in the BackupStorageLocation (object_store.go
 * SignBytes). roles/iam.serviceAccountTokenCreator would also let it mint access and ID tokens.
 */
export const SIGN_BLOB_PERMISSIONS = ["iam.serviceAccounts.signBlob"];

export interface ClusterBackupsArgs {
    key: GrantedKey;
    /** Workload Identity bindings wait for the cluster's pool. */
    cluster: Cluster;
}

export class ClusterBackups extends GcpComponent {
    readonly bucket: Bucket;
    readonly facts: ClusterBackupFacts;
    private readonly snapshotRole: IAMCustomRole;
    private readonly signBlobRole: IAMCustomRole;

    constructor(name: string, ctx: GcpContext, private readonly args: ClusterBackupsArgs, opts: pulumi.ComponentResourceOptions) {
        super("ClusterBackups", name, ctx, opts);
        this.bucket = new Bucket(
            `${name}-velero`,
            {
                project: ctx.project,
                location: ctx.region.toUpperCase(),
                storageClass: "STANDARD",
                uniformBucketLevelAccess: true,
                publicAccessPrevention: "enforced",
                versioning: { enabled: true },
                encryption: { defaultKmsKeyName: args.key.key.id },
                lifecycleRules: [
                    { action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: BACKUP_NONCURRENT_DAYS } },
                    { action: { type: "AbortIncompleteMultipartUpload" }, condition: { age: 7 } },
                ],
                forceDestroy: !ctx.spec.protect,
                labels: labels(ctx),
            },
            // GCS encrypts with the key as its own service agent, which needs the grant first.
            this.stateful({ dependsOn: [args.key.grant] }),
        );
        this.snapshotRole = this.customRole(`${name}-velero-snapshots`, "velero_snapshots", `Velero disk snapshots (${ctx.name})`, "Compute Engine disk snapshots for Velero's server", SNAPSHOT_PERMISSIONS);
        this.signBlobRole = this.customRole(`${name}-velero-sign-blob`, "velero_sign_blob", `Velero signed URLs (${ctx.name})`, "signBlob only, granted on Velero's own service account", SIGN_BLOB_PERMISSIONS);
        this.facts = {
            provider: "gcp",
            bucket: this.bucket.name,
            backupLocationConfig: pulumi.output<Record<string, string>>({}),
            snapshotLocationConfig: pulumi.output<Record<string, string>>({ project: ctx.project }),
        };
        this.registerOutputs({ bucket: this.bucket.name });
    }

    /** A project custom role; role IDs take letters, digits, underscores and dots, 3 to 64 characters. */
    private customRole(resourceName: string, idPrefix: string, title: string, description: string, permissions: string[]): IAMCustomRole {
        const roleId = `${idPrefix}_${this.ctx.spec.stack.replace(/[^A-Za-z0-9]/g, "_")}`.slice(0, 64);
        return new IAMCustomRole(resourceName, { project: this.ctx.project, roleId, title, description, permissions, stage: "GA" }, this.child());
    }

    bind(request: BackupIdentityRequest): IdentityBinding {
        const { name, account, impersonation } = googleServiceAccountFor(
            this.ctx,
            request,
            `Velero's server (${request.namespace}/${request.serviceAccount}): cluster backups and disk snapshots`,
            this.args.cluster,
            (extra) => this.child(extra),
        );
        const grants = [
            impersonation,
            new BucketIAMMember(`${name}-velero`, { bucket: this.bucket.name, role: "roles/storage.objectAdmin", member: account.member }, this.child()),
            new ProjectIAMMember(`${name}-snapshots`, { project: this.ctx.project, role: this.snapshotRole.name, member: account.member }, this.child()),
            // signBlob as itself only: on the project it could sign as every service account.
            new ServiceAccountIAMMember(
                `${name}-sign-blob`,
                { serviceAccountId: account.name, role: this.signBlobRole.name, member: account.member },
                this.child(),
            ),
        ];
        // The BackupStorageLocation names the account (config.serviceAccount), so the plugin signs URLs as it.
        return { ...bindingAfter(account, grants), clientId: account.email };
    }
}
