/**
 * Redis on Azure Managed Redis (Microsoft.Cache/redisEnterprise, the successor of Azure Cache for
 * Redis): TLS 1.2 minimum and no plaintext protocol, public network access off with a private
 * endpoint, high availability when replicas are configured, RDB persistence, disks encrypted with
 * the platform's customer-managed key, access-key authentication (the key is a secret output).
 */
import * as pulumi from "@pulumi/pulumi";
import type { Subnet } from "@pulumi/azure-native/network";
import { Database as RedisDatabase, RedisEnterprise, listDatabaseKeysOutput } from "@pulumi/azure-native/redisenterprise";
import type { CacheFacts } from "../../components/foundation";
import { AzureComponent, placement, tags, type AzureContext } from "./context";
import type { PrivateDns } from "./dns";
import type { KeyVault } from "./keyVault";
import { privateEndpoint } from "./privateEndpoint";
import { REDIS_SKUS } from "./sizes";

export interface CacheArgs {
    endpointSubnet: Subnet;
    dns: PrivateDns;
    keyVault: KeyVault;
}

/** Managed Redis serves every database on port 10000. */
const PORT = 10000;
/** Managed Redis supports exactly one database per cluster, and it must be called "default". */
const DATABASE_NAME = "default";

export class Cache extends AzureComponent {
    readonly cluster: RedisEnterprise;
    readonly facts: CacheFacts;

    constructor(name: string, ctx: AzureContext, args: CacheArgs, opts: pulumi.ComponentResourceOptions) {
        super("Cache", name, ctx, opts);
        const cache = ctx.spec.cache;
        const identityId = args.keyVault.encryptionIdentity.id;
        this.cluster = new RedisEnterprise(
            name,
            {
                ...placement(ctx),
                sku: { name: REDIS_SKUS[cache.size] },
                minimumTlsVersion: "1.2",
                publicNetworkAccess: "Disabled",
                highAvailability: cache.replicas > 0 ? "Enabled" : "Disabled",
                identity: { type: "UserAssigned", userAssignedIdentities: [identityId] },
                encryption: {
                    customerManagedKeyEncryption: {
                        // The Managed Redis API takes a versioned key URL only (API 2025-07-01), so it cannot follow
                        // rotation by itself: the key's current version is read on each refresh, and an `up`
                        // with --refresh after a rotation moves the cache to the new version.
                        keyEncryptionKeyUrl: args.keyVault.dataKey.keyUriWithVersion,
                        keyEncryptionKeyIdentity: { identityType: "userAssignedIdentity", userAssignedIdentityResourceId: identityId },
                    },
                },
                tags: tags(ctx),
            },
            this.stateful({ dependsOn: args.keyVault.keyAccess }),
        );
        const database = new RedisDatabase(
            name,
            {
                resourceGroupName: ctx.resourceGroupName,
                clusterName: this.cluster.name,
                databaseName: DATABASE_NAME,
                clientProtocol: "Encrypted",
                port: PORT,
                // One endpoint for every key, so ordinary (non-cluster-aware) clients work.
                clusteringPolicy: "EnterpriseCluster",
                evictionPolicy: "VolatileLRU",
                accessKeysAuthentication: "Enabled",
                persistence: cache.snapshotRetentionDays > 0 ? { rdbEnabled: true, rdbFrequency: "6h" } : { rdbEnabled: false },
            },
            this.stateful(),
        );
        privateEndpoint(
            ctx,
            `${name}-endpoint`,
            { resourceId: this.cluster.id, group: "redisEnterprise", subnet: args.endpointSubnet, dns: args.dns },
            this.child(),
        );
        const keys = listDatabaseKeysOutput(
            { resourceGroupName: ctx.resourceGroupName, clusterName: this.cluster.name, databaseName: database.name },
            { provider: ctx.provider, parent: this },
        );
        this.facts = {
            host: this.cluster.hostName,
            port: pulumi.output(PORT),
            tls: true,
            authToken: pulumi.secret(keys.primaryKey),
        };
        this.registerOutputs({ host: this.cluster.hostName });
    }
}
