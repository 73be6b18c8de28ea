/**
 * GKE node pools, all running as one dedicated least-privilege service account with the GKE
 * metadata server (Workload Identity), shielded VMs, auto-repair and auto-upgrade:
 * system (tainted for critical add-ons), workloads, and optional GPU and spot pools.
 */
import * as pulumi from "@pulumi/pulumi";
import { NodePool, type Cluster } from "@pulumi/gcp/container";
import { IAMMember } from "@pulumi/gcp/projects";
import { Account } from "@pulumi/gcp/serviceaccount";
import type { Taint } from "../../components/foundation";
import { GcpComponent, labels, type GcpContext } from "./context";
import { serviceAccountId } from "./names";
import { GPU_MACHINES, gpusPerNode, NODE_MACHINE_TYPES } from "./sizes";

export const TAINTS = {
    system: { key: "CriticalAddonsOnly", value: "true", effect: "NoSchedule" },
    // The taint GKE itself puts on GPU nodes; declared so the plan shows it.
    gpu: { key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" },
    spot: { key: "ml-platform/spot", value: "true", effect: "NoSchedule" },
} as const satisfies Record<string, Taint>;

const GKE_TAINT_EFFECT: Record<Taint["effect"], string> = {
    NoSchedule: "NO_SCHEDULE",
    PreferNoSchedule: "PREFER_NO_SCHEDULE",
    NoExecute: "NO_EXECUTE",
};

/** What nodes need and nothing more: write logs and metrics, read images from Artifact Registry. */
const NODE_ROLES = ["roles/container.defaultNodeServiceAccount", "roles/artifactregistry.reader"];

/** The nodes' identity, in place of the Compute Engine default service account (Editor on the project). */
export class NodeServiceAccount extends GcpComponent {
    readonly account: Account;
    /** The account's email, resolved once its roles are granted. */
    readonly email: pulumi.Output<string>;

    constructor(name: string, ctx: GcpContext, opts: pulumi.ComponentResourceOptions) {
        super("NodeServiceAccount", name, ctx, opts);
        this.account = new Account(
            `${name}-nodes`,
            {
                project: ctx.project,
                accountId: serviceAccountId([ctx.spec.stack, "gke-nodes"]),
                displayName: `GKE nodes of ${ctx.name}`,
                description: "Least-privilege node identity: logging, monitoring, image pulls",
            },
            this.child(),
        );
        const grants = NODE_ROLES.map(
            (role) =>
                new IAMMember(
                    `${name}-nodes-${role.split("/")[1]}`,
                    { project: ctx.project, role, member: this.account.member },
                    this.child(),
                ),
        );
        this.email = pulumi.all([this.account.email, ...grants.map((g) => g.id)]).apply(([email]) => email);
        this.registerOutputs({ email: this.account.email });
    }
}

interface PoolPlan {
    pool: "system" | "workloads" | "gpu" | "spot";
    machineType: string;
    /** Totals over all zones, like the other clouds' min/max. */
    min: number;
    max: number;
    diskGb: number;
    spot: boolean;
    taint?: Taint;
    accelerator?: { type: string; count: number };
    nodeLocations?: string[];
    k8sLabels?: Record<string, string>;
}

export interface NodePoolsArgs {
    cluster: Cluster;
    serviceAccountEmail: pulumi.Input<string>;
}

export class NodePools extends GcpComponent {
    readonly pools: NodePool[];

    constructor(name: string, ctx: GcpContext, args: NodePoolsArgs, opts: pulumi.ComponentResourceOptions) {
        super("NodePools", name, ctx, opts);
        this.pools = poolPlans(ctx).map((plan) => this.nodePool(name, plan, args));
        this.registerOutputs({ nodePools: this.pools.map((p) => p.name) });
    }

    private nodePool(name: string, plan: PoolPlan, args: NodePoolsArgs): NodePool {
        const zones = plan.nodeLocations ? pulumi.output(plan.nodeLocations) : this.ctx.zones;
        return new NodePool(
            `${name}-${plan.pool}`,
            {
                project: this.ctx.project,
                cluster: args.cluster.id,
                location: args.cluster.location,
                // Pool names are unique per cluster only, so a short fixed name is enough.
                name: plan.pool,
                nodeLocations: zones,
                // Per zone; the autoscaler owns the count afterwards.
                initialNodeCount: zones.apply((z) => Math.ceil(plan.min / z.length)),
                autoscaling: {
                    totalMinNodeCount: plan.min,
                    totalMaxNodeCount: plan.max,
                    // Spot capacity comes wherever it is available; other pools stay balanced over zones.
                    locationPolicy: plan.spot ? "ANY" : "BALANCED",
                },
                management: { autoRepair: true, autoUpgrade: true },
                upgradeSettings: { strategy: "SURGE", maxSurge: 1, maxUnavailable: 0 },
                nodeConfig: {
                    machineType: plan.machineType,
                    imageType: "COS_CONTAINERD",
                    diskType: "pd-balanced",
                    diskSizeGb: plan.diskGb,
                    serviceAccount: args.serviceAccountEmail,
                    // Access is governed by the service account's IAM roles, not by legacy scopes.
                    oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
                    workloadMetadataConfig: { mode: "GKE_METADATA" },
                    shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
                    kubeletConfig: { insecureKubeletReadonlyPortEnabled: "FALSE" },
                    metadata: { "disable-legacy-endpoints": "true" },
                    spot: plan.spot,
                    labels: { "ml-platform/pool": plan.pool, ...plan.k8sLabels },
                    taints: plan.taint ? [{ key: plan.taint.key, value: plan.taint.value, effect: GKE_TAINT_EFFECT[plan.taint.effect] }] : [],
                    guestAccelerators: plan.accelerator
                        ? [{ type: plan.accelerator.type, count: plan.accelerator.count, gpuDriverInstallationConfig: { gpuDriverVersion: "DEFAULT" } }]
                        : undefined,
                    resourceLabels: labels(this.ctx, { "ml-platform-pool": plan.pool }),
                },
            },
            // Changing the initial count would replace the pool: it only matters at creation.
            // A fixed name means a replaced pool must go before its successor comes.
            this.child({ ignoreChanges: ["initialNodeCount"], deleteBeforeReplace: true }),
        );
    }
}

function poolPlans(ctx: GcpContext): PoolPlan[] {
    const pools = ctx.spec.cluster.nodePools;
    const standard = { diskGb: 100, spot: false };
    const plans: PoolPlan[] = [
        { pool: "system", ...standard, machineType: NODE_MACHINE_TYPES[pools.system.size], min: pools.system.min, max: pools.system.max, taint: TAINTS.system },
        { pool: "workloads", ...standard, machineType: NODE_MACHINE_TYPES[pools.workloads.size], min: pools.workloads.min, max: pools.workloads.max },
    ];
    if (pools.gpu) {
        const gpu = GPU_MACHINES[pools.gpu.accelerator];
        const machineType = pools.gpu.machineType ?? gpu.machineType;
        plans.push({
            pool: "gpu",
            machineType,
            diskGb: 200,
            spot: false,
            min: pools.gpu.min,
            max: pools.gpu.max,
            taint: TAINTS.gpu,
            accelerator: { type: gpu.acceleratorType, count: gpusPerNode(machineType) },
            nodeLocations: ctx.spec.gcp.gpuZones,
            k8sLabels: { "ml-platform/accelerator": pools.gpu.accelerator },
        });
    }
    if (pools.spot) {
        plans.push({
            pool: "spot",
            ...standard,
            spot: true,
            machineType: NODE_MACHINE_TYPES[pools.spot.size],
            min: pools.spot.min,
            max: pools.spot.max,
            taint: TAINTS.spot,
        });
    }
    return plans;
}
