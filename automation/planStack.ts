/**
 * Plans one stack offline: loads its config (with an optional cloud override), runs the program
 * under the capture harness and builds the plan document. Used by `npm run plan` and the tests.
 */
import { runPlatform } from "../components/program";
import { capture, type CaptureResult, type CapturedResource } from "./capture";
import { loadStackConfig, type StackConfig } from "./stackConfig";

export interface PlanOptions {
    stack: string;
    cloud?: string;
    /** Extra config on top of the stack file, keyed without the project namespace. */
    overrides?: Record<string, unknown>;
    /** Plan the stack file's config under another stack name (a second stack made from a copy of it). */
    as?: string;
}

export interface PlanDocument {
    stack: string;
    cloud: string;
    resources: {
        urn: string;
        type: string;
        name: string;
        parent: string | null;
        dependencies: string[];
        protect: boolean;
        inputs: Record<string, unknown>;
    }[];
    outputs: Record<string, unknown>;
    policy?: { rules: number; violations: PolicyViolation[] };
    /** The estimated critical path of a real deployment (automation/criticalPath.ts). */
    criticalPath?: { seconds: number; chain: string[] };
}

export interface PolicyViolation {
    policy: string;
    level: "mandatory" | "advisory";
    urn: string;
    message: string;
}

export interface PlannedStack extends CaptureResult {
    stack: string;
    cloud: string;
    environment: string;
}

/** The config a plan runs with: the stack file, the overrides and the cloud. A plan depends on nothing else. */
export function planConfig(options: PlanOptions): StackConfig {
    const overrides = { ...(options.overrides ?? {}), ...(options.cloud ? { cloud: options.cloud } : {}) };
    const loaded = loadStackConfig(options.stack, overrides);
    return options.as ? { ...loaded, stack: options.as } : loaded;
}

export async function planStack(options: PlanOptions): Promise<PlannedStack> {
    const stackConfig = planConfig(options);
    const result = await capture(stackConfig, runPlatform);
    const key = (k: string) => stackConfig.config[`${stackConfig.project}:${k}`] ?? "";
    return { ...result, stack: stackConfig.stack, cloud: key("cloud"), environment: key("environment") };
}

export function toPlanDocument(plan: PlannedStack): PlanDocument {
    return {
        stack: plan.stack,
        cloud: plan.cloud,
        resources: plan.resources.map((r: CapturedResource) => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            parent: r.parent,
            dependencies: r.dependencies,
            protect: r.protect,
            inputs: r.inputs,
        })),
        outputs: plan.outputs,
    };
}

/** Plaintext secrets found in a serialized plan: must always be empty. */
export function findLeakedSecrets(serialized: string, secretValues: readonly string[]): string[] {
    return secretValues.filter((s) => serialized.includes(s));
}
