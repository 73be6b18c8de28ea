/**
 * The stack config schema. Built per environment so that every default comes from the one
 * table in defaults.ts; cross-field rules run on the resolved values.
 */
import { z } from "zod";
import { overlaps } from "./cidr";
import { ENVIRONMENT_DEFAULTS } from "./defaults";
import { ACCELERATORS, CLOUDS, ENVIRONMENTS, SIZES, type Environment } from "./environment";
import { allowedCidr, cidrWithPrefix, labelValue, logRetentionDays } from "./fields";
import { awsConfigSchema } from "./clouds/aws";
import { azureConfigSchema } from "./clouds/azure";
import { gcpConfigSchema } from "./clouds/gcp";
import { crossFieldProblems } from "./crossFieldRules";
import { platformLayerSchema } from "./platform";
import { budgetSchema } from "./resilience";

interface PoolDefaults {
    readonly size: (typeof SIZES)[number];
    readonly min: number;
    readonly max: number;
}

function nodePool(d: PoolDefaults) {
    return z
        .strictObject({
            size: z.enum(SIZES).default(d.size),
            min: z.number().int().min(0).max(1000).default(d.min),
            max: z.number().int().min(1).max(1000).default(d.max),
        })
        .refine((p) => p.min <= p.max, { message: "min must not exceed max", path: ["min"] });
}

const optionalPool = z
    .strictObject({
        size: z.enum(SIZES).default("medium"),
        min: z.number().int().min(0).max(1000).default(0),
        max: z.number().int().min(1).max(1000),
    })
    .refine((p) => p.min <= p.max, { message: "min must not exceed max", path: ["min"] });

const gpuPool = z
    .strictObject({
        accelerator: z.enum(ACCELERATORS).default("nvidia-t4"),
        /** Overrides the cloud's default machine type for the accelerator. */
        machineType: z.string().min(1).optional(),
        min: z.number().int().min(0).max(1000).default(0),
        max: z.number().int().min(1).max(1000),
    })
    .refine((p) => p.min <= p.max, { message: "min must not exceed max", path: ["min"] });

export function configSchema(environment: Environment) {
    const d = ENVIRONMENT_DEFAULTS[environment];
    return z
        .strictObject({
            cloud: z.enum(CLOUDS),
            environment: z.enum(ENVIRONMENTS),
            owner: labelValue,
            costCenter: labelValue,
            kubernetesVersion: z
                .string()
                .regex(/^1\.\d{2}$/, { message: 'expected a Kubernetes minor version such as "1.35" (quote it in YAML)' })
                .default(d.kubernetesVersion),
            protect: z.boolean().default(d.protect),
            network: z
                .strictObject({
                    cidr: cidrWithPrefix(16, 20).default(d.network.cidr),
                    zoneCount: z.number().int().min(1).max(3).default(d.network.zoneCount),
                    natGateways: z.enum(["single", "perZone"]).default(d.network.natGateways),
                    podCidr: cidrWithPrefix(8, 16).default(d.network.podCidr),
                    serviceCidr: cidrWithPrefix(12, 20).default(d.network.serviceCidr),
                    flowLogRetentionDays: logRetentionDays.default(d.network.flowLogRetentionDays),
                })
                .prefault({})
                .superRefine((n, ctx) => {
                    const ranges = { cidr: n.cidr, podCidr: n.podCidr, serviceCidr: n.serviceCidr };
                    const keys = Object.keys(ranges) as (keyof typeof ranges)[];
                    // A range refused for its own prefix gets that one message, not also overlaps.
                    if (ctx.issues.some((issue) => keys.includes(issue.path?.[0] as keyof typeof ranges))) return;
                    keys.forEach((a, i) =>
                        keys.slice(i + 1).forEach((b) => {
                            if (overlaps(ranges[a], ranges[b])) {
                                // Blamed on b; on a when b is a default the stack file did not write (load.ts).
                                const whenDefault = { path: [a], message: `${ranges[a]} overlaps ${b} ${ranges[b]} (the default)` };
                                ctx.addIssue({ code: "custom", path: [b], message: `${ranges[b]} overlaps ${a} ${ranges[a]}`, params: { whenDefault } });
                            }
                        }),
                    );
                }),
            cluster: z
                .strictObject({
                    /** Public API access only from these ranges; empty means a private endpoint only. */
                    apiAllowedCidrs: z.array(allowedCidr).max(40).default([...d.cluster.apiAllowedCidrs]),
                    /**
                     * Ranges inside the network (a self-hosted CI runner's subnet, a VPN) that may reach
                     * the private API endpoint, which otherwise admits only the cluster's own nodes.
                     */
                    privateApiAllowedCidrs: z.array(allowedCidr).max(40).default([...d.cluster.privateApiAllowedCidrs]),
                    logRetentionDays: logRetentionDays.default(d.cluster.logRetentionDays),
                    nodePools: z
                        .strictObject({
                            system: nodePool(d.cluster.nodePools.system).prefault({}),
                            workloads: nodePool(d.cluster.nodePools.workloads).prefault({}),
                            gpu: gpuPool.optional(),
                            spot: optionalPool.optional(),
                        })
                        .prefault({}),
                })
                .prefault({}),
            database: z
                .strictObject({
                    engineVersion: z
                        .enum(["16", "17"], {
                            error: (issue) =>
                                typeof issue.input === "number"
                                    ? `expected the PostgreSQL major version as text: quote it in YAML (engineVersion: "${issue.input}"); "16" or "17"`
                                    : 'expected "16" or "17"',
                        })
                        .default(d.database.engineVersion),
                    size: z.enum(SIZES).default(d.database.size),
                    storageGb: z.number().int().min(20).max(16384).default(d.database.storageGb),
                    maxStorageGb: z.number().int().min(20).max(16384).default(d.database.maxStorageGb),
                    highAvailability: z.boolean().default(d.database.highAvailability),
                    // 7..35 is what all three clouds accept (Azure's minimum is 7, AWS's maximum 35).
                    backupRetentionDays: z.number().int().min(7).max(35).default(d.database.backupRetentionDays),
                })
                .prefault({})
                .refine((db) => db.maxStorageGb >= db.storageGb, {
                    message: "maxStorageGb must be at least storageGb",
                    path: ["maxStorageGb"],
                }),
            cache: z
                .strictObject({
                    size: z.enum(SIZES).default(d.cache.size),
                    replicas: z.number().int().min(0).max(5).default(d.cache.replicas),
                    snapshotRetentionDays: z.number().int().min(0).max(35).default(d.cache.snapshotRetentionDays),
                })
                .prefault({}),
            objectStore: z
                .strictObject({
                    noncurrentVersionExpirationDays: z
                        .number()
                        .int()
                        .min(1)
                        .max(3650)
                        .default(d.objectStore.noncurrentVersionExpirationDays),
                    abortIncompleteUploadDays: z.number().int().min(1).max(30).default(d.objectStore.abortIncompleteUploadDays),
                    accessLogRetentionDays: z.number().int().min(1).max(3650).default(d.objectStore.accessLogRetentionDays),
                })
                .prefault({}),
            aws: awsConfigSchema.optional(),
            gcp: gcpConfigSchema.optional(),
            azure: azureConfigSchema.optional(),
            platform: platformLayerSchema(environment).prefault({}),
            budget: budgetSchema,
        })
        .superRefine((c, ctx) => {
            for (const problem of crossFieldProblems(c)) ctx.addIssue({ code: "custom", ...problem });
        });
}

export type ParsedConfig = z.output<ReturnType<typeof configSchema>>;
