/**
 * Config for service-level objectives (`platform.slo`): what the burn-rate alerts and the error-budget
 * dashboard measure against. Per-environment defaults live in the table below.
 */
import { z } from "zod";
import type { Environment } from "./environment";

/**
 * Istio's default request-duration bucket boundaries in ms (istio/api `annotation/annotations.yaml`,
 * `sidecar.istio.io/statsHistogramBuckets`). A latency SLO counts requests under one boundary: any
 * other threshold would have no bucket to count against.
 */
export const ISTIO_LATENCY_BUCKETS_MS = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000] as const;

/** SLO periods the error-budget accounting supports, in days. */
export const SLO_PERIODS_DAYS = [7, 14, 28, 30] as const;

export const SLO_DEFAULTS = {
    // Staging keeps 7 days of metrics, so its budget is a 7-day one; its objectives are looser.
    staging: {
        periodDays: 7,
        servingAvailability: 99.0,
        servingLatency: { objective: 95.0, thresholdMs: 500 },
        mlflowAvailability: 99.0,
    },
    production: {
        periodDays: 30,
        servingAvailability: 99.9,
        servingLatency: { objective: 99.0, thresholdMs: 500 },
        mlflowAvailability: 99.5,
    },
} as const satisfies Record<Environment, unknown>;

/** A percentage objective: below 100, or there would be no error budget to burn. */
const objective = z
    .number()
    .min(50, { message: "expected a percentage such as 99.9 (at least 50)" })
    .max(99.999, { message: "expected a percentage below 100 (at most 99.999): a 100 % objective leaves no error budget" });

export function sloSchema(environment: Environment) {
    const d = SLO_DEFAULTS[environment];
    return z.strictObject({
        /** The window the error budget is accounted over; Prometheus must retain at least this much. */
        periodDays: z
            .number()
            .int()
            .refine((p) => (SLO_PERIODS_DAYS as readonly number[]).includes(p), { message: `expected one of ${SLO_PERIODS_DAYS.join(", ")} (days)` })
            .default(d.periodDays),
        /** Percentage of model requests answered without a 5xx. */
        servingAvailability: objective.default(d.servingAvailability),
        /** Percentage of model requests answered within `thresholdMs`. */
        servingLatency: z
            .strictObject({
                objective: objective.default(d.servingLatency.objective),
                thresholdMs: z
                    .number()
                    .refine((ms) => (ISTIO_LATENCY_BUCKETS_MS as readonly number[]).includes(ms), {
                        message: `expected one of Istio's latency bucket boundaries in ms (${ISTIO_LATENCY_BUCKETS_MS.join(", ")})`,
                    })
                    .default(d.servingLatency.thresholdMs),
            })
            .prefault({}),
        /** Percentage of MLflow requests answered without a 5xx. */
        mlflowAvailability: objective.default(d.mlflowAvailability),
    });
}

export type SloConfig = z.output<ReturnType<typeof sloSchema>>;

/** The budget is computed from stored samples: a period longer than Prometheus keeps would silently shrink it. */
export function sloRetentionProblem(p: { slo: SloConfig; monitoring: { retentionDays: number } }) {
    return p.slo.periodDays > p.monitoring.retentionDays
        ? {
              path: ["slo", "periodDays"],
              message: `the ${p.slo.periodDays}-day SLO period is longer than Prometheus keeps metrics (monitoring.retentionDays ${p.monitoring.retentionDays}); shorten it or raise the retention`,
          }
        : undefined;
}
