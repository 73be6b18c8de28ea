/**
 * Turns a failed operation into an exit reason and a message a person can act on.
 */
import type { EngineEventCollector } from "./events";
import type { ExitReason } from "./exitCodes";
import { StackFileStructureError, StackFileSyntaxError, UnknownStackError } from "../stackConfig";
import { RetriesExhaustedError } from "./retry";
import { automation } from "./sdk";

export interface Outcome {
    reason: ExitReason;
    message: string;
}

/** A missing tool or credential found before or during the run; always exits `prerequisite`. */
export class PrerequisiteError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PrerequisiteError";
    }
}

/** A problem with the stack's configuration found before the CLI runs; exits `invalidConfig`. */
export class StackConfigError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "StackConfigError";
    }
}

/** Exit codes of the CLI since 3.226.1 (older CLIs exit 255 for every error, so text is checked too). */
const CLI_EXIT = { policy: 5, expectationNotMet: 7 } as const;

export const BACKEND_HINT =
    "log in to a Pulumi backend: set PULUMI_ACCESS_TOKEN for Pulumi Cloud, or PULUMI_BACKEND_URL " +
    "(s3://…, gs://…, azblob://…, file://…) for a self-managed backend, or run `pulumi login`";

const CREDENTIAL_HINTS: { pattern: RegExp; hint: string }[] = [
    { pattern: /PULUMI_ACCESS_TOKEN must be set|not logged in|pulumi login/i, hint: BACKEND_HINT },
    { pattern: /passphrase must be set|incorrect passphrase|PULUMI_CONFIG_PASSPHRASE/i, hint: "set PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE for this stack's passphrase secrets provider" },
    {
        pattern: /no valid credential sources|NoCredentialProviders|failed to refresh cached credentials|ExpiredToken|InvalidClientTokenId|unable to get credentials/i,
        hint: "AWS credentials are missing or expired: in CI use aws-actions/configure-aws-credentials with OIDC (role-to-assume); locally set AWS_PROFILE or run `aws sso login`",
    },
    {
        pattern: /could not find default credentials|google: could not find|Application Default Credentials/i,
        hint: "GCP credentials are missing: in CI use google-github-actions/auth with workload identity federation; locally run `gcloud auth application-default login`",
    },
    {
        pattern: /DefaultAzureCredential|az login|AADSTS\d+|Azure CLI not found|ARM_CLIENT_ID/i,
        hint: "Azure credentials are missing: in CI use azure/login with OIDC and set ARM_USE_OIDC=true, ARM_CLIENT_ID, ARM_TENANT_ID, ARM_SUBSCRIPTION_ID; locally run `az login`",
    },
];

export function isConcurrentUpdate(err: unknown): boolean {
    return err instanceof automation().ConcurrentUpdateError;
}

/** The CLI's own exit status, when the error came from running it. */
export function cliExitCode(err: unknown): number | undefined {
    if (!(err instanceof automation().CommandError)) return undefined;
    const result = (err as unknown as { commandResult?: { err?: { exitCode?: unknown } } }).commandResult;
    const code = result?.err?.exitCode;
    return typeof code === "number" ? code : undefined;
}

export function errorText(err: unknown): string {
    return err instanceof Error ? err.message : String(err);
}

/** True when an `--expect-no-changes` run failed because there were changes. */
export function isExpectationNotMet(err: unknown): boolean {
    return cliExitCode(err) === CLI_EXIT.expectationNotMet || /no changes were expected/i.test(errorText(err));
}

export function isPolicyFailure(err: unknown, events: EngineEventCollector): boolean {
    return events.hasMandatoryViolation() || cliExitCode(err) === CLI_EXIT.policy;
}

export function classifyFailure(err: unknown, events: EngineEventCollector, stack: string): Outcome {
    if (err instanceof PrerequisiteError) return { reason: "prerequisite", message: err.message };
    if (err instanceof UnknownStackError) return { reason: "usage", message: err.message };
    if (err instanceof StackFileSyntaxError || err instanceof StackFileStructureError || err instanceof StackConfigError) return { reason: "invalidConfig", message: err.message };
    if (err instanceof RetriesExhaustedError) {
        return { reason: "conflict", message: `stack "${stack}" is locked by another update; still locked after ${err.attempts} attempt(s)` };
    }
    const text = errorText(err);
    if (isPolicyFailure(err, events)) {
        const names = [...new Set(events.violations.filter((v) => v.level === "mandatory").map((v) => v.policy))];
        return { reason: "policyViolation", message: `mandatory policy violation${names.length ? `: ${names.join(", ")}` : ""}` };
    }
    const configProblems = configErrorBlock(text);
    if (configProblems) return { reason: "invalidConfig", message: configProblems };
    if (err instanceof automation().StackNotFoundError) {
        return { reason: "failed", message: `stack "${stack}" does not exist in this backend; create it with \`npm run deploy -- preview --stack ${stack}\`` };
    }
    const credential = CREDENTIAL_HINTS.find(({ pattern }) => pattern.test(text));
    if (credential) return { reason: "prerequisite", message: `${credential.hint}\n${lastLines(text, 10)}` };
    return { reason: "failed", message: lastLines(text, 30) };
}

/**
 * The program's config error as it wrote it: the heading and its problem lines, once. The CLI's
 * output holds it in the Diagnostics section, and the Automation API's error repeats stdout and stderr
 * behind "code: … stdout: … stderr: …"; the first complete copy is all a person needs.
 */
export function configErrorBlock(text: string): string | undefined {
    const lines = text.split("\n");
    const start = lines.findIndex((l) => /Invalid configuration for stack "[^"]*" \(\d+ problems?\):/.test(l));
    if (start < 0) return undefined;
    const heading = lines[start].slice(lines[start].indexOf("Invalid configuration"));
    const problems: string[] = [];
    for (const line of lines.slice(start + 1)) {
        const problem = /^\s*- (ml-platform:.*)$/.exec(line);
        if (!problem) break;
        problems.push(`  - ${problem[1].trim()}`);
    }
    return [heading, ...problems].join("\n");
}

function lastLines(text: string, n: number): string {
    return text.trim().split("\n").slice(-n).join("\n");
}
