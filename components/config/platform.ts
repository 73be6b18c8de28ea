/** Config for the Kubernetes platform layer (mesh, certificates, monitoring, ML services). */
import { z } from "zod";
import type { Environment } from "./environment";

export function platformLayerSchema(_environment: Environment) {
    return z.strictObject({
        /** DNS name under which the gateway serves the ML services, e.g. ml.example.com. */
        domain: z
            .string()
            .regex(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/, { message: "expected a DNS name such as ml.example.com" })
            .optional(),
    });
}

export type PlatformLayerConfig = z.output<ReturnType<typeof platformLayerSchema>>;
