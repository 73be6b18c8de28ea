/**
 * Runs a Pulumi program under the mock runtime and captures what the engine would be asked to
 * register: every resource with its parent, protect flag, dependencies and inputs, plus the
 * stack outputs. Shared by the test suite and the offline plan (`npm run plan`).
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { mockCall, mockState } from "./mocks";

// The monitor's wire types come from the SDK's own generated protobuf modules.
const pulumiRoot = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const resproto = require(path.join(pulumiRoot, "proto/resource_pb"));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const structproto = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiRoot] }));
/** The SDK's internal runtime modules capture drives: the mock monitor's settings and its RPC queue, its promise wrapper. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as {
    setMockOptions: (monitor: unknown, project: string, stack: string, preview: boolean) => void;
    waitForRPCs: () => Promise<void>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise: <T>(p: Promise<T>, ctx: unknown) => Promise<T> };

/** How the plan and tests print a secret value. */
export const SECRET_MARKER = "[secret]";
export const UNKNOWN_MARKER = "[unknown]";

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface CapturedResource {
    urn: string;
    type: string;
    name: string;
    /** false for ComponentResources and the root stack. */
    custom: boolean;
    parent: string | null;
    /** Every resource this one depends on, explicit (dependsOn) and through its inputs. */
    dependencies: string[];
    /** Per input property, the resources its value came from (CrossGuard's propertyDependencies). */
    propertyDependencies: Record<string, string[]>;
    protect: boolean;
    retainOnDelete: boolean;
    provider: string | null;
    /** Former names (alias specs) or URNs this resource answers to, so a rename keeps its state. */
    aliases?: string[];
    /** Input properties a later update leaves as they are in the cloud (ignoreChanges). */
    ignoreChanges?: string[];
    /** Inputs with secrets replaced by SECRET_MARKER and resource references by their URN. */
    inputs: Record<string, unknown>;
}

export interface CaptureResult {
    resources: CapturedResource[];
    /** Stack outputs, secrets replaced by SECRET_MARKER. */
    outputs: Record<string, unknown>;
    /** Output keys whose values are secret. */
    secretOutputKeys: string[];
    /** The plaintext of every secret seen, so a report can be searched for leaks. */
    secretValues: string[];
    /** The program's error, if it threw (e.g. invalid config). */
    error?: Error;
}

export interface CaptureOptions {
    project: string;
    stack: string;
    /** Full config keys ("ml-platform:cloud") to string values (objects JSON-encoded). */
    config: Record<string, string>;
    secretKeys?: string[];
}

type Program = () => Promise<object | void>;

/**
 * Two registrations with one URN. The Pulumi engine refuses the whole deployment for it ("Duplicate
 * resource URN ...; try giving it a unique name"), so the offline plan does too. Config that would
 * derive colliding names is refused earlier by a config rule (exit 2); reaching this is a program
 * defect, which `npm run plan` reports with exit 1.
 */
export class DuplicateUrnError extends Error {
    constructor(readonly duplicates: readonly { urn: string; first: string | null; second: string | null }[]) {
        super(
            duplicates
                .map((d) => `Duplicate resource URN '${d.urn}'; try giving it a unique name (registered twice: once with parent ${d.first ?? "(stack root)"}, again with parent ${d.second ?? "(stack root)"})`)
                .join("\n"),
        );
        this.name = "DuplicateUrnError";
    }
}

export async function capture(options: CaptureOptions, program: Program): Promise<CaptureResult> {
    const secretValues = new Set<string>();
    const monitor = new CapturingMonitor(secretValues);
    // setMocks resets the runtime's state; the monitor is swapped for ours right after.
    await pulumi.runtime.setMocks(monitor.mocks, options.project, options.stack, false);
    installMonitor(monitor, options);
    pulumi.runtime.setAllConfig(options.config, options.secretKeys);
    for (const key of options.secretKeys ?? []) {
        const value = options.config[key];
        if (value) secretValues.add(value);
    }

    // A failing program rejects the stack's output promises too; those duplicates must not crash
    // the process. A rejection in an otherwise successful run (an apply that threw) is the error.
    const rejections: unknown[] = [];
    const swallow = (reason: unknown) => rejections.push(reason);
    process.on("unhandledRejection", swallow);
    const restoreStackTraces = skipStackTraces();
    let error: Error | undefined;
    let outputs: Record<string, unknown> = {};
    const secretOutputKeys: string[] = [];
    try {
        try {
            // runInPulumiStack resolves to plain values (secrets unwrapped), so secretness is read first.
            const resolved = await pulumi.runtime.runInPulumiStack(async () => {
                const result = ((await program()) ?? {}) as Record<string, unknown>;
                for (const [key, value] of Object.entries(result)) {
                    if (pulumi.Output.isInstance(value) && (await pulumi.isSecret(value))) secretOutputKeys.push(key);
                }
                return result;
            });
            outputs = { ...(resolved ?? {}) };
        } catch (err) {
            error = toError(err);
        }
        await monitor.settled();
    } finally {
        restoreStackTraces();
    }
    process.off("unhandledRejection", swallow);
    if (!error && rejections.length > 0) error = toError(rejections[0]);
    if (!error && monitor.duplicates.length > 0) error = new DuplicateUrnError(monitor.duplicates);
    for (const key of secretOutputKeys) {
        collectPlain(outputs[key], secretValues);
        outputs[key] = SECRET_MARKER;
    }
    return { resources: monitor.captured, outputs, secretOutputKeys, secretValues: [...secretValues], error };
}

/**
 * Stack traces the SDK takes that no offline plan reads, skipped while a program is captured:
 * - one per promise it creates (runtime/debuggable.js), kept only for its promise-leak report:
 *   debuggablePromise runs with Error.stackTraceLimit at 0. The SDK's modules call it through the
 *   module's exports (`debuggable_1.debuggablePromise(...)`), so replacing the export reaches them all;
 * - one unlimited trace per resource (Resource.stackTrace), parsed into the source positions the
 *   engine shows in its diagnostics; the mock monitor never reads them.
 * Together they were about a third of a plan's CPU time. Every other error keeps its stack.
 * Returns the restore; exported for its test.
 */
export function skipStackTraces(): () => void {
    if (stackTraceSkips++ === 0) {
        const resource = pulumi.Resource as unknown as { stackTrace: (skip: number) => unknown[] };
        const original = { debuggablePromise: debuggable.debuggablePromise, stackTrace: resource.stackTrace };
        debuggable.debuggablePromise = (p, ctx) => {
            const limit = Error.stackTraceLimit;
            Error.stackTraceLimit = 0;
            try {
                return original.debuggablePromise(p, ctx);
            } finally {
                Error.stackTraceLimit = limit;
            }
        };
        resource.stackTrace = () => [];
        restoreSkippedStackTraces = () => {
            debuggable.debuggablePromise = original.debuggablePromise;
            resource.stackTrace = original.stackTrace;
        };
    }
    let restored = false;
    return () => {
        if (restored) return;
        restored = true;
        if (--stackTraceSkips === 0) restoreSkippedStackTraces();
    };
}

/** Captures under way that skip stack traces: the SDK's originals come back when the last one ends, in whatever order they end. */
let stackTraceSkips = 0;
let restoreSkippedStackTraces = (): void => {};

function toError(reason: unknown): Error {
    return reason instanceof Error ? reason : new Error(String(reason));
}

/** Points the runtime at our monitor (setMocks always constructs a plain MockMonitor). */
function installMonitor(monitor: CapturingMonitor, options: CaptureOptions): void {
    settings.setMockOptions(monitor, options.project, options.stack, false);
}

class CapturingMonitor extends MockMonitor {
    readonly captured: CapturedResource[] = [];
    readonly duplicates: { urn: string; first: string | null; second: string | null }[] = [];
    private pending = 0;

    constructor(readonly secretValues: Set<string>) {
        super({ newResource: (a) => ({ id: `${a.name}-id`, state: mockState(a.type, a.name, a.inputs) }), call: (a) => mockCall(a.token, a.inputs) });
    }

    /** Engine URN of each registration, keyed by the mock's URN of its parent chain. */
    private readonly engineUrns = new Map<string, { urn: string; qualifiedType: string; parent: string | null }>();

    /**
     * Records a registration under the URN the engine computes, which differs from the mock's
     * (the engine qualifies a type with its parent's whole type chain and leaves out the root
     * stack), so two names collide here exactly when they would collide in a real deployment.
     * Runs before any await: registrations interleave, and the parent is always registered first.
     */
    private checkUnique(req: any): void {
        const parent: string | null = req.getParent() || null;
        const mockUrn: string = (this as any).newUrn(parent, req.getType(), req.getName());
        const parentEntry = parent ? this.engineUrns.get(parent) : undefined;
        const qualifiedType = parentEntry && parentEntry.qualifiedType !== ROOT_STACK_TYPE ? `${parentEntry.qualifiedType}$${req.getType()}` : req.getType();
        const urn = `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${qualifiedType}::${req.getName()}`;
        const earlier = [...this.engineUrns.values()].find((e) => e.urn === urn);
        if (earlier) this.duplicates.push({ urn, first: earlier.parent, second: parent });
        else this.engineUrns.set(mockUrn, { urn, qualifiedType, parent });
    }

    /**
     * Resolves once no registration is in flight (registration is asynchronous): the SDK's own RPC
     * queue drained (what the language host waits for before it disconnects), then nothing new
     * registered across an event-loop turn.
     */
    async settled(): Promise<void> {
        await settings.waitForRPCs();
        let last = -1;
        while (this.pending > 0 || last !== this.captured.length) {
            last = this.captured.length;
            await new Promise((resolve) => setImmediate(resolve));
        }
    }

    async registerResource(req: any, callback: (err: any, response: any) => void): Promise<void> {
        this.pending++;
        this.checkUnique(req);
        try {
            const rawInputs: Record<string, unknown> = req.getObject()?.toJavaScript() ?? {};
            // The inputs already read from the request, not converted from protobuf a second time.
            type Struct = Parameters<typeof pulumi.runtime.deserializeProperties>[0];
            const inputs = await pulumi.runtime.deserializeProperties({ toJavaScript: () => rawInputs } as unknown as Struct);
            const result = await this.mocks.newResource({
                type: req.getType(),
                name: req.getName(),
                inputs,
                provider: req.getProvider(),
                custom: req.getCustom(),
                id: req.getImportid(),
            });
            const urn: string = (this as any).newUrn(req.getParent(), req.getType(), req.getName());
            const state = markSecretOutputs(result.state, rawInputs, req.getAdditionalsecretoutputsList());
            const serializedState = await pulumi.runtime.serializeProperties("", state);
            this.resources.set(urn, { urn, id: result.id ?? null, state: serializedState });
            this.captured.push(describe(req, urn, rawInputs, this.secretValues));
            const response = new resproto.RegisterResourceResponse();
            response.setUrn(urn);
            response.setId(result.id || "");
            response.setObject(structproto.Struct.fromJavaScript(serializedState));
            callback(null, response);
        } catch (err) {
            callback(err, undefined);
        } finally {
            this.pending--;
        }
    }
}

/** The engine marks outputs secret when the same-named input was secret or the SDK lists them. */
function markSecretOutputs(state: Record<string, unknown>, rawInputs: Record<string, unknown>, additional: string[]) {
    const marked: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(state)) {
        const secret = additional.includes(key) || isSecretWrapper(rawInputs[key]);
        marked[key] = secret && value !== undefined && !pulumi.Output.isInstance(value) ? pulumi.secret(value) : value;
    }
    return marked;
}

function describe(req: any, urn: string, rawInputs: Record<string, unknown>, secrets: Set<string>): CapturedResource {
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps: any, key: string) => {
        propertyDependencies[key] = deps.getUrnsList();
    });
    return {
        urn,
        type: req.getType(),
        name: req.getName(),
        custom: req.getCustom(),
        parent: req.getParent() || null,
        dependencies: req.getDependenciesList(),
        propertyDependencies,
        protect: req.getProtect() === true,
        retainOnDelete: req.getRetainondelete() === true,
        provider: req.getProvider() || null,
        aliases: req.getAliasesList().map((a: any) => (a.hasSpec() ? a.getSpec().getName() : a.getUrn())),
        ...(req.getIgnorechangesList().length ? { ignoreChanges: req.getIgnorechangesList() } : {}),
        inputs: sanitize(rawInputs, secrets, false) as Record<string, unknown>,
    };
}

function isSecretWrapper(value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** Replaces secrets (recording their plaintext), resource references and unknowns with markers. */
function sanitize(value: unknown, secrets: Set<string>, insideSecret: boolean): unknown {
    if (value === UNKNOWN_VALUE) return UNKNOWN_MARKER;
    if (Array.isArray(value)) return value.map((v) => sanitize(v, secrets, insideSecret));
    if (typeof value !== "object" || value === null) {
        if (insideSecret) collectPlain(value, secrets);
        return value;
    }
    const obj = value as Record<string, unknown>;
    switch (obj[SIG_KEY]) {
        case SECRET_SIG:
            sanitize(obj.value, secrets, true);
            return SECRET_MARKER;
        case RESOURCE_SIG:
            return obj.urn;
        case OUTPUT_SIG:
            if (obj.secret === true) {
                sanitize(obj.value, secrets, true);
                return SECRET_MARKER;
            }
            return "value" in obj ? sanitize(obj.value, secrets, insideSecret) : UNKNOWN_MARKER;
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, sanitize(v, secrets, insideSecret)]));
}

function collectPlain(value: unknown, secrets: Set<string>): void {
    if (typeof value === "string" && value.length >= 4) secrets.add(value);
    else if (typeof value === "object" && value !== null) Object.values(value).forEach((v) => collectPlain(v, secrets));
}
