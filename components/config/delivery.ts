/**
 * Config for progressive delivery of models (`platform.delivery`): Flagger, and the limits a model
 * release is held to while it takes a growing share of traffic. A release whose error rate or p99
 * latency crosses a limit in `failedChecks` analysis runs is rolled back. Defaults per environment below.
 */
import { z } from "zod";
import type { Environment } from "./environment";

/** The rollback limits the platform was specified with: error rate > 5 %, p99 > 2 s. */
const LIMITS = { maxErrorRatePercent: 5, maxP99Ms: 2000 } as const;

export const DELIVERY_DEFAULTS = {
    // Staging: the same limits, shorter steps, so a release finishes while someone watches.
    staging: { enabled: true, ...LIMITS, stepWeightPercent: 25, maxWeightPercent: 50, intervalSeconds: 60, failedChecks: 3 },
    production: { enabled: true, ...LIMITS, stepWeightPercent: 10, maxWeightPercent: 50, intervalSeconds: 60, failedChecks: 5 },
} as const satisfies Record<Environment, unknown>;

const percent = (what: string, min: number) =>
    z
        .number()
        .int({ message: `expected a whole percentage for ${what}` })
        .min(min, { message: `expected a percentage from ${min} to 100 for ${what}` })
        .max(100, { message: `expected a percentage from ${min} to 100 for ${what}` });

export function deliverySchema(environment: Environment) {
    const d = DELIVERY_DEFAULTS[environment];
    return z
        .strictObject({
            /** Flagger (Istio routing, the platform's Prometheus) and the model-release metric templates. */
            enabled: z.boolean().default(d.enabled),
            /** Roll back when the new version's share of 5xx responses exceeds this (MetricTemplate thresholdRange.max). */
            maxErrorRatePercent: z
                .number()
                .gt(0, { message: "expected a percentage above 0 and at most 100 (e.g. 5)" })
                .max(100, { message: "expected a percentage above 0 and at most 100 (e.g. 5)" })
                .default(d.maxErrorRatePercent),
            /** Roll back when the new version's p99 latency exceeds this many milliseconds. */
            maxP99Ms: z
                .number()
                .int({ message: "expected a whole number of milliseconds" })
                .min(1, { message: "expected at least 1 ms" })
                .max(60000, { message: "expected at most 60000 ms (the gateway's route timeout is 30 s)" })
                .default(d.maxP99Ms),
            /** Share of traffic added to the new version after each passing analysis run. */
            stepWeightPercent: percent("stepWeightPercent", 1).default(d.stepWeightPercent),
            /** Share at which the new version is promoted when every check has passed. */
            maxWeightPercent: percent("maxWeightPercent", 1).default(d.maxWeightPercent),
            /** How often Flagger runs the analysis (and the window each query looks back over). */
            intervalSeconds: z
                .number()
                .int({ message: "expected a whole number of seconds" })
                .min(30, { message: "expected at least 30 seconds: Prometheus scrapes every 30 s, a shorter window holds at most one sample" })
                .max(3600, { message: "expected at most 3600 seconds" })
                .default(d.intervalSeconds),
            /** Failed analysis runs (a limit crossed, or no data) after which Flagger rolls back. */
            failedChecks: z
                .number()
                .int({ message: "expected a whole number of checks" })
                .min(1, { message: "expected at least 1 check" })
                .max(20, { message: "expected at most 20 checks" })
                .default(d.failedChecks),
        })
        .superRefine((p, ctx) => {
            if (p.stepWeightPercent > p.maxWeightPercent) {
                ctx.addIssue({ code: "custom", path: ["stepWeightPercent"], message: `must not exceed maxWeightPercent (${p.maxWeightPercent}): the first step would already pass the promotion point` });
            }
        });
}

export type DeliveryConfig = z.output<ReturnType<typeof deliverySchema>>;
