/**
 * Config for the optional distributed-compute component: Ray through the KubeRay operator
 * (`platform.distributedCompute`). Off unless a stack turns it on; sizes come from the defaults table.
 */
import { z } from "zod";
import { ENVIRONMENT_DEFAULTS } from "./defaults";
import type { Environment } from "./environment";

export function distributedComputeSchema(environment: Environment) {
    const d = ENVIRONMENT_DEFAULTS[environment].platform.distributedCompute;
    return z.strictObject({
        enabled: z.boolean().default(false),
        /** KubeRay operator replicas (leader election: one active, the others standing by). */
        operatorReplicas: z.number().int().min(1).max(3).default(d.operatorReplicas),
        /** ResourceQuota of the Ray namespace: what all RayClusters together may request. */
        quota: z
            .strictObject({
                cpu: z.number().int().min(1).max(100000).default(d.quota.cpu),
                memoryGb: z.number().int().min(1).max(1000000).default(d.quota.memoryGb),
                gpus: z.number().int().min(0).max(10000).default(d.quota.gpus),
            })
            .prefault({}),
    });
}

export type DistributedComputeConfig = z.output<ReturnType<typeof distributedComputeSchema>>;
