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
import { GPU_VM_SIZES, NODE_VM_SIZES } from "./sizes";

export const TAINTS = {
    system: { key: "CriticalAddonsOnly", value: "true", effect: "NoSchedule" },
    gpu: { key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" },
    // AKS adds this taint to every spot pool by itself; it is reported, never set by us.
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
    /** Taints we set; the spot taint is AKS's own. */
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
    if (pools.spot) plans.push({ ...standard("spot", pools.spot.size, pools.spot.min, pools.spot.max), spot: true });
    return plans;
}

/** Properties shared by the inline system profile and the separate user pools. */
function poolProperties(ctx: AzureContext, plan: PoolPlan, subnet: Subnet) {
    return {
        vmSize: plan.vmSize,
        availabilityZones: zones(ctx),
        enableAutoScaling: true,
        minCount: plan.min,
        maxCount: plan.max,
        count: Math.max(plan.min, 1),
        osType: "Linux",
        osSKU: "AzureLinux",
        osDiskType: plan.osDiskType,
        osDiskSizeGB: plan.osDiskGb,
        type: "VirtualMachineScaleSets",
        vnetSubnetID: subnet.id,
        orchestratorVersion: ctx.spec.kubernetesVersion,
        nodeTaints: plan.taints.map(taintString),
        nodeLabels: plan.labels,
        upgradeSettings: { maxSurge: "33%" },
        tags: tags(ctx),
        ...(plan.pool === "gpu" ? { gpuProfile: { driver: "Install" } } : {}),
        ...(plan.spot ? { scaleSetPriority: "Spot", scaleSetEvictionPolicy: "Delete", spotMaxPrice: -1 } : {}),
    };
}

/** The system pool as the cluster's inline agent pool profile (AKS needs one at creation). */
export function systemPoolProfile(ctx: AzureContext, subnet: Subnet): input.containerservice.ManagedClusterAgentPoolProfileArgs {
    const plan = poolPlans(ctx).find((p) => p.pool === "system")!;
    return { name: "system", mode: "System", ...poolProperties(ctx, plan, subnet) };
}

export class NodePools extends AzureComponent {
    readonly pools: AgentPool[];

    constructor(name: string, ctx: AzureContext, args: { cluster: ManagedCluster; subnet: Subnet }, opts: pulumi.ComponentResourceOptions) {
        super("NodePools", name, ctx, opts);
        this.pools = poolPlans(ctx)
            .filter((plan) => plan.pool !== "system")
            .map(
                (plan) =>
                    new AgentPool(
                        `${name}-${plan.pool}`,
                        {
                            resourceGroupName: ctx.resourceGroupName,
                            resourceName: args.cluster.name,
                            // Linux pool names: lowercase letters and digits, at most 12.
                            agentPoolName: plan.pool,
                            mode: "User",
                            ...poolProperties(ctx, plan, args.subnet),
                        },
                        // The autoscaler owns the node count once the pool exists.
                        this.child({ ignoreChanges: ["count"] }),
                    ),
            );
        this.registerOutputs({ pools: this.pools.map((p) => p.name) });
    }
}
