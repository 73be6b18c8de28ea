/**
 * Config for runtime threat detection (issue 16): Falco on every node, its events forwarded to
 * Alertmanager. `platform.guardrails.runtime`; on by default in production only.
 */
import { z } from "zod";
import { ENVIRONMENT_DEFAULTS } from "./defaults";
import type { Environment } from "./environment";

/** Falco's priorities, most severe first (falcosidekick's `minimumpriority` takes the same words, lower-cased). */
export const FALCO_PRIORITIES = ["emergency", "alert", "critical", "error", "warning", "notice", "informational", "debug"] as const;
export type FalcoPriority = (typeof FALCO_PRIORITIES)[number];

export function runtimeDetectionSchema(environment: Environment) {
    const d = ENVIRONMENT_DEFAULTS[environment].platform.guardrails.runtime;
    return z
        .strictObject({
            enabled: z.boolean().default(d.enabled),
            /** Events at this priority or above reach Alertmanager; lower ones stay in Falco's logs. */
            alertMinimumPriority: z.enum(FALCO_PRIORITIES).default("warning"),
        })
        .prefault({});
}

export type RuntimeDetectionConfig = z.output<ReturnType<typeof runtimeDetectionSchema>>;
