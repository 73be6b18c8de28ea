/**
 * The ML artifact store on Blob storage: a private container in an account with no public blob
 * access, no shared keys (Entra ID only), TLS 1.2 and HTTPS only, network default Deny with a
 * private endpoint, versioning and soft delete, a lifecycle policy, and the customer-managed key.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Subnet } from "@pulumi/azure-native/network";
import { BlobContainer, BlobServiceProperties, ManagementPolicy, StorageAccount } from "@pulumi/azure-native/storage";
import { secondRegionOf } from "../../components/config";
import type { ObjectStoreFacts } from "../../components/foundation";
import { AzureComponent, compactName, placement, tags, type AzureContext } from "./context";
import type { PrivateDns } from "./dns";
import type { KeyVault } from "./keyVault";
import { privateEndpoint } from "./privateEndpoint";

export interface ArtifactStoreArgs {
    endpointSubnet: Subnet;
    dns: PrivateDns;
    keyVault: KeyVault;
}

export const CONTAINER_NAME = "artifacts";
/** Deleted blobs and containers stay recoverable this long. */
const SOFT_DELETE_DAYS = 30;

export class ArtifactStore extends AzureComponent {
    readonly account: StorageAccount;
    readonly container: BlobContainer;
    /** Versioning and soft delete: containers are created after it. */
    readonly blobService: BlobServiceProperties;
    readonly facts: ObjectStoreFacts;

    constructor(name: string, ctx: AzureContext, args: ArtifactStoreArgs, opts: pulumi.ComponentResourceOptions) {
        super("ArtifactStore", name, ctx, opts);
        const store = ctx.spec.objectStore;
        const key = args.keyVault;
        this.account = new StorageAccount(
            name,
            {
                ...placement(ctx),
                // Account names are global: 3-24 lowercase letters and digits.
                accountName: pulumi.interpolate`st${compactName(ctx, 14)}${ctx.uniqueSuffix}`,
                kind: "StorageV2",
                sku: { name: storageSku(ctx) },
                accessTier: "Hot",
                allowBlobPublicAccess: false,
                allowSharedKeyAccess: false,
                defaultToOAuthAuthentication: true,
                allowCrossTenantReplication: false,
                enableHttpsTrafficOnly: true,
                minimumTlsVersion: "TLS1_2",
                publicNetworkAccess: "Disabled",
                networkRuleSet: { defaultAction: "Deny", bypass: "None" },
                identity: { type: "UserAssigned", userAssignedIdentities: [key.encryptionIdentity.id] },
                encryption: {
                    keySource: "Microsoft.Keyvault",
                    requireInfrastructureEncryption: true,
                    // No key version: the account follows the key's rotations.
                    keyVaultProperties: { keyName: key.dataKey.name, keyVaultUri: key.vault.properties.vaultUri },
                    encryptionIdentity: { encryptionUserAssignedIdentity: key.encryptionIdentity.id },
                    services: { blob: { enabled: true, keyType: "Account" } },
                },
                tags: tags(ctx),
            },
            this.stateful({ dependsOn: key.keyAccess }),
        );
        const account = { resourceGroupName: ctx.resourceGroupName, accountName: this.account.name };
        const blobService = (this.blobService = new BlobServiceProperties(
            name,
            {
                ...account,
                blobServicesName: "default",
                isVersioningEnabled: true,
                deleteRetentionPolicy: { enabled: true, days: SOFT_DELETE_DAYS },
                containerDeleteRetentionPolicy: { enabled: true, days: SOFT_DELETE_DAYS },
            },
            this.child(),
        ));
        this.container = new BlobContainer(
            `${name}-${CONTAINER_NAME}`,
            { ...account, containerName: CONTAINER_NAME, publicAccess: "None" },
            this.stateful({ dependsOn: [blobService] }),
        );
        new ManagementPolicy(
            name,
            {
                ...account,
                managementPolicyName: "default",
                policy: {
                    rules: [
                        {
                            name: "expire-noncurrent-versions",
                            enabled: true,
                            type: "Lifecycle",
                            definition: {
                                filters: { blobTypes: ["blockBlob"] },
                                actions: { version: { delete: { daysAfterCreationGreaterThan: store.noncurrentVersionExpirationDays } } },
                            },
                        },
                        {
                            name: "cool-old-artifacts",
                            enabled: true,
                            type: "Lifecycle",
                            definition: {
                                filters: { blobTypes: ["blockBlob"] },
                                actions: { baseBlob: { tierToCool: { daysAfterModificationGreaterThan: 90 } } },
                            },
                        },
                    ],
                },
            },
            this.child({ dependsOn: [blobService] }),
        );
        privateEndpoint(ctx, `${name}-blob`, { resourceId: this.account.id, group: "blob", subnet: args.endpointSubnet, dns: args.dns }, this.child());

        this.facts = {
            kind: "azureBlob",
            bucket: this.container.name,
            uri: pulumi.interpolate`wasbs://${this.container.name}@${this.account.name}.blob.core.windows.net`,
            clientEnv: this.account.name.apply((accountName): Record<string, string> => ({ AZURE_STORAGE_ACCOUNT: accountName })),
        };
        this.registerOutputs({ account: this.account.name, container: this.container.name });
    }
}

/**
 * Zone-redundant in a multi-zone stack; with a second region (azure.drLocation, the pair) the
 * geo-redundant variant, which copies asynchronously to the pair under the same Key Vault key
 * (Key Vault replicates its keys to the paired region itself).
 */
export function storageSku(ctx: AzureContext): "Standard_GZRS" | "Standard_GRS" | "Standard_ZRS" | "Standard_LRS" {
    const zoneRedundant = ctx.spec.network.zoneCount > 1;
    if (secondRegionOf(ctx.spec)) return zoneRedundant ? "Standard_GZRS" : "Standard_GRS";
    return zoneRedundant ? "Standard_ZRS" : "Standard_LRS";
}
