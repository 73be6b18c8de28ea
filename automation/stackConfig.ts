/**
 * Reads Pulumi.yaml and Pulumi.<stack>.yaml the way the CLI would hand them to the program:
 * project-level defaults first, then the stack's values, objects JSON-encoded.
 */
import * as fs from "fs";
import * as path from "path";
import { parse, YAMLParseError } from "yaml";

/** The folder holding Pulumi.yaml: the repository root, from the sources or from the compiled bin/. */
export const PROJECT_DIR = findProjectDir(__dirname);

function findProjectDir(start: string): string {
    for (let dir = start; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
        if (path.dirname(dir) === dir) return path.resolve(start, "..");
    }
}

export interface StackConfig {
    project: string;
    stack: string;
    config: Record<string, string>;
    /** Keys whose stack value is `secure:` ciphertext. */
    secretKeys: string[];
}

/** Offline there is no secrets provider to decrypt `secure:` values; they plan with this stand-in. */
export const OFFLINE_SECRET_PLACEHOLDER = "offline-plan-placeholder-secret";

export function listStacks(dir = PROJECT_DIR): string[] {
    return fs
        .readdirSync(dir)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/** A stack name with no Pulumi.<stack>.yaml: a usage error, answered with the stacks there are. */
export class UnknownStackError extends Error {
    constructor(
        readonly stack: string,
        readonly known: readonly string[],
    ) {
        super(`unknown stack "${stack}": there is no Pulumi.${stack}.yaml; stacks here: ${known.join(", ") || "none"}`);
        this.name = "UnknownStackError";
    }
}

/** A project or stack file that is not valid YAML, located by file and line. */
export class StackFileSyntaxError extends Error {
    constructor(
        readonly file: string,
        readonly line: number,
        readonly column: number,
        reason: string,
    ) {
        super(`${file}:${line}:${column}: YAML syntax error: ${reason}`);
        this.name = "StackFileSyntaxError";
    }
}

/**
 * A stack file that is YAML but not shaped as Pulumi reads it: not a mapping, a `config:` that is
 * not a mapping, a key outside `config:`, or a key under a namespace nothing reads (a misspelt
 * project name). Pulumi would ignore such input silently; it is refused as invalid config.
 */
export class StackFileStructureError extends Error {
    constructor(
        readonly file: string,
        readonly problems: readonly string[],
    ) {
        super(`${file}: ${problems.length === 1 ? problems[0] : problems.map((p) => `\n  - ${p}`).join("")}`);
        this.name = "StackFileStructureError";
    }
}

/** Top-level keys a Pulumi stack file may hold (https://www.pulumi.com/docs/iac/concepts/projects/stack-settings-file/). */
const STACK_FILE_KEYS = new Set(["config", "secretsprovider", "encryptedkey", "encryptionsalt", "environment"]);
/** Config namespaces besides the project's: the providers this program uses, and Pulumi's own. */
const PROVIDER_NAMESPACES = new Set(["aws", "gcp", "azure-native", "kubernetes", "random", "pulumi"]);

function kind(value: unknown): string {
    if (Array.isArray(value)) return "a list";
    return value === null ? "empty" : typeof value === "object" ? "a mapping" : `a ${typeof value}`;
}

function isMapping(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function structureProblems(parsed: unknown, project: string): string[] {
    if (!isMapping(parsed)) return [`expected a mapping with a config: section, got ${kind(parsed)}`];
    const problems: string[] = [];
    for (const key of Object.keys(parsed)) {
        if (STACK_FILE_KEYS.has(key)) continue;
        problems.push(
            key.includes(":")
                ? `"${key}" is outside config: (indent it under config: so it is read)`
                : `unknown top-level key "${key}" (a stack file holds ${[...STACK_FILE_KEYS].join(", ")})`,
        );
    }
    const config = parsed.config;
    if (config === undefined || config === null) return problems;
    if (!isMapping(config)) return [...problems, `config: must be a mapping of keys to values, got ${kind(config)}`];
    for (const key of Object.keys(config)) {
        // `owner:` with nothing after it is YAML null, which would reach the program as the text "null".
        if (config[key] === null) problems.push(`config key "${key}" has no value; give it one or remove the key`);
        const namespace = key.includes(":") ? key.slice(0, key.indexOf(":")) : project;
        if (namespace === project || PROVIDER_NAMESPACES.has(namespace)) continue;
        problems.push(`config key "${key}" is under the namespace "${namespace}", which nothing reads; the project's keys are "${project}:${key.slice(namespace.length + 1)}"`);
    }
    return problems;
}

function readYaml(dir: string, file: string): any {
    try {
        // Pulumi's reader (Go yaml.v3) accepts `<<:` merge keys; so does this one.
        return parse(fs.readFileSync(path.join(dir, file), "utf8"), { merge: true });
    } catch (err) {
        if (!(err instanceof YAMLParseError)) throw err;
        const [start] = err.linePos ?? [{ line: 0, col: 0 }];
        // The parser's first line is the reason; the rest is an excerpt of the file with a caret.
        const reason = err.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
        throw new StackFileSyntaxError(file, start.line, start.col, reason);
    }
}

/** Pulumi.yaml, parsed. */
export function readProjectFile(dir = PROJECT_DIR): { name: string; config?: Record<string, unknown> } {
    return readYaml(dir, "Pulumi.yaml");
}

/** Pulumi.<stack>.yaml, parsed; undefined when the stack has no file (yet). */
export function readStackFile(stack: string, dir = PROJECT_DIR): Record<string, any> | undefined {
    const file = `Pulumi.${stack}.yaml`;
    return fs.existsSync(path.join(dir, file)) ? (readYaml(dir, file) ?? {}) : undefined;
}

export function loadStackConfig(stack: string, overrides: Record<string, unknown> = {}, dir = PROJECT_DIR): StackConfig {
    const projectFile = readProjectFile(dir);
    const stackFile = readStackFile(stack, dir);
    if (!stackFile) throw new UnknownStackError(stack, listStacks(dir));
    const project: string = projectFile.name;
    const problems = structureProblems(stackFile, project);
    if (problems.length > 0) throw new StackFileStructureError(`Pulumi.${stack}.yaml`, problems);
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];

    for (const [key, decl] of Object.entries<any>(projectFile.config ?? {})) {
        const value = typeof decl === "object" && decl !== null && "default" in decl ? decl.default : decl;
        if (value !== undefined && (typeof decl !== "object" || "default" in decl)) config[qualify(project, key)] = encode(value);
    }
    const values: Record<string, unknown> = { ...(stackFile.config ?? {}) };
    // An override of `undefined` removes the key, as `pulumi config rm` would.
    for (const [key, value] of Object.entries(overrides)) values[qualify(project, key)] = value;
    for (const [key, value] of Object.entries(values)) {
        if (value === undefined) {
            delete config[qualify(project, key)];
            continue;
        }
        const fullKey = qualify(project, key);
        if (containsSecure(value)) {
            secretKeys.push(fullKey);
            config[fullKey] = encode(replaceSecure(value));
        } else {
            config[fullKey] = encode(value);
        }
    }
    return { project, stack, config, secretKeys };
}

function qualify(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

function encode(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

function isSecure(value: unknown): boolean {
    return typeof value === "object" && value !== null && Object.keys(value).length === 1 && "secure" in value;
}

function containsSecure(value: unknown): boolean {
    if (isSecure(value)) return true;
    return typeof value === "object" && value !== null && Object.values(value).some(containsSecure);
}

function replaceSecure(value: unknown): unknown {
    if (isSecure(value)) return OFFLINE_SECRET_PLACEHOLDER;
    if (Array.isArray(value)) return value.map(replaceSecure);
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceSecure(v)]));
    }
    return value;
}
