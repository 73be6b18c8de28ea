/**
 * Managed node groups in the private subnets: a tainted system pool, the workloads pool, and the
 * optional GPU and spot pools. IMDSv2 only (hop limit 1: pods use IRSA, not the node role),
 * encrypted gp3 root volumes, automatic node repair.
 */
import * as pulumi from "@pulumi/pulumi";
import { LaunchTemplate, type Subnet } from "@pulumi/aws/ec2";
import { NodeGroup, type Cluster } from "@pulumi/aws/eks";
import { Role, RolePolicyAttachment } from "@pulumi/aws/iam";
import type { Taint } from "../../components/foundation";
import { AwsComponent, tags, type AwsContext } from "./context";
import { GPU_INSTANCE_TYPES, NODE_INSTANCE_TYPES, SPOT_INSTANCE_TYPES } from "./sizes";

export const TAINTS = {
    system: { key: "CriticalAddonsOnly", value: "true", effect: "NoSchedule" },
    gpu: { key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" },
    spot: { key: "ml-platform/spot", value: "true", effect: "NoSchedule" },
} as const satisfies Record<string, Taint>;

const EKS_TAINT_EFFECT: Record<Taint["effect"], string> = {
    NoSchedule: "NO_SCHEDULE",
    PreferNoSchedule: "PREFER_NO_SCHEDULE",
    NoExecute: "NO_EXECUTE",
};

interface PoolPlan {
    pool: "system" | "workloads" | "gpu" | "spot";
    instanceTypes: string[];
    min: number;
    max: number;
    amiType: string;
    capacityType: "ON_DEMAND" | "SPOT";
    diskGb: number;
    taint?: Taint;
    labels?: Record<string, string>;
}

export interface NodeGroupsArgs {
    cluster: Cluster;
    subnets: Subnet[];
    /** Resources nodes must wait for (the CNI and kube-proxy add-ons). */
    dependsOn: pulumi.Resource[];
}

export class NodeGroups extends AwsComponent {
    readonly groups: NodeGroup[];

    constructor(name: string, ctx: AwsContext, args: NodeGroupsArgs, opts: pulumi.ComponentResourceOptions) {
        super("NodeGroups", name, ctx, opts);
        const roleArn = this.nodeRole(name);
        this.groups = poolPlans(ctx).map((plan) => this.nodeGroup(name, plan, roleArn, args));
        this.registerOutputs({ nodeGroups: this.groups.map((g) => g.nodeGroupName) });
    }

    private nodeRole(name: string): pulumi.Output<string> {
        const role = new Role(
            `${name}-node`,
            {
                assumeRolePolicy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
                }),
                tags: tags(this.ctx),
            },
            this.child(),
        );
        // No CNI policy here: the VPC CNI gets its own IRSA role. SSM replaces SSH access.
        const attachments = ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly", "AmazonSSMManagedInstanceCore"].map(
            (policy) =>
                new RolePolicyAttachment(
                    `${name}-node-${policy}`,
                    { role: role.name, policyArn: pulumi.interpolate`arn:${this.ctx.partition}:iam::aws:policy/${policy}` },
                    this.child(),
                ),
        );
        return pulumi.all([role.arn, ...attachments.map((a) => a.id)]).apply(([arn]) => arn);
    }

    private nodeGroup(name: string, plan: PoolPlan, nodeRoleArn: pulumi.Output<string>, args: NodeGroupsArgs): NodeGroup {
        const groupName = `${name}-${plan.pool}`;
        const nodeTags = tags(this.ctx, { Name: groupName, "ml-platform/pool": plan.pool });
        const template = new LaunchTemplate(
            groupName,
            {
                description: `${plan.pool} nodes of ${this.ctx.name}`,
                updateDefaultVersion: true,
                metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" },
                blockDeviceMappings: [
                    {
                        deviceName: "/dev/xvda",
                        ebs: { volumeSize: plan.diskGb, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
                    },
                ],
                tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({ resourceType, tags: nodeTags })),
                tags: tags(this.ctx),
            },
            this.child(),
        );
        return new NodeGroup(
            groupName,
            {
                clusterName: args.cluster.name,
                version: this.ctx.spec.kubernetesVersion,
                nodeRoleArn,
                subnetIds: args.subnets.map((s) => s.id),
                amiType: plan.amiType,
                capacityType: plan.capacityType,
                instanceTypes: plan.instanceTypes,
                scalingConfig: { minSize: plan.min, maxSize: plan.max, desiredSize: plan.min },
                updateConfig: { maxUnavailablePercentage: 33 },
                launchTemplate: { id: template.id, version: template.latestVersion.apply(String) },
                labels: { "ml-platform/pool": plan.pool, ...plan.labels },
                taints: plan.taint ? [{ key: plan.taint.key, value: plan.taint.value, effect: EKS_TAINT_EFFECT[plan.taint.effect] }] : [],
                nodeRepairConfig: { enabled: true },
                tags: tags(this.ctx),
            },
            // The cluster autoscaler owns the desired size once the group exists.
            this.child({ dependsOn: args.dependsOn, ignoreChanges: ["scalingConfig.desiredSize"] }),
        );
    }
}

function poolPlans(ctx: AwsContext): PoolPlan[] {
    const pools = ctx.spec.cluster.nodePools;
    const standard = { amiType: "AL2023_x86_64_STANDARD", capacityType: "ON_DEMAND" as const, diskGb: 50 };
    const plans: PoolPlan[] = [
        { pool: "system", ...standard, instanceTypes: NODE_INSTANCE_TYPES[pools.system.size], min: pools.system.min, max: pools.system.max, taint: TAINTS.system },
        { pool: "workloads", ...standard, instanceTypes: NODE_INSTANCE_TYPES[pools.workloads.size], min: pools.workloads.min, max: pools.workloads.max },
    ];
    if (pools.gpu) {
        plans.push({
            pool: "gpu",
            amiType: "AL2023_x86_64_NVIDIA",
            capacityType: "ON_DEMAND",
            diskGb: 200,
            instanceTypes: [pools.gpu.machineType ?? GPU_INSTANCE_TYPES[pools.gpu.accelerator]!],
            min: pools.gpu.min,
            max: pools.gpu.max,
            taint: TAINTS.gpu,
            labels: { "ml-platform/accelerator": pools.gpu.accelerator },
        });
    }
    if (pools.spot) {
        plans.push({
            pool: "spot",
            ...standard,
            capacityType: "SPOT",
            instanceTypes: SPOT_INSTANCE_TYPES[pools.spot.size],
            min: pools.spot.min,
            max: pools.spot.max,
            taint: TAINTS.spot,
        });
    }
    return plans;
}
