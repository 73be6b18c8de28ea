/**
 * Refreshes the upstream schemas the validation suite reads (schemas/, listed in schemas/manifest.json).
 * Needs network access to GitHub's raw file host, or local git copies of the upstream repositories.
 *
 *   npx ts-node --transpile-only scripts/refresh-schemas.ts
 *   npx ts-node --transpile-only scripts/refresh-schemas.ts --git-dir '/src/{owner}+{name}/repo'
 *
 * With --git-dir each source is read with `git show <ref>:<path>` from that git directory ({owner}
 * and {name} are filled in). After a chart bump in a component's values.ts (k8s/<component>/values.ts): change the ref and version in
 * schemas/manifest.json, run this, review the diff, run the tests.
 *
 * What it writes: the Kubernetes definitions and CRD schemas as JSON with their prose
 * descriptions dropped (size), chart values.yaml and values.schema.json verbatim.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { parseAllDocuments } from "yaml";

export interface SourceRef {
    repo: string;
    ref: string;
    path: string;
}

interface ChartEntry {
    version: string;
    values: SourceRef;
    schema?: SourceRef;
    subcharts?: Record<string, { version: string; values: SourceRef }>;
    /** Why the files are not in schemas/ yet (the values tests name such charts instead of validating them). */
    notVendored?: string;
}

export interface Manifest {
    kubernetes: { version: string; out: string; source: SourceRef };
    crds: { project: string; chart: string; version: string; out: string; sources: SourceRef[] }[];
    charts: Record<string, ChartEntry>;
}

/** One served version of one CRD, as the validators read it. */
export interface CrdVersionSchema {
    group: string;
    version: string;
    kind: string;
    scope: "Namespaced" | "Cluster";
    schema: Record<string, unknown>;
}

export const SCHEMAS_DIR = path.resolve(__dirname, "..", "schemas");

export function readManifest(): Manifest {
    return JSON.parse(fs.readFileSync(path.join(SCHEMAS_DIR, "manifest.json"), "utf8")) as Manifest;
}

export function chartDir(chart: string, version: string): string {
    return path.join("charts", `${chart}-${version}`);
}

type Reader = (src: SourceRef) => Promise<string>;

function httpReader(): Reader {
    return async (src) => {
        const url = `https://raw.githubusercontent.com/${src.repo}/${src.ref}/${src.path}`;
        const res = await fetch(url);
        if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
        return res.text();
    };
}

function gitReader(pattern: string): Reader {
    return async (src) => {
        const [owner, name] = src.repo.split("/");
        const gitDir = pattern.replace("{owner}", owner).replace("{name}", name);
        return execFileSync("git", [`--git-dir=${gitDir}`, "show", `${src.ref}:${src.path}`], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    };
}

/** Drops prose descriptions (string-valued `description` keys); a property named "description" stays. */
export function stripDescriptions(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(stripDescriptions);
    if (typeof value !== "object" || value === null) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
        if (k === "description" && typeof v === "string") continue;
        out[k] = stripDescriptions(v);
    }
    return out;
}

/**
 * Helm-templated CRD files (KEDA, prometheus-operator-crds) wrap the CRD in `{{ if }}` lines and
 * template a few labels: drop directive-only lines and blank out inline expressions.
 */
export function untemplate(text: string): string {
    return text
        .split("\n")
        .filter((line) => !/^\s*\{\{.*\}\}\s*$/.test(line))
        .map((line) => line.replace(/\{\{.*?\}\}/g, "templated"))
        .join("\n");
}

export function crdSchemas(text: string): CrdVersionSchema[] {
    const found: CrdVersionSchema[] = [];
    for (const doc of parseAllDocuments(untemplate(text))) {
        const crd = doc.toJS() as any;
        if (crd?.kind !== "CustomResourceDefinition") continue;
        for (const v of crd.spec.versions ?? []) {
            if (!v.served) continue;
            const schema = v.schema?.openAPIV3Schema;
            if (!schema) throw new Error(`CRD ${crd.metadata.name} ${v.name} has no openAPIV3Schema`);
            found.push({ group: crd.spec.group, version: v.name, kind: crd.spec.names.kind, scope: crd.spec.scope, schema: stripDescriptions(schema) as Record<string, unknown> });
        }
    }
    return found;
}

function write(rel: string, content: string): void {
    const file = path.join(SCHEMAS_DIR, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    console.log(`wrote schemas/${rel} (${content.length} bytes)`);
}

const json = (value: unknown) => JSON.stringify(value, null, 1) + "\n";

async function refresh(read: Reader): Promise<void> {
    const m = readManifest();
    const defs = JSON.parse(await read(m.kubernetes.source)) as { definitions: Record<string, unknown> };
    write(m.kubernetes.out, json({ source: m.kubernetes.source, definitions: stripDescriptions(defs.definitions) }));
    for (const entry of m.crds) {
        const crds: CrdVersionSchema[] = [];
        for (const src of entry.sources) crds.push(...crdSchemas(await read(src)));
        write(entry.out, json({ project: entry.project, version: entry.version, sources: entry.sources, crds }));
    }
    for (const [chart, entry] of Object.entries(m.charts)) {
        const dir = chartDir(chart, entry.version);
        write(path.join(dir, "values.yaml"), await read(entry.values));
        if (entry.schema) write(path.join(dir, "values.schema.json"), await read(entry.schema));
        for (const [sub, s] of Object.entries(entry.subcharts ?? {})) {
            write(path.join(dir, "charts", `${sub}-${s.version}`, "values.yaml"), await read(s.values));
        }
    }
}

if (require.main === module) {
    const { values } = parseArgs({ args: process.argv.slice(2), options: { "git-dir": { type: "string" } } });
    const reader = values["git-dir"] ? gitReader(values["git-dir"]) : httpReader();
    refresh(reader).catch((err) => {
        console.error(err instanceof Error ? err.message : err);
        process.exit(1);
    });
}
