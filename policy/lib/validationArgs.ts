/**
 * Builds the argument bags @pulumi/policy 1.21 hands to policies (ResourceValidationArgs,
 * StackValidationArgs) from plain resource descriptions, and runs one policy the way the pack's
 * analyzer does: unknown values throw on access, `notApplicable()` ends the check, and a check
 * that touches an unknown value becomes an advisory "can't run during preview" diagnostic.
 * Shared by the offline plan (policy/offline.ts) and the tests.
 */
import type {
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import * as proxyModule from "@pulumi/policy/proxy";
import type { Props, Rule } from "./rule";

interface ProxyModule {
    unknownCheckingProxy<T>(value: T): T;
    unknownStringValue: string;
    UnknownValueError: new (...args: unknown[]) => Error;
}
// The analyzer's own proxy, so unknowns behave exactly as on a real preview (its typings hide it).
const proxy = proxyModule as unknown as ProxyModule;

/** How captured inputs mark a value the engine would not know during preview. */
export const UNKNOWN = "[unknown]";

/** A resource as the plan captures it (inputs under `props`). */
export interface ResourceDescription {
    urn: string;
    type: string;
    name: string;
    props: Props;
    protect?: boolean;
    parent?: string | null;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
}

export interface PolicyRunContext {
    stackTags?: ReadonlyMap<string, string> | Record<string, string>;
    /** This policy's config: its properties, without enforcementLevel. */
    config?: Record<string, unknown>;
}

export interface PolicyOutcome {
    violations: { message: string; urn?: string }[];
    /** Set when the policy called notApplicable(). */
    notApplicable?: string;
    /** Set when the policy read a value unknown during preview (the analyzer reports it as advisory). */
    cannotRun?: string;
}

class NotApplicableError extends Error {
    constructor(readonly reason?: string) {
        super(reason ?? "not applicable");
    }
}

/** Replaces the capture's unknown marker with the analyzer's sentinel, then proxies like the analyzer. */
export function previewProps(props: Props): Props {
    let marked = markedCache.get(props);
    if (!marked) {
        marked = markUnknowns(props) as Props;
        markedCache.set(props, marked);
    }
    return proxy.unknownCheckingProxy(marked);
}

/** One marked copy per captured inputs object: every policy of a run reads the same resources (policies never write). */
const markedCache = new WeakMap<Props, Props>();

function markUnknowns(value: unknown): unknown {
    if (value === UNKNOWN) return proxy.unknownStringValue;
    if (Array.isArray(value)) return value.map(markUnknowns);
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, markUnknowns(v)]));
    }
    return value;
}

function freezeTags(tags: PolicyRunContext["stackTags"]): ReadonlyMap<string, string> {
    const map = tags instanceof Map ? new Map(tags) : new Map(Object.entries((tags ?? {}) as Record<string, string>));
    return Object.freeze(map) as ReadonlyMap<string, string>;
}

function options(r: ResourceDescription): PolicyResourceOptions {
    return {
        protect: r.protect === true,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
        ...(r.parent ? { parent: r.parent } : {}),
    };
}

const throwNotApplicable = (reason?: string): never => {
    throw new NotApplicableError(reason);
};

/** `isType`/`asType` compare the class's Pulumi type token, as the analyzer does, without loading any SDK. */
function typeOf(resourceClass: unknown): string | undefined {
    return (resourceClass as { __pulumiType?: string }).__pulumiType;
}

export function resourceValidationArgs(r: ResourceDescription, ctx: PolicyRunContext = {}): ResourceValidationArgs {
    const props = previewProps(r.props);
    return {
        type: r.type,
        props,
        urn: r.urn,
        name: r.name,
        opts: options(r),
        stackTags: freezeTags(ctx.stackTags),
        isType: (cls) => typeOf(cls) === r.type,
        asType: ((cls: unknown) => (typeOf(cls) === r.type ? props : undefined)) as ResourceValidationArgs["asType"],
        getConfig: <T extends object>() => ({ ...(ctx.config ?? {}) }) as T,
        notApplicable: throwNotApplicable,
    };
}

export function stackValidationArgs(resources: readonly ResourceDescription[], ctx: PolicyRunContext = {}): StackValidationArgs {
    const byUrn = new Map<string, PolicyResource>();
    const built = resources.map((r) => {
        const props = previewProps(r.props);
        const resource: PolicyResource = {
            type: r.type,
            props,
            urn: r.urn,
            name: r.name,
            opts: options(r),
            dependencies: [],
            propertyDependencies: {},
            isType: (cls) => typeOf(cls) === r.type,
            asType: ((cls: unknown) => (typeOf(cls) === r.type ? props : undefined)) as PolicyResource["asType"],
        };
        byUrn.set(r.urn, resource);
        return { r, resource };
    });
    const lookup = (urns: readonly string[] = []) => urns.map((u) => byUrn.get(u)).filter((x): x is PolicyResource => x !== undefined);
    for (const { r, resource } of built) {
        const parent = r.parent ? byUrn.get(r.parent) : undefined;
        if (parent) resource.parent = parent;
        resource.dependencies = lookup(r.dependencies);
        for (const [key, urns] of Object.entries(r.propertyDependencies ?? {})) resource.propertyDependencies[key] = lookup(urns);
    }
    return {
        resources: built.map((b) => b.resource),
        stackTags: freezeTags(ctx.stackTags),
        getConfig: <T extends object>() => ({ ...(ctx.config ?? {}) }) as T,
        notApplicable: throwNotApplicable,
    };
}

export function isStackPolicy(policy: Rule): policy is StackValidationPolicy {
    return typeof (policy as StackValidationPolicy).validateStack === "function";
}

/** Runs a resource policy on one resource; a stack policy is not run. */
export async function runResourcePolicy(policy: Rule, r: ResourceDescription, ctx: PolicyRunContext = {}): Promise<PolicyOutcome> {
    if (isStackPolicy(policy)) return { violations: [] };
    const validations = [(policy as ResourceValidationPolicy).validateResource ?? []].flat();
    const args = resourceValidationArgs(r, ctx);
    return collect(async (report) => {
        for (const validate of validations) await validate(args, report);
    });
}

/** Runs a stack policy once over all resources; a resource policy is not run. */
export async function runStackPolicy(policy: Rule, resources: readonly ResourceDescription[], ctx: PolicyRunContext = {}): Promise<PolicyOutcome> {
    if (!isStackPolicy(policy)) return { violations: [] };
    const args = stackValidationArgs(resources, ctx);
    return collect(async (report) => policy.validateStack(args, report));
}

async function collect(run: (report: (message: string, urn?: string) => void) => Promise<void>): Promise<PolicyOutcome> {
    const violations: PolicyOutcome["violations"] = [];
    try {
        await run((message, urn) => violations.push(urn ? { message, urn } : { message }));
        return { violations };
    } catch (err) {
        if (err instanceof NotApplicableError) return { violations, notApplicable: err.reason ?? "" };
        if (err instanceof proxy.UnknownValueError) return { violations, cannotRun: err.message };
        throw err;
    }
}
