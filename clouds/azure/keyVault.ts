/**
 * The platform's Key Vault (RBAC authorization, soft delete, purge protection always on, network
 * default Deny) and the customer-managed key that encrypts the artifact store and Managed Redis,
 * used through one user-assigned identity that may only wrap and unwrap with that key.
 */
import * as pulumi from "@pulumi/pulumi";
import { Key, Vault } from "@pulumi/azure-native/keyvault";
import { UserAssignedIdentity } from "@pulumi/azure-native/managedidentity";
import { AzureComponent, compactName, placement, tags, type AzureContext } from "./context";
import { assignRole } from "./roles";

export class KeyVault extends AzureComponent {
    readonly vault: Vault;
    readonly dataKey: Key;
    /** The identity services use to reach the data key (storage account, Managed Redis). */
    readonly encryptionIdentity: UserAssignedIdentity;
    /** Complete once the encryption identity may use the key: CMK-encrypted resources wait for it. */
    readonly keyAccess: pulumi.Resource[];

    constructor(name: string, ctx: AzureContext, opts: pulumi.ComponentResourceOptions) {
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
                    publicNetworkAccess: "Enabled",
                    networkAcls: {
                        defaultAction: "Deny",
                        // Storage reaches the key as a trusted service; the deployer only from the API allow-list.
                        bypass: "AzureServices",
                        ipRules: ctx.spec.cluster.apiAllowedCidrs.map((value) => ({ value })),
                    },
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
            this.stateful({ dependsOn: [officer] }),
        );
        this.encryptionIdentity = new UserAssignedIdentity(`${name}-encryption`, { ...placement(ctx), tags: tags(ctx) }, this.child());
        this.keyAccess = [
            assignRole(
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
            ),
        ];
        this.registerOutputs({ vaultUri: this.vault.properties.vaultUri, dataKeyId: this.dataKey.keyUri });
    }
}
