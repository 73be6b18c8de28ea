/**
 * Reads Pulumi.yaml and Pulumi.<stack>.yaml the way the CLI would hand them to the program:
 * project-level defaults first, then the stack's values, objects JSON-encoded.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

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

/** Pulumi.yaml, parsed. */
export function readProjectFile(dir = PROJECT_DIR): { name: string; config?: Record<string, unknown> } {
    return parse(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8"));
}

/** Pulumi.<stack>.yaml, parsed; undefined when the stack has no file (yet). */
export function readStackFile(stack: string, dir = PROJECT_DIR): Record<string, any> | undefined {
    const stackPath = path.join(dir, `Pulumi.${stack}.yaml`);
    return fs.existsSync(stackPath) ? (parse(fs.readFileSync(stackPath, "utf8")) ?? {}) : undefined;
}

export function loadStackConfig(stack: string, overrides: Record<string, unknown> = {}, dir = PROJECT_DIR): StackConfig {
    const projectFile = readProjectFile(dir);
    const stackFile = readStackFile(stack, dir);
    if (!stackFile) throw new Error(`no stack file Pulumi.${stack}.yaml; stacks here: ${listStacks(dir).join(", ")}`);
    const project: string = projectFile.name;
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
