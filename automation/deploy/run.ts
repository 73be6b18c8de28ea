/**
 * One deploy run: guards and prerequisites, then the mode against a LocalWorkspace over the project
 * directory, with the engine's output streamed, then the summary. Every path ends in an exit reason.
 */
import * as path from "path";
import type { PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import type { DeployRequest, Mode } from "./args";
import { classifyFailure, isConcurrentUpdate, isExpectationNotMet, isPolicyFailure, type Outcome } from "./classify";
import { byType, EngineEventCollector, totalsOf, type Step } from "./events";
import { EXIT, EXIT_DESCRIPTIONS, type ExitCode } from "./exitCodes";
import { findPulumiCli, requireBackend, requirePassphraseIfNeeded, requirePolicyFiles, requireStackFile } from "./prerequisites";
import { formatChangeTable, maskOutputs, SecretRedactor, writeSummary, type ChangeReport, type DeploySummary, type DriftReport } from "./report";
import { RetriesExhaustedError, withRetry } from "./retry";
import { checkProductionGuard } from "./guard";
import { automation } from "./sdk";
import { factsFromName, readStackFacts, type StackFacts } from "./stackFacts";

export interface DeployContext {
    /** The Pulumi project directory (Pulumi.yaml, stack files, policy/). */
    workDir: string;
    /** Read for approvals and passphrases, and passed to the CLI. */
    env: NodeJS.ProcessEnv;
    /** Where `--json` is resolved from. */
    cwd: string;
    /** Finds the CLI; tests point it at a fake. */
    pulumiCommand?: () => Promise<PulumiCommand>;
    sleep: (ms: number) => Promise<void>;
    stdout: (text: string) => void;
    stderr: (text: string) => void;
}

export interface DeployResult {
    exitCode: ExitCode;
    summary: DeploySummary;
    summaryFile: string;
}

/** Modes that evaluate the program, and so run the policy pack. */
const POLICY_MODES: readonly Mode[] = ["preview", "up", "drift"];
/** Modes that may create a missing stack; the others need one that exists. */
const CREATING_MODES: readonly Mode[] = ["preview", "up"];
/** Variables whose values must never appear in a summary. */
const SECRET_ENV = ["PULUMI_CONFIG_PASSPHRASE", "PULUMI_ACCESS_TOKEN"];

/** What a run accumulates, kept outside the mode so a failure can still be summarised. */
class RunState {
    collectors: EngineEventCollector[] = [];
    attempts = 0;
    drift?: DriftReport;
    outputs?: Record<string, unknown>;
    readonly redactor = new SecretRedactor();

    track(): EngineEventCollector {
        const collector = new EngineEventCollector();
        this.collectors.push(collector);
        return collector;
    }

    /** A retry starts over; what the failed attempt saw is not this run's result. */
    newAttempt(): void {
        this.attempts++;
        this.collectors = [];
    }

    last(): EngineEventCollector {
        return this.collectors[this.collectors.length - 1] ?? new EngineEventCollector();
    }
}

export async function runDeploy(request: DeployRequest, ctx: DeployContext): Promise<DeployResult> {
    const started = new Date();
    let facts = factsFromName(request.stack);
    const state = new RunState();
    for (const name of SECRET_ENV) state.redactor.add(ctx.env[name]);

    let outcome: Outcome;
    try {
        facts = readStackFacts(ctx.workDir, request.stack);
        outcome = await execute(request, facts, ctx, state);
    } catch (err) {
        if (err instanceof RetriesExhaustedError) state.attempts = err.attempts;
        outcome = classifyFailure(err, state.last(), request.stack);
    }
    const exitCode = EXIT[outcome.reason];
    const summary = buildSummary(request, facts, state, outcome, started);
    const summaryFile = request.jsonFile ? path.resolve(ctx.cwd, request.jsonFile) : path.join(ctx.workDir, "deploy-reports", `${facts.shortName}-${request.mode}.json`);
    report(summary, state, ctx);
    writeSummary(summaryFile, summary, state.redactor);
    ctx.stdout(`JSON summary: ${summaryFile}\n`);
    return { exitCode, summary, summaryFile };
}

async function execute(request: DeployRequest, facts: StackFacts, ctx: DeployContext, state: RunState): Promise<Outcome> {
    const guard = checkProductionGuard(request, facts);
    if (!guard.allowed) return { reason: "refused", message: guard.reason };
    if (POLICY_MODES.includes(request.mode)) {
        // These modes run the program, which reads the stack file, and the policy pack.
        requireStackFile(ctx.workDir, facts);
        requirePolicyFiles(ctx.workDir, facts);
    }

    const cli = await findPulumiCli(ctx.pulumiCommand);
    const { LocalWorkspace, Stack } = automation();
    const workspace = await LocalWorkspace.create({
        workDir: ctx.workDir,
        pulumiCommand: cli,
        envVars: { ...definedEnv(ctx.env), PULUMI_SKIP_UPDATE_CHECK: "true" },
        secretsProvider: request.secretsProvider,
    });
    const backend = await requireBackend(workspace);
    requirePassphraseIfNeeded(facts, backend, request.secretsProvider, ctx.env);
    const stack = CREATING_MODES.includes(request.mode) ? await Stack.createOrSelect(request.stack, workspace) : await Stack.select(request.stack, workspace);

    const { result } = await withRetry(
        () => {
            state.newAttempt();
            return runMode(request, facts, stack, ctx, state);
        },
        isConcurrentUpdate,
        {
            retries: request.retries,
            baseDelayMs: request.retryDelaySeconds * 1000,
            maxDelayMs: 5 * 60 * 1000,
            sleep: ctx.sleep,
            onRetry: (attempt, delayMs) =>
                ctx.stderr(`another update holds stack "${request.stack}"; retry ${attempt}/${request.retries} in ${(delayMs / 1000).toFixed(1)} s\n`),
        },
    );
    return result;
}

async function runMode(request: DeployRequest, facts: StackFacts, stack: Stack, ctx: DeployContext, state: RunState): Promise<Outcome> {
    const stream = { onOutput: ctx.stdout, onError: ctx.stderr };
    const policy = { policyPacks: [facts.policyPack], policyPackConfigs: facts.policyConfig ? [facts.policyConfig.file] : [] };
    const message = request.message;
    switch (request.mode) {
        case "preview":
            await stack.preview({ ...stream, ...policy, message, onEvent: state.track().handle });
            return ok();
        case "up": {
            const result = await stack.up({ ...stream, ...policy, message, showSecrets: false, onEvent: state.track().handle });
            state.outputs = maskOutputs(result.outputs, state.redactor);
            return ok();
        }
        case "refresh":
            await stack.refresh({ ...stream, message, showSecrets: false, onEvent: state.track().handle });
            return ok();
        case "destroy":
            await stack.destroy({ ...stream, message, showSecrets: false, onEvent: state.track().handle });
            return ok();
        case "drift":
            return detectDrift(stack, policy, stream, state);
        case "outputs": {
            state.outputs = maskOutputs(await stack.outputs(), state.redactor);
            ctx.stdout(JSON.stringify(state.outputs, null, 2) + "\n");
            return ok();
        }
    }
}

function ok(): Outcome {
    return { reason: "ok", message: EXIT_DESCRIPTIONS.ok };
}

type Stream = { onOutput: (s: string) => void; onError: (s: string) => void };
type PolicyOptions = { policyPacks: string[]; policyPackConfigs: string[] };

/**
 * Two questions, kept apart so the report says which: has the cloud moved away from the state
 * (refresh preview), and does the program differ from the state (preview, with the policy pack)?
 */
async function detectDrift(stack: Stack, policy: PolicyOptions, stream: Stream, state: RunState): Promise<Outcome> {
    const refresh = await expectNoChanges(state, (onEvent) => stack.previewRefresh({ ...stream, expectNoChanges: true, onEvent }));
    state.drift = { refresh };
    const program = await expectNoChanges(state, (onEvent) => stack.preview({ ...stream, ...policy, expectNoChanges: true, onEvent }));
    state.drift.program = program;
    const drifted = [refresh.drifted && "the cloud differs from the state", program.drifted && "the program differs from the state"].filter(Boolean);
    return drifted.length > 0 ? { reason: "drift", message: `drift: ${drifted.join("; ")}` } : { reason: "ok", message: "no drift" };
}

/** Runs an `--expect-no-changes` operation; changes are a result, any other failure is rethrown. */
async function expectNoChanges(state: RunState, run: (onEvent: EngineEventCollector["handle"]) => Promise<unknown>): Promise<ChangeReport & { drifted: boolean }> {
    const events = state.track();
    try {
        await run(events.handle);
        return { ...changeReport([events]), drifted: false };
    } catch (err) {
        if (isConcurrentUpdate(err) || isPolicyFailure(err, events) || !isExpectationNotMet(err)) throw err;
        return { ...changeReport([events]), drifted: true };
    }
}

/**
 * One operation: the engine's own totals. Several (drift runs two previews): a resource both report
 * is one changed resource, so the steps are merged by URN and counted once.
 */
function changeReport(collectors: EngineEventCollector[]): ChangeReport {
    if (collectors.length === 1) return { changes: collectors[0].changeTotals(), changesByType: collectors[0].changesByType() };
    const merged = new Map<string, Step>();
    for (const c of collectors) for (const [urn, step] of c.changedSteps()) merged.set(urn, step);
    return { changes: totalsOf(merged.values()), changesByType: byType(merged.values()) };
}

function buildSummary(request: DeployRequest, facts: StackFacts, state: RunState, outcome: Outcome, started: Date): DeploySummary {
    return {
        mode: request.mode,
        stack: request.stack,
        project: facts.project,
        environment: facts.environment ?? null,
        result: outcome.reason,
        exitCode: EXIT[outcome.reason],
        message: outcome.reason === "ok" ? null : state.redactor.redact(outcome.message),
        startedAt: started.toISOString(),
        durationSeconds: Math.round((Date.now() - started.getTime()) / 100) / 10,
        attempts: state.attempts,
        policyPack: POLICY_MODES.includes(request.mode) && facts.policyConfig ? { path: facts.policyPack, config: facts.policyConfig.file, configSource: facts.policyConfig.source } : null,
        ...changeReport(state.collectors),
        policyViolations: state.collectors.flatMap((c) => c.violations),
        ...(state.drift ? { drift: state.drift } : {}),
        ...(state.outputs ? { outputs: state.outputs } : {}),
    };
}

function report(summary: DeploySummary, state: RunState, ctx: DeployContext): void {
    const what = `${summary.mode} of stack "${summary.stack}"`;
    if (Object.keys(summary.changesByType).length > 0) ctx.stdout(`\nChanges by type (${what}):\n${formatChangeTable(summary)}\n`);
    else if (state.collectors.length > 0 && summary.result === "ok") ctx.stdout(`\nNo changes (${what}).\n`);
    for (const v of summary.policyViolations) {
        ctx.stdout(`  [${v.level}] ${v.pack}/${v.policy}${v.urn ? ` ${v.urn}` : ""}: ${state.redactor.redact(v.message)}\n`);
    }
    const line = `deploy ${summary.mode} --stack ${summary.stack}: ${summary.result} (exit ${summary.exitCode})`;
    if (summary.result === "ok") ctx.stdout(`${line}\n`);
    else ctx.stderr(`${line}\n${summary.message ?? ""}\n`);
}

function definedEnv(env: NodeJS.ProcessEnv): Record<string, string> {
    return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}
