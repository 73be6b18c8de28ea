/**
 * Node pools: a system pool tainted CriticalAddonsOnly across the zones (declared inside the
 * cluster, which needs one at creation), and autoscaling user pools as separate AgentPools:
 * workloads, an optional GPU pool (tainted) and an optional spot pool.
 */
import type * as pulumi from "@pulumi/pulumi";
import { AgentPool, type ManagedCluster } from "@pulumi/azure-native/containerservice";
import type { Subnet } from "@pulumi/azure-native/network";
import type { input } from "@pulumi/azure-native/types";
import type { Taint } from "../../components/foundation";
import { AzureComponent, tags, zones, type AzureContext } from "./context";
import type { NodeSubnet } from "./network";
import { GPU_VM_SIZES, NODE_VM_SIZES } from "./sizes";

export const TAINTS = {
    system: { key: "CriticalAddonsOnly", value: "true", effect: "NoSchedule" },
    gpu: { key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" },
    // AKS adds this taint (and the label of the same key) to every spot pool by itself.
    spot: { key: "kubernetes.azure.com/scalesetpriority", value: "spot", effect: "NoSchedule" },
} as const satisfies Record<string, Taint>;

type PoolName = "system" | "workloads" | "gpu" | "spot";

/** One pool, in the shape both the cluster's inline profile and a separate AgentPool accept. */
export interface PoolPlan {
    pool: PoolName;
    vmSize: string;
    min: number;
    max: number;
    osDiskType: "Ephemeral" | "Managed";
    osDiskGb: number;
    /** Taints the pool declares (the spot taint is AKS's own, declared so updates do not fight it). */
    taints: Taint[];
    spot: boolean;
    labels: Record<string, string>;
}

export function taintString(t: Taint): string {
    return `${t.key}=${t.value}:${t.effect}`;
}

export function poolPlans(ctx: AzureContext): PoolPlan[] {
    const pools = ctx.spec.cluster.nodePools;
    const standard = (pool: PoolName, size: keyof typeof NODE_VM_SIZES, min: number, max: number): PoolPlan => ({
        pool,
        vmSize: NODE_VM_SIZES[size].vmSize,
        osDiskGb: NODE_VM_SIZES[size].osDiskGb,
        osDiskType: "Ephemeral",
        min,
        max,
        taints: [],
        spot: false,
        labels: { "ml-platform/pool": pool },
    });
    const plans = [
        { ...standard("system", pools.system.size, pools.system.min, pools.system.max), taints: [TAINTS.system] },
        standard("workloads", pools.workloads.size, pools.workloads.min, pools.workloads.max),
    ];
    if (pools.gpu) {
        plans.push({
            pool: "gpu",
            vmSize: pools.gpu.machineType ?? GPU_VM_SIZES[pools.gpu.accelerator]!,
            // GPU sizes differ in temp-disk size; a managed disk fits every one of them.
            osDiskType: "Managed",
            osDiskGb: 200,
            min: pools.gpu.min,
            max: pools.gpu.max,
            taints: [TAINTS.gpu],
            spot: false,
            labels: { "ml-platform/pool": "gpu", "ml-platform/accelerator": pools.gpu.accelerator },
        });
    }
    if (pools.spot) {
        // AKS puts this taint and label on every spot node itself; declaring them keeps later updates
        // of the pool from trying to remove them (refused with PropertyChangeNotAllowed).
        plans.push({
            ...standard("spot", pools.spot.size, pools.spot.min, pools.spot.max),
            spot: true,
            taints: [TAINTS.spot],
            labels: { "ml-platform/pool": "spot", [TAINTS.spot.key]: TAINTS.spot.value },
        });
    }
    return plans;
}

/** A pool plan placed in one node subnet (one per zone when NAT is per zone). */
export interface PlacedPool {
    /** AKS pool name: lowercase letters and digits, at most 12 for Linux pools. */
    name: string;
    plan: PoolPlan;
    zones: string[];
    subnet: Subnet;
}

/**
 * Places every pool: in the single regional subnet across all zones, or once per zonal subnet with
 * its share of min and max (rounded up, so capacity never shrinks).
 */
export function placePools(ctx: AzureContext, subnets: NodeSubnet[]): PlacedPool[] {
    return poolPlans(ctx).flatMap((plan) =>
        subnets.map((s) => {
            if (!s.zone) return { name: plan.pool, plan, zones: zones(ctx), subnet: s.subnet };
            const share = (n: number) => Math.ceil(n / subnets.length);
            return { name: `${plan.pool}${s.zone}`, plan: { ...plan, min: share(plan.min), max: share(plan.max) }, zones: [s.zone], subnet: s.subnet };
        }),
    );
}

/** Properties shared by the inline system profile and the separate pools. */
function poolProperties(ctx: AzureContext, placed: PlacedPool) {
    const { plan } = placed;
    return {
        vmSize: plan.vmSize,
        availabilityZones: placed.zones,
        enableAutoScaling: true,
        minCount: plan.min,
        maxCount: plan.max,
        // A pool whose minimum is 0 starts empty; the autoscaler adds nodes when pods need them.
        count: plan.min,
        osType: "Linux",
        osSKU: "AzureLinux",
        osDiskType: plan.osDiskType,
        osDiskSizeGB: plan.osDiskGb,
        type: "VirtualMachineScaleSets",
        vnetSubnetID: placed.subnet.id,
        orchestratorVersion: ctx.spec.kubernetesVersion,
        nodeTaints: plan.taints.map(taintString),
        nodeLabels: plan.labels,
        // Spot pools cannot surge (AKS refuses maxSurge with Spot priority).
        ...(plan.spot ? {} : { upgradeSettings: { maxSurge: "33%" } }),
        tags: tags(ctx),
        ...(plan.pool === "gpu" ? { gpuProfile: { driver: "Install" } } : {}),
        ...(plan.spot ? { scaleSetPriority: "Spot", scaleSetEvictionPolicy: "Delete", spotMaxPrice: -1 } : {}),
    };
}

/** The first system pool as the cluster's inline agent pool profile (AKS needs one at creation). */
export function systemPoolProfile(ctx: AzureContext, subnets: NodeSubnet[]): input.containerservice.ManagedClusterAgentPoolProfileArgs {
    const first = placePools(ctx, subnets).find((p) => p.plan.pool === "system")!;
    return { name: first.name, mode: "System", ...poolProperties(ctx, first) };
}

export class NodePools extends AzureComponent {
    readonly pools: AgentPool[];

    constructor(name: string, ctx: AzureContext, args: { cluster: ManagedCluster; subnets: NodeSubnet[] }, opts: pulumi.ComponentResourceOptions) {
        super("NodePools", name, ctx, opts);
        const inline = systemPoolProfile(ctx, args.subnets).name;
        // AKS refuses concurrent operations on one cluster's agent pools: each pool waits for the one before.
        let previous: pulumi.Resource = args.cluster;
        this.pools = placePools(ctx, args.subnets)
            .filter((placed) => placed.name !== inline)
            .map((placed) => {
                const pool = new AgentPool(
                    `${name}-${placed.name}`,
                    {
                        resourceGroupName: ctx.resourceGroupName,
                        resourceName: args.cluster.name,
                        agentPoolName: placed.name,
                        mode: placed.plan.pool === "system" ? "System" : "User",
                        ...poolProperties(ctx, placed),
                    },
                    // The autoscaler owns the node count once the pool exists.
                    this.child({ ignoreChanges: ["count"], dependsOn: [previous] }),
                );
                previous = pool;
                return pool;
            });
        this.registerOutputs({ pools: this.pools.map((p) => p.name) });
    }
}
