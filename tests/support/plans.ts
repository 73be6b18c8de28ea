/**
 * Cached offline plans, so each stack/cloud/overrides combination is planned once per test run:
 * once per process, and once for all of mocha's parallel workers (./sharedPlans.ts). Use these
 * helpers rather than calling planStack: see tests/support/README.md.
 */
import * as fs from "fs";
import * as path from "path";
import type { CapturedResource } from "../../automation/capture";
import { planConfig, planStack, type PlannedStack } from "../../automation/planStack";
import { readStackFile } from "../../automation/stackConfig";
import { existingSharedPlan, sharedPlan } from "./sharedPlans";

const cache = new Map<string, Promise<PlannedStack>>();

/** Plans run one at a time: the mock runtime is process-global. */
let queue: Promise<unknown> = Promise.resolve();

/** Request (stack, cloud, overrides) to plan key; memoized, since every test asks. */
const keys = new Map<string, string>();

/**
 * Requests that load the same config are one plan, since a plan depends on nothing else
 * (planStack's planConfig): plan("production") and plan("production", "aws"), or an override
 * equal to what the stack file already says. A request whose config cannot load keeps its own key.
 */
function planKey(stack: string, cloud: string | undefined, overrides: Record<string, unknown> | undefined): string {
    const request = JSON.stringify([stack, cloud, overrides]);
    let key = keys.get(request);
    if (key === undefined) {
        try {
            const { config, secretKeys } = planConfig({ stack, cloud, overrides });
            key = JSON.stringify([stack, config, secretKeys]);
        } catch {
            key = request;
        }
        keys.set(request, key);
    }
    return key;
}

/** With MLPLATFORM_TEST_PLAN_LOG set, each plan computed appends `cpuMs wallMs request` to that file. */
async function logged(request: string, compute: () => Promise<PlannedStack>): Promise<PlannedStack> {
    const log = process.env.MLPLATFORM_TEST_PLAN_LOG;
    if (!log) return compute();
    const cpu = process.cpuUsage();
    const wall = Date.now();
    const result = await compute();
    const used = process.cpuUsage(cpu);
    fs.appendFileSync(log, `${Math.round((used.user + used.system) / 1000)} ${Date.now() - wall} ${request}\n`);
    return result;
}

export function plan(stack: string, cloud?: string, overrides?: Record<string, unknown>): Promise<PlannedStack> {
    const key = planKey(stack, cloud, overrides);
    let result = cache.get(key);
    if (!result) {
        result = queue.then(() => sharedPlan(key, () => logged(JSON.stringify([stack, cloud, overrides]), () => planStack({ stack, cloud, overrides }))));
        queue = result.catch(() => undefined);
        cache.set(key, result);
    }
    return result;
}

/** A plan of a stack file's config under another stack name (a copy of the file named `as`): in the same queue. */
export function planAs(stack: string, as: string, overrides?: Record<string, unknown>): Promise<PlannedStack> {
    const result = queue.then(() => planStack({ stack, as, overrides }));
    queue = result.catch(() => undefined);
    return result;
}

/**
 * The plan if this run already has it (computed in this process or written by another), else
 * undefined: for tests that may use a plan but must not pay for computing it.
 */
export async function planIfComputed(stack: string, cloud?: string): Promise<PlannedStack | undefined> {
    const key = planKey(stack, cloud, undefined);
    const inProcess = cache.get(key);
    if (inProcess) return inProcess;
    const shared = existingSharedPlan(key);
    if (shared) cache.set(key, Promise.resolve(shared));
    return shared;
}

/** A plan that must have succeeded. */
export async function okPlan(stack: string, cloud?: string, overrides?: Record<string, unknown>): Promise<PlannedStack> {
    const result = await plan(stack, cloud, overrides);
    if (result.error) throw result.error;
    return result;
}

export function ofType(p: PlannedStack, type: string): CapturedResource[] {
    return p.resources.filter((r) => r.type === type);
}

export function one(p: PlannedStack, type: string): CapturedResource {
    const found = ofType(p, type);
    if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
    return found[0];
}

/** A plan resource with its inputs as tests read them. */
export type PlanResource = CapturedResource & { inputs: Record<string, any> };

/** The one resource of a type with this (Pulumi) resource name. */
export function named(p: PlannedStack, type: string, name: string): PlanResource {
    const found = ofType(p, type).filter((r) => r.name === name);
    if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
    return found[0] as PlanResource;
}

/** The inputs of the one resource of a type. */
export function inputsOf(p: PlannedStack, type: string): Record<string, any> {
    return one(p, type).inputs as Record<string, any>;
}

export const STACKS = ["staging", "production"] as const;

/** A config section of a stack file (`cluster`, `gcp`, ...), empty when the file has none. */
export function stackSection(stack: string, section: string): Record<string, any> {
    return readStackFile(stack)?.config?.[`ml-platform:${section}`] ?? {};
}

/**
 * Overrides that change some keys of the stack file's sections (each section merged with the
 * file's, not replaced; a value of undefined removes that key). A patch that changes nothing is
 * the stack's own plan, so prefer it to restating a section: the plan is shared.
 */
export function mergedSections(stack: string, patch: Record<string, Record<string, unknown>>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(patch).map(([section, values]) => [section, { ...stackSection(stack, section), ...values }]));
}

/** Whether the SDK's Args interface for a type token declares the given property (e.g. tags, labels). */
export function sdkArgsHave(type: string, property: string): boolean {
    const [pkg, module, className] = type.split(":");
    const lower = (t: string) => t.charAt(0).toLowerCase() + t.slice(1);
    let relative: string;
    if (pkg === "azure-native") {
        relative = `${module}/${lower(className)}.d.ts`;
    } else {
        const [folder, file] = module.split("/");
        relative = folder === "index" ? `${file}.d.ts` : `${folder}/${file}.d.ts`;
    }
    const dts = path.join(path.dirname(require.resolve(`@pulumi/${pkg}/package.json`)), relative);
    if (!fs.existsSync(dts)) return false;
    const args = new RegExp(`export interface ${className}Args \\{([\\s\\S]*?)\\n\\}`).exec(fs.readFileSync(dts, "utf8"));
    return args !== null && new RegExp(`\\n\\s+(readonly )?${property}\\?:`).test(args[1]);
}
