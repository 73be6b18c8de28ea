/**
 * Redis on ElastiCache (replication group): TLS required and AUTH token, KMS encryption at rest,
 * automatic failover and Multi-AZ when replicas exist, snapshots kept, private subnets only.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Subnet } from "@pulumi/aws/ec2";
import { ReplicationGroup, SubnetGroup } from "@pulumi/aws/elasticache";
import type { Key } from "@pulumi/aws/kms";
import { RandomPassword } from "@pulumi/random";
import type { CacheFacts } from "../../components/foundation";
import { AwsComponent, tags, type AwsContext } from "./context";
import { finalSnapshotName } from "./snapshots";
import { clusterOnlySecurityGroup } from "./securityGroups";
import { CACHE_NODE_TYPES } from "./sizes";

export interface CacheArgs {
    vpcId: pulumi.Input<string>;
    subnets: Subnet[];
    clusterSecurityGroupId: pulumi.Input<string>;
    key: Key;
}

const PORT = 6379;

export class Cache extends AwsComponent {
    readonly replicationGroup: ReplicationGroup;
    readonly facts: CacheFacts;

    constructor(name: string, ctx: AwsContext, args: CacheArgs, opts: pulumi.ComponentResourceOptions) {
        super("Cache", name, ctx, opts);
        const cache = ctx.spec.cache;
        const replicated = cache.replicas > 0;
        // ElastiCache AUTH tokens allow printable ASCII except @, " and /.
        const authToken = new RandomPassword(name, { length: 64, special: true, overrideSpecial: "!&#$^<>-" }, this.child());
        const subnetGroup = new SubnetGroup(
            name,
            { description: `Private subnets for ${ctx.name} Redis`, subnetIds: args.subnets.map((s) => s.id), tags: tags(ctx) },
            this.child(),
        );
        const securityGroup = clusterOnlySecurityGroup(
            ctx,
            name,
            { vpcId: args.vpcId, port: PORT, clusterSecurityGroupId: args.clusterSecurityGroupId, description: `Redis for ${ctx.name}` },
            this.child(),
        );
        this.replicationGroup = new ReplicationGroup(
            name,
            {
                replicationGroupId: name,
                description: `${ctx.name} Redis`,
                engine: "redis",
                engineVersion: "7.1",
                nodeType: CACHE_NODE_TYPES[cache.size],
                numCacheClusters: cache.replicas + 1,
                port: PORT,
                subnetGroupName: subnetGroup.name,
                securityGroupIds: [securityGroup.id],
                automaticFailoverEnabled: replicated,
                multiAzEnabled: replicated,
                atRestEncryptionEnabled: true,
                kmsKeyId: args.key.arn,
                transitEncryptionEnabled: true,
                transitEncryptionMode: "required",
                authToken: authToken.result,
                snapshotRetentionLimit: cache.snapshotRetentionDays,
                snapshotWindow: "01:00-02:00",
                maintenanceWindow: "sun:04:30-sun:05:30",
                autoMinorVersionUpgrade: true,
                finalSnapshotIdentifier: ctx.spec.protect ? finalSnapshotName(name, this) : undefined,
                applyImmediately: ctx.spec.environment !== "production",
                tags: tags(ctx),
            },
            this.stateful(),
        );
        this.facts = {
            host: this.replicationGroup.primaryEndpointAddress,
            port: pulumi.output(PORT),
            tls: true,
            authToken: authToken.result,
        };
        this.registerOutputs({ primaryEndpoint: this.replicationGroup.primaryEndpointAddress });
    }
}
