/**
 * Velero's backup container (its own container in the stack's storage account, so it shares the
 * account's protections: no public or shared-key access, private endpoint, versioning, soft delete,
 * the customer-managed key) and the user-assigned identity Velero's server federates with: blob
 * data on that container only, and managed-disk snapshots in the AKS node resource group, where
 * the Azure Disk CSI driver puts the volumes.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ManagedCluster } from "@pulumi/azure-native/containerservice";
import { RoleAssignment, RoleDefinition } from "@pulumi/azure-native/authorization";
import { BlobContainer, type StorageAccount } from "@pulumi/azure-native/storage";
import { RandomUuid } from "@pulumi/random";
import type { BackupIdentityRequest, ClusterBackupFacts, IdentityBinding } from "../../components/foundation";
import { AzureComponent, type AzureContext } from "./context";
import { federatedIdentity } from "./identity";
import { assignRole } from "./roles";

export const BACKUP_CONTAINER_NAME = "velero";

/** The disk and snapshot actions velero-plugin-for-microsoft-azure's README lists for its minimal custom role. */
export const DISK_SNAPSHOT_ACTIONS = [
    "Microsoft.Compute/disks/read",
    "Microsoft.Compute/disks/write",
    "Microsoft.Compute/disks/beginGetAccess/action",
    "Microsoft.Compute/disks/endGetAccess/action",
    "Microsoft.Compute/snapshots/read",
    "Microsoft.Compute/snapshots/write",
    "Microsoft.Compute/snapshots/delete",
];

export interface ClusterBackupsArgs {
    account: StorageAccount;
    /** Versioning and soft delete are set on the account's blob service before any container. */
    after: pulumi.Resource[];
    cluster: ManagedCluster;
    oidcIssuer: pulumi.Output<string>;
}

export class ClusterBackups extends AzureComponent {
    readonly container: BlobContainer;
    readonly facts: ClusterBackupFacts;
    private readonly nodeResourceGroupId: pulumi.Output<string>;

    constructor(name: string, ctx: AzureContext, private readonly args: ClusterBackupsArgs, opts: pulumi.ComponentResourceOptions) {
        super("ClusterBackups", name, ctx, opts);
        this.container = new BlobContainer(
            `${name}-${BACKUP_CONTAINER_NAME}`,
            { resourceGroupName: ctx.resourceGroupName, accountName: args.account.name, containerName: BACKUP_CONTAINER_NAME, publicAccess: "None" },
            this.stateful({ dependsOn: args.after }),
        );
        const nodeResourceGroup = args.cluster.nodeResourceGroup.apply((g) => g!);
        this.nodeResourceGroupId = pulumi.interpolate`/subscriptions/${ctx.subscriptionId}/resourceGroups/${nodeResourceGroup}`;
        this.facts = {
            provider: "azure",
            bucket: this.container.name,
            backupLocationConfig: pulumi
                .all([ctx.resourceGroupName, args.account.name, ctx.subscriptionId])
                .apply(([resourceGroup, storageAccount, subscriptionId]): Record<string, string> => ({
                    resourceGroup,
                    storageAccount,
                    subscriptionId,
                    // Entra ID, not the account keys (shared-key access is off); with the URI the plugin needs no ARM read of the account.
                    useAAD: "true",
                    storageAccountURI: `https://${storageAccount}.blob.core.windows.net`,
                })),
            snapshotLocationConfig: pulumi
                .all([nodeResourceGroup, ctx.subscriptionId])
                .apply(([resourceGroup, subscriptionId]): Record<string, string> => ({ resourceGroup, subscriptionId, incremental: "true" })),
            // The snapshotter reads the disks' subscription and resource group from a credentials file (no secret in it).
            credentialsFile: pulumi
                .all([ctx.subscriptionId, nodeResourceGroup])
                .apply(([subscriptionId, resourceGroup]) => `AZURE_SUBSCRIPTION_ID=${subscriptionId}\nAZURE_RESOURCE_GROUP=${resourceGroup}\nAZURE_CLOUD_NAME=AzurePublicCloud\n`),
        };
        this.registerOutputs({ container: this.container.name });
    }

    bind(request: BackupIdentityRequest): IdentityBinding {
        const opts = this.child();
        const { name, identity } = federatedIdentity(this.ctx, request, this.args.oidcIssuer, opts);
        assignRole(
            this.ctx,
            `${name}-velero`,
            {
                role: "storageBlobDataContributor",
                principalId: identity.principalId,
                principalType: "ServicePrincipal",
                scope: this.container.id,
                description: `${request.namespace}/${request.serviceAccount}: cluster backups in the ${BACKUP_CONTAINER_NAME} container`,
            },
            opts,
        );
        // `velero backup logs`/`describe --details` download through URLs the plugin signs with a user-delegation
        // key (no shared keys here); getting one is an account-level action a container-scoped role lacks.
        assignRole(
            this.ctx,
            `${name}-delegation`,
            {
                role: "storageBlobDelegator",
                principalId: identity.principalId,
                principalType: "ServicePrincipal",
                scope: this.args.account.id,
                description: `${request.namespace}/${request.serviceAccount}: user-delegation keys for signed download URLs`,
            },
            opts,
        );
        // A custom role's name is a GUID of our choosing, kept in state.
        const roleId = new RandomUuid(`${name}-snapshots`, {}, { parent: this });
        const role = new RoleDefinition(
            `${name}-snapshots`,
            {
                roleDefinitionId: roleId.result,
                scope: this.nodeResourceGroupId,
                roleName: `Velero disk snapshots (${this.ctx.name})`,
                description: "Managed-disk snapshots and restores for Velero's server",
                permissions: [{ actions: DISK_SNAPSHOT_ACTIONS, notActions: [] }],
                assignableScopes: [this.nodeResourceGroupId],
            },
            opts,
        );
        new RoleAssignment(
            `${name}-snapshots`,
            {
                principalId: identity.principalId,
                principalType: "ServicePrincipal",
                scope: this.nodeResourceGroupId,
                roleDefinitionId: pulumi.interpolate`/subscriptions/${this.ctx.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role.name}`,
                description: `${request.namespace}/${request.serviceAccount}: disk snapshots in the node resource group`,
            },
            opts,
        );
        return {
            serviceAccountAnnotations: identity.clientId.apply((clientId): Record<string, string> => ({ "azure.workload.identity/client-id": clientId })),
            podLabels: { "azure.workload.identity/use": "true" },
        };
    }
}
