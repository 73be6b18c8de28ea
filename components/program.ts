/**
 * The Pulumi program: read config once, build the platform, export the output contract.
 * index.ts exports this function; the offline plan and the tests run it under mocks.
 */
import { loadPlatformSpec } from "./config";
import { MlPlatform } from "./MlPlatform";
import type { PlatformOutputs } from "./outputs";

export async function runPlatform(): Promise<PlatformOutputs> {
    // Validation throws before any resource is registered.
    const spec = loadPlatformSpec();
    const platform = new MlPlatform(`${spec.project}-${spec.stack}`, { spec });
    return platform.outputs;
}
