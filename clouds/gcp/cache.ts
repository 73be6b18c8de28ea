/**
 * Memorystore for Redis: private services access only, AUTH on, TLS (server authentication),
 * CMEK, STANDARD_HA with automatic failover when replicas are configured, RDB snapshots.
 */
import * as pulumi from "@pulumi/pulumi";
import type { GlobalAddress, Network as Vpc } from "@pulumi/gcp/compute";
import { Instance } from "@pulumi/gcp/redis";
import type { CacheFacts } from "../../components/foundation";
import { GcpComponent, labels, type GcpContext } from "./context";
import type { GrantedKey } from "./kms";
import { boundedName } from "./names";
import { CACHE_MEMORY_GB } from "./sizes";

export interface CacheArgs {
    vpc: Vpc;
    privateServicesRange: GlobalAddress;
    privateServicesConnection: pulumi.Resource;
    key: GrantedKey;
}

export interface CacheTopology {
    tier: "BASIC" | "STANDARD_HA";
    replicaCount: number;
    /** One replica is the plain failover standby; more need read replicas mode. Not used by BASIC. */
    readReplicasMode?: "READ_REPLICAS_DISABLED" | "READ_REPLICAS_ENABLED";
    memorySizeGb: number;
}

export function cacheTopology(ctx: GcpContext): CacheTopology {
    const { replicas, size } = ctx.spec.cache;
    const memorySizeGb = CACHE_MEMORY_GB[size];
    // The config schema refuses read replicas (replicas > 1) below 5 GB, i.e. on size small.
    if (replicas === 0) return { tier: "BASIC", replicaCount: 0, memorySizeGb };
    return {
        tier: "STANDARD_HA",
        replicaCount: replicas,
        readReplicasMode: replicas > 1 ? "READ_REPLICAS_ENABLED" : "READ_REPLICAS_DISABLED",
        memorySizeGb,
    };
}

export class Cache extends GcpComponent {
    readonly instance: Instance;
    readonly facts: CacheFacts;

    constructor(name: string, ctx: GcpContext, args: CacheArgs, opts: pulumi.ComponentResourceOptions) {
        super("Cache", name, ctx, opts);
        const cache = ctx.spec.cache;
        const topology = cacheTopology(ctx);
        this.instance = new Instance(
            name,
            {
                project: ctx.project,
                region: ctx.region,
                name: boundedName([name], 40),
                displayName: `${ctx.name} Redis`,
                redisVersion: "REDIS_7_2",
                ...topology,
                connectMode: "PRIVATE_SERVICE_ACCESS",
                authorizedNetwork: args.vpc.id,
                reservedIpRange: args.privateServicesRange.name,
                // Read replicas take their IPs from the same private services range.
                secondaryIpRange: topology.readReplicasMode === "READ_REPLICAS_ENABLED" ? args.privateServicesRange.name : undefined,
                authEnabled: true,
                transitEncryptionMode: "SERVER_AUTHENTICATION",
                customerManagedKey: args.key.key.id,
                // Memorystore keeps only the latest RDB snapshot: retention days just switch snapshots on.
                persistenceConfig:
                    cache.snapshotRetentionDays > 0 ? { persistenceMode: "RDB", rdbSnapshotPeriod: "TWENTY_FOUR_HOURS" } : { persistenceMode: "DISABLED" },
                maintenancePolicy: { weeklyMaintenanceWindows: [{ day: "SUNDAY", startTime: { hours: 4, minutes: 30 } }] },
                // The provider's default is true; staging must be deletable.
                deletionProtection: ctx.spec.protect,
                labels: labels(ctx),
            },
            this.stateful({ dependsOn: [args.privateServicesConnection, args.key.grant] }),
        );
        this.facts = {
            host: this.instance.host,
            // 6378 with TLS on.
            port: this.instance.port,
            tls: true,
            authToken: pulumi.secret(this.instance.authString),
            // TLS is served with a per-instance Google CA, which clients must trust to verify it.
            caCertificate: this.instance.serverCaCerts.apply((certs) => certs.map((c) => c.cert).join("\n")),
        };
        this.registerOutputs({ host: this.instance.host, port: this.instance.port });
    }
}
