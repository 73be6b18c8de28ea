/**
 * Reads every key of the project's config namespace once, validates it against the schema and
 * returns a PlatformSpec, or throws one ConfigError that lists every problem. Nothing else in
 * the program reads pulumi.Config.
 */
import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { CLOUDS, ENVIRONMENTS, type Cloud, type Environment } from "./environment";
import { requireCloudSection } from "./crossFieldRules";
import { derivedNameProblems } from "./derivedNames";
import { gcpRanges } from "./clouds/gcpRanges";
import { configSchema, type ParsedConfig } from "./schema";
import type { PlatformSpec } from "./spec";

export const CONFIG_NAMESPACE = "ml-platform";

/** Keys whose values are plain strings; every other value is JSON (numbers, booleans, objects). */
const STRING_KEYS = new Set(["cloud", "environment", "owner", "costCenter", "kubernetesVersion"]);

/** A RunError, so a real `pulumi preview` prints just this message: no stack trace, no "unhandled exception" wrapper. */
export class ConfigError extends pulumi.RunError {
    constructor(
        readonly stackName: string,
        readonly problems: readonly string[],
    ) {
        super(
            `Invalid configuration for stack "${stackName}" (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
                problems.map((p) => `  - ${p}`).join("\n"),
        );
        this.name = "ConfigError";
    }
}

export interface RawConfig {
    values: Record<string, unknown>;
    /** Keys set with `pulumi config set --secret`: their values never appear in error messages. */
    secretKeys: ReadonlySet<string>;
}

export function readRawConfig(): RawConfig {
    return rawConfigFrom(pulumi.runtime.allConfig(), isConfigSecret);
}

/** The project's keys of a full config map ("ml-platform:cloud" to text), read as the program reads them. */
export function rawConfigFrom(all: Record<string, string>, isSecret: (fullKey: string) => boolean = () => false): RawConfig {
    const values: Record<string, unknown> = {};
    const secretKeys = new Set<string>();
    const prefix = `${CONFIG_NAMESPACE}:`;
    for (const [fullKey, text] of Object.entries(all)) {
        if (!fullKey.startsWith(prefix)) continue;
        const key = fullKey.slice(prefix.length);
        values[key] = STRING_KEYS.has(key) ? text : parseJsonOrString(text);
        if (isSecret(fullKey)) secretKeys.add(key);
    }
    return { values, secretKeys };
}

/** `isConfigSecret` is exported by the runtime but marked internal; if it ever disappears, treat every key as secret. */
function isConfigSecret(fullKey: string): boolean {
    const fn = (pulumi.runtime as { isConfigSecret?: (k: string) => boolean }).isConfigSecret;
    return fn ? fn(fullKey) : true;
}

function parseJsonOrString(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

/**
 * Values that must be set as secrets. Pulumi marks a whole top-level key secret when any value
 * under it is `secure:` (`pulumi config set --secret --path`), so secretness is known per key.
 */
const SECRET_PATHS: readonly (readonly string[])[] = [
    ["platform", "alerting", "slackWebhookUrl"],
    ["platform", "alerting", "pagerDutyRoutingKey"],
];

/**
 * A secret value must be given as a secret, and a secret only where one belongs (a `secure:`
 * costCenter would flow into tags in plain text). The messages name keys only, never values.
 */
function secretPlacementProblems(raw: RawConfig): string[] {
    const present = SECRET_PATHS.filter((p) => valueAt(raw.values, p) !== undefined);
    const plaintext = present
        .filter((p) => !raw.secretKeys.has(p[0]))
        .map((p) => `${CONFIG_NAMESPACE}:${p.join(".")}: must be a secret; set it with pulumi config set --secret --path '${CONFIG_NAMESPACE}:${p.join(".")}' (a plaintext value is refused and not shown)`);
    const misplaced = [...raw.secretKeys].filter((key) => !present.some((p) => p[0] === key)).map((key) => `${CONFIG_NAMESPACE}:${key}: ${misplacedSecretAdvice(key)}`);
    return [...plaintext, ...misplaced];
}

/** What to do about a secret key that holds no secret the program takes. */
function misplacedSecretAdvice(key: string): string {
    const paths = SECRET_PATHS.map((p) => p.join("."));
    // `pulumi config set --secret` without --path makes one flat key named like the path.
    if (paths.includes(key)) return `a flat key named like the path; set it with pulumi config set --secret --path '${CONFIG_NAMESPACE}:${key}' so it lands under ${key.split(".")[0]}`;
    const under = paths.filter((p) => p.startsWith(`${key}.`));
    if (under.length > 0) return `given as a secret (secure:), but none of the keys that take a secret under it is set (${under.join(", ")}); check their spelling`;
    return "given as a secret (secure:), but it holds no secret value and would be used in plain text; set it without --secret";
}

function isSecretPath(path: readonly string[]): boolean {
    return SECRET_PATHS.some((p) => p.every((k, i) => path[i] === k));
}

/**
 * A key given as a secret where no secret belongs is refused (secretPlacementProblems); its value
 * never reaches the schema or a rule, so no message can quote it ("AKS does not offer Kubernetes
 * <the secret>"): the schema sees this stand-in instead.
 */
const REDACTED = "[secret]";

function misplacedSecretKeys(raw: RawConfig): string[] {
    return [...raw.secretKeys].filter((key) => !SECRET_PATHS.some((p) => p[0] === key && valueAt(raw.values, p) !== undefined));
}

function withoutMisplacedSecrets(raw: RawConfig, misplaced: readonly string[]): RawConfig {
    if (misplaced.length === 0) return raw;
    return { ...raw, values: { ...raw.values, ...Object.fromEntries(misplaced.map((key) => [key, REDACTED])) } };
}

export function parsePlatformConfig(given: RawConfig, project: string, stack: string): PlatformSpec {
    const misplaced = misplacedSecretKeys(given);
    const raw = withoutMisplacedSecrets(given, misplaced);
    const env = raw.values.environment;
    const environment: Environment = ENVIRONMENTS.includes(env as Environment) ? (env as Environment) : "staging";
    const result = configSchema(environment).safeParse(raw.values);
    const cloud = raw.values.cloud as Cloud;
    const nameProblems = [...secretPlacementProblems(given), ...(CLOUDS.includes(cloud) ? derivedNameProblems(cloud, project, stack) : [])];
    if (!result.success) {
        // A misplaced secret gets its placement message only: whatever else its stand-in breaks says nothing.
        const issues = result.error.issues
            .map((issue) => (issue.code === "unrecognized_keys" && issue.path.length === 0 ? { ...issue, keys: issue.keys.filter((k) => !misplaced.includes(k)) } : issue))
            .filter((issue) => !misplaced.includes(String(issue.path[0])) && !(issue.code === "unrecognized_keys" && issue.keys.length === 0));
        const problems = issues.map((issue) => describeIssue(issue, raw));
        throw new ConfigError(stack, [...new Set([...problems, ...missingCloudSection(raw.values), ...nameProblems])]);
    }
    if (nameProblems.length > 0) throw new ConfigError(stack, nameProblems);
    return toSpec(result.data, project, stack);
}

export function loadPlatformSpec(): PlatformSpec {
    return parsePlatformConfig(readRawConfig(), pulumi.getProject(), pulumi.getStack());
}

/** The cloud-section rule, on the raw values: the most common mistake, listed with the field errors. */
function missingCloudSection(values: Record<string, unknown>): string[] {
    if (!CLOUDS.includes(values.cloud as Cloud)) return [];
    const problem = requireCloudSection(values as Parameters<typeof requireCloudSection>[0]);
    return problem ? [`${CONFIG_NAMESPACE}:${problem.path.join(".")}: ${problem.message}`] : [];
}

function describeIssue(issue: z.core.$ZodIssue, raw: RawConfig): string {
    const path = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
        const advice = (k: string) =>
            path.length === 0 && k.includes(".")
                ? `unknown key: a flat key named like a path; set it with pulumi config set --path '${CONFIG_NAMESPACE}:${k}' so it nests under ${k.split(".")[0]}`
                : "unknown key (check the spelling; see the config reference in README.md)";
        return issue.keys.map((k) => `${CONFIG_NAMESPACE}:${[...path, k].join(".")}: ${advice(k)}`).join("\n  - ");
    }
    const blamed = blameGivenKey(issue, raw);
    if (blamed) return describeIssue(blamed, raw);
    const where = `${CONFIG_NAMESPACE}:${path.length > 0 ? path.join(".") : "(root)"}`;
    const value = valueAt(raw.values, issue.path);
    // A rule that refuses a key's default says that the key is not set, so the user knows what to add.
    const missing =
        value !== undefined || path.length === 0 || issue.message.startsWith("required") ? "" : issue.code === "invalid_type" ? " (missing)" : " (not set, and its default does not fit)";
    return `${where}: ${issue.message}${missing}${shownValue(value, path, raw.secretKeys)}`;
}

/**
 * A rule between two keys names the one the stack file set: an issue whose key the file left to
 * its default carries, in `params.whenDefault`, the same problem said of the other key.
 */
function blameGivenKey(issue: z.core.$ZodIssue, raw: RawConfig): z.core.$ZodIssue | undefined {
    const other = (issue as { params?: { whenDefault?: { path: PropertyKey[]; message: string } } }).params?.whenDefault;
    if (!other || valueAt(raw.values, issue.path) !== undefined) return undefined;
    const path = [...issue.path.slice(0, -1), ...other.path];
    return valueAt(raw.values, path) === undefined ? undefined : { ...issue, path, message: other.message, params: undefined } as z.core.$ZodIssue;
}

/**
 * What the stack file set at the issue's path, never zod's `input`: for a rule over an object or the
 * whole config that input is the resolved config, which would bury the message (and could hold a secret).
 */
function valueAt(values: Record<string, unknown>, path: readonly PropertyKey[]): unknown {
    let current: unknown = values;
    for (const key of path) {
        if (typeof current !== "object" || current === null) return undefined;
        current = (current as Record<PropertyKey, unknown>)[key];
    }
    return current;
}

/** A scalar the user wrote, echoed so the error shows the typo; objects, arrays and secrets are not. */
function shownValue(value: unknown, path: readonly string[], secretKeys: ReadonlySet<string>): string {
    if (path.length === 0 || secretKeys.has(path[0]) || isSecretPath(path)) return "";
    const scalar = typeof value === "string" || typeof value === "number" || typeof value === "boolean";
    return scalar ? ` (got ${JSON.stringify(value)})` : "";
}

function toSpec(c: ParsedConfig, project: string, stack: string): PlatformSpec {
    const { aws, gcp, azure, ...common } = c;
    const identity = {
        project,
        stack,
        tags: {
            project,
            stack,
            environment: c.environment,
            owner: c.owner,
            "cost-center": c.costCenter,
            "managed-by": "pulumi",
        },
    };
    // The schema's refinement guarantees the selected cloud's section is present.
    switch (c.cloud) {
        case "aws":
            return { ...common, ...identity, cloud: "aws", aws: aws! };
        case "gcp":
            return { ...common, ...identity, cloud: "gcp", gcp: { ...gcp!, ...gcpRanges({ ...c.network, ...gcp! }) } };
        case "azure":
            return { ...common, ...identity, cloud: "azure", azure: azure! };
    }
}
