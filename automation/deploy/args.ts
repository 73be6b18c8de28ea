/**
 * The command line of `npm run deploy`: one mode, one stack, and the guards' flags.
 */
import { parseArgs } from "util";
import { EXIT, EXIT_DESCRIPTIONS, type ExitReason } from "./exitCodes";

export const MODES = ["preview", "up", "refresh", "destroy", "drift", "outputs"] as const;
export type Mode = (typeof MODES)[number];

/** Environment variable that approves `up` (and `refresh`) on production, for CI jobs behind a reviewed environment. */
export const APPROVE_ENV = "PLATFORM_APPROVE_PRODUCTION";

export interface DeployRequest {
    mode: Mode;
    stack: string;
    approveProduction: boolean;
    /** The second, separately named flag `destroy` on production needs; never read from the environment. */
    confirmProductionDestroy: boolean;
    /** Where the JSON summary goes; undefined means the default under deploy-reports/. */
    jsonFile?: string;
    /** Only used when the stack does not exist yet and `preview` or `up` creates it. */
    secretsProvider?: string;
    message?: string;
    retries: number;
    retryDelaySeconds: number;
}

export type ParsedArgs = { kind: "request"; request: DeployRequest } | { kind: "help" } | { kind: "error"; message: string };

const MODE_HELP: Record<Mode, string> = {
    preview: "preview the stack with the policy pack",
    up: "deploy the stack with the policy pack (production needs approval)",
    refresh: "refresh the state from the cloud (production needs approval)",
    destroy: "destroy the stack's resources (production also needs --confirm-production-destroy)",
    drift: "check for drift: refresh preview and program preview, both with --expect-no-changes",
    outputs: "print the stack outputs, secrets masked",
};

export function usage(): string {
    const modes = MODES.map((m) => `  ${m.padEnd(9)} ${MODE_HELP[m]}`).join("\n");
    const codes = (Object.keys(EXIT) as ExitReason[]).map((r) => `  ${String(EXIT[r]).padStart(3)}  ${EXIT_DESCRIPTIONS[r]}`).join("\n");
    return `usage: npm run deploy -- <${MODES.join("|")}> --stack <name> [options]

Modes:
${modes}

Options:
  --stack <name>                 stack name (staging, production, or org/project/stack)
  --approve-production           approve up/refresh/destroy on a production stack (or ${APPROVE_ENV}=true)
  --confirm-production-destroy   also required to destroy a production stack (flag only, no variable)
  --json <file>                  JSON summary (default deploy-reports/<stack>-<mode>.json)
  --secrets-provider <url>       secrets provider when the stack is created (passphrase, awskms://, gcpkms://, azurekeyvault://)
  --message <text>               update message recorded in the stack history
  --retries <n>                  retries when another update holds the stack (default 3)
  --retry-delay <seconds>        first backoff delay, doubled on every retry (default 10)
  --help                         this text

Environment: PULUMI_BACKEND_URL, PULUMI_ACCESS_TOKEN, PULUMI_CONFIG_PASSPHRASE(_FILE) are passed to the CLI.

Exit codes:
${codes}`;
}

export function parseDeployArgs(argv: string[], env: NodeJS.ProcessEnv): ParsedArgs {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            allowPositionals: true,
            options: {
                stack: { type: "string" },
                "approve-production": { type: "boolean" },
                "confirm-production-destroy": { type: "boolean" },
                json: { type: "string" },
                "secrets-provider": { type: "string" },
                message: { type: "string" },
                retries: { type: "string" },
                "retry-delay": { type: "string" },
                help: { type: "boolean" },
            },
        });
    } catch (err) {
        return { kind: "error", message: (err as Error).message };
    }
    const { values, positionals } = parsed;
    if (values.help) return { kind: "help" };
    if (positionals.length !== 1) return { kind: "error", message: `expected exactly one mode, got ${positionals.length === 0 ? "none" : positionals.join(" ")}` };
    const mode = positionals[0];
    if (!isMode(mode)) return { kind: "error", message: `unknown mode "${mode}"` };
    if (!values.stack) return { kind: "error", message: "--stack is required" };
    const retries = nonNegativeNumber(values.retries ?? "3", "--retries");
    const retryDelay = nonNegativeNumber(values["retry-delay"] ?? "10", "--retry-delay");
    if (typeof retries === "string") return { kind: "error", message: retries };
    if (typeof retryDelay === "string") return { kind: "error", message: retryDelay };
    return {
        kind: "request",
        request: {
            mode,
            stack: values.stack,
            approveProduction: values["approve-production"] === true || isTruthy(env[APPROVE_ENV]),
            confirmProductionDestroy: values["confirm-production-destroy"] === true,
            jsonFile: values.json,
            secretsProvider: values["secrets-provider"],
            message: values.message,
            retries: Math.floor(retries),
            retryDelaySeconds: retryDelay,
        },
    };
}

function isMode(value: string): value is Mode {
    return (MODES as readonly string[]).includes(value);
}

function isTruthy(value: string | undefined): boolean {
    return value !== undefined && ["true", "1", "yes"].includes(value.trim().toLowerCase());
}

/** The number, or an error message. */
function nonNegativeNumber(text: string, flag: string): number | string {
    const n = Number(text);
    return Number.isFinite(n) && n >= 0 ? n : `${flag} must be a number >= 0, got "${text}"`;
}
