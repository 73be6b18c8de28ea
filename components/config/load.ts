/**
 * Reads every key of the project's config namespace once, validates it against the schema and
 * returns a PlatformSpec, or throws one ConfigError that lists every problem. Nothing else in
 * the program reads pulumi.Config.
 */
import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { CLOUDS, ENVIRONMENTS, type Cloud, type Environment } from "./environment";
import { requireCloudSection } from "./crossFieldRules";
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
    const values: Record<string, unknown> = {};
    const secretKeys = new Set<string>();
    const prefix = `${CONFIG_NAMESPACE}:`;
    for (const [fullKey, text] of Object.entries(pulumi.runtime.allConfig())) {
        if (!fullKey.startsWith(prefix)) continue;
        const key = fullKey.slice(prefix.length);
        values[key] = STRING_KEYS.has(key) ? text : parseJsonOrString(text);
        if (isConfigSecret(fullKey)) secretKeys.add(key);
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

export function parsePlatformConfig(raw: RawConfig, project: string, stack: string): PlatformSpec {
    const env = raw.values.environment;
    const environment: Environment = ENVIRONMENTS.includes(env as Environment) ? (env as Environment) : "staging";
    const result = configSchema(environment).safeParse(raw.values);
    if (!result.success) {
        const problems = result.error.issues.map((issue) => describeIssue(issue, raw));
        throw new ConfigError(stack, [...new Set([...problems, ...missingCloudSection(raw.values)])]);
    }
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
        return issue.keys
            .map((k) => `${CONFIG_NAMESPACE}:${[...path, k].join(".")}: unknown key (check the spelling; see the config reference in README.md)`)
            .join("\n  - ");
    }
    const where = `${CONFIG_NAMESPACE}:${path.length > 0 ? path.join(".") : "(root)"}`;
    const value = valueAt(raw.values, issue.path);
    const missing = value === undefined && issue.code === "invalid_type" ? " (missing)" : "";
    return `${where}: ${issue.message}${missing}${shownValue(value, path, raw.secretKeys)}`;
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
    if (path.length === 0 || secretKeys.has(path[0])) return "";
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
            return { ...common, ...identity, cloud: "gcp", gcp: gcp! };
        case "azure":
            return { ...common, ...identity, cloud: "azure", azure: azure! };
    }
}
