/**
 * The Pulumi program: read config once, build the platform, export the output contract.
 * main.ts exports this function; the offline plan and the tests run it under mocks. It uses only
 * the package's public component entry point (./index), like any other program would.
 */
import * as pulumi from "@pulumi/pulumi";
import { loadPlatformArgs, MlPlatform, type PlatformOutputs } from "./index";

export async function runPlatform(): Promise<PlatformOutputs> {
    // Validation throws before any resource is registered. The component's name is part of every
    // child's URN: it must stay `<project>-<stack>`.
    const platform = new MlPlatform(`${pulumi.getProject()}-${pulumi.getStack()}`, loadPlatformArgs());
    return platform.outputs;
}
