/**
 * Config for distributed tracing (`platform.tracing`): how much of the mesh's traffic Istio samples
 * and how long Tempo keeps traces in the object store. Per-environment defaults live in the table below.
 */
import { z } from "zod";
import type { Environment } from "./environment";

export const TRACING_DEFAULTS = {
    // Staging sees little traffic: sample a large share so a trace exists when someone looks.
    staging: { enabled: true, samplingPercentage: 10, retentionHours: 72 },
    production: { enabled: true, samplingPercentage: 1, retentionHours: 336 },
} as const satisfies Record<Environment, unknown>;

export function tracingSchema(environment: Environment) {
    const d = TRACING_DEFAULTS[environment];
    return z.strictObject({
        /** The collector, Tempo, Istio's tracing provider and the Grafana data source. */
        enabled: z.boolean().default(d.enabled),
        /** Share of requests Istio starts a sampled trace for (Telemetry randomSamplingPercentage). */
        samplingPercentage: z
            .number()
            .min(0, { message: "expected a percentage from 0 to 100 (e.g. 1 for one request in a hundred)" })
            .max(100, { message: "expected a percentage from 0 to 100 (e.g. 1 for one request in a hundred)" })
            .default(d.samplingPercentage),
        /** How long Tempo's compactor keeps trace blocks in the object store (block_retention). */
        retentionHours: z
            .number()
            .int({ message: "expected a whole number of hours" })
            .min(1, { message: "expected at least 1 hour" })
            .max(8760, { message: "expected at most 8760 hours (one year)" })
            .default(d.retentionHours),
    });
}

export type TracingConfig = z.output<ReturnType<typeof tracingSchema>>;
