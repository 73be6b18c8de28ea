/**
 * The platform's Key Vault (RBAC authorization, soft delete, purge protection always on, no public
 * network access, a private endpoint registered in the linked privatelink zone) and the
 * customer-managed key that encrypts the artifact store and Managed Redis, used through one
 * user-assigned identity that may only wrap and unwrap with that key.
 *
 * The key is created through ARM (Microsoft.KeyVault/vaults/keys), which the vault's network rules
 * do not apply to, so the deployer needs no network path to the vault.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Subnet } from "@pulumi/azure-native/network";
import { Key, Vault } from "@pulumi/azure-native/keyvault";
import { UserAssignedIdentity } from "@pulumi/azure-native/managedidentity";
import { AzureComponent, compactName, placement, tags, type AzureContext } from "./context";
import type { PrivateDns } from "./dns";
import { privateEndpoint } from "./privateEndpoint";
import { assignRole, afterPropagation } from "./roles";

export interface KeyVaultArgs {
    endpointSubnet: Subnet;
    dns: PrivateDns;
}

export class KeyVault extends AzureComponent {
    readonly vault: Vault;
    readonly dataKey: Key;
    /** The identity services use to reach the data key (storage account, Managed Redis). */
    readonly encryptionIdentity: UserAssignedIdentity;
    /** Complete once the encryption identity may use the key: CMK-encrypted resources wait for it. */
    readonly keyAccess: pulumi.Resource[];

    constructor(name: string, ctx: AzureContext, args: KeyVaultArgs, opts: pulumi.ComponentResourceOptions) {
        super("KeyVault", name, ctx, opts);
        this.vault = new Vault(
            name,
            {
                ...placement(ctx),
                // Vault names are global, 3-24 characters.
                vaultName: pulumi.interpolate`kv-${compactName(ctx, 11)}-${ctx.uniqueSuffix}`,
                properties: {
                    tenantId: ctx.spec.azure.tenantId,
                    sku: { family: "A", name: "standard" },
                    enableRbacAuthorization: true,
                    enableSoftDelete: true,
                    softDeleteRetentionInDays: 90,
                    // Always on: a purged key would make the encrypted data unreadable for good.
                    enablePurgeProtection: true,
                    publicNetworkAccess: "Disabled",
                    // Storage reaches the key as a trusted service; workloads through the private endpoint.
                    networkAcls: { defaultAction: "Deny", bypass: "AzureServices" },
                },
                tags: tags(ctx),
            },
            this.stateful(),
        );
        const officer = assignRole(
            ctx,
            `${name}-deployer-crypto-officer`,
            { role: "keyVaultCryptoOfficer", principalId: ctx.deployerObjectId, scope: this.vault.id, description: "The deployer manages the platform's keys" },
            this.child(),
        );
        this.dataKey = new Key(
            `${name}-data`,
            {
                resourceGroupName: ctx.resourceGroupName,
                vaultName: this.vault.name,
                keyName: "data",
                properties: {
                    kty: "RSA",
                    keySize: 3072,
                    keyOps: ["wrapKey", "unwrapKey"],
                    rotationPolicy: {
                        attributes: { expiryTime: "P2Y" },
                        lifetimeActions: [
                            { trigger: { timeAfterCreate: "P1Y" }, action: { type: "rotate" } },
                            { trigger: { timeBeforeExpiry: "P30D" }, action: { type: "notify" } },
                        ],
                    },
                },
                tags: tags(ctx),
            },
            // A new role assignment takes a while to reach Key Vault's data plane.
            this.stateful({ dependsOn: [afterPropagation(ctx, `${name}-deployer-crypto-officer`, officer, this)] }),
        );
        privateEndpoint(ctx, `${name}-vault`, { resourceId: this.vault.id, group: "vault", subnet: args.endpointSubnet, dns: args.dns }, this.child());
        this.encryptionIdentity = new UserAssignedIdentity(`${name}-encryption`, { ...placement(ctx), tags: tags(ctx) }, this.child());
        const keyUser = assignRole(
            ctx,
            `${name}-encryption-key-user`,
            {
                role: "keyVaultCryptoServiceEncryptionUser",
                principalId: this.encryptionIdentity.principalId,
                principalType: "ServicePrincipal",
                scope: this.dataKey.id,
                description: "Customer-managed-key encryption of the artifact store and Managed Redis",
            },
            this.child(),
        );
        // Storage and Managed Redis check the grant when they are created: they wait until it has propagated.
        this.keyAccess = [afterPropagation(ctx, `${name}-encryption-key-user`, keyUser, this)];
        this.registerOutputs({ vaultUri: this.vault.properties.vaultUri, dataKeyId: this.dataKey.keyUri });
    }
}
