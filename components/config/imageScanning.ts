/**
 * Config for image scanning (issue 16): Trivy Operator writes a VulnerabilityReport for every
 * running workload outside the system namespaces. `platform.guardrails.imageScanning`; on in both
 * environments, with fewer concurrent scans and no shared Trivy server in staging.
 */
import { z } from "zod";
import { ENVIRONMENT_DEFAULTS } from "./defaults";
import type { Environment } from "./environment";

export function imageScanningSchema(environment: Environment) {
    const d = ENVIRONMENT_DEFAULTS[environment].platform.guardrails.imageScanning;
    return z
        .strictObject({
            enabled: z.boolean().default(d.enabled),
            /** Scan Jobs running at once (the operator's scanJobsConcurrentLimit). */
            concurrentScanJobs: z.number().int().min(1).max(50).default(d.concurrentScanJobs),
            /**
             * One Trivy server (a StatefulSet with its own volume) downloads the vulnerability DB once
             * and the scan Jobs query it; without it every scan Job downloads the DB itself.
             */
            trivyServer: z.boolean().default(d.trivyServer),
        })
        .prefault({});
}

export type ImageScanningConfig = z.output<ReturnType<typeof imageScanningSchema>>;
