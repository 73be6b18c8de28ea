/**
 * The Kubernetes API's own schemas at the cluster's version (schemas/kubernetes/), made strict the
 * way kubeconform's -strict is: an object with declared properties admits no others. The API
 * server rejects (fieldValidation=Strict) or drops unknown fields; either way the setting is lost.
 */
import * as fs from "fs";
import * as path from "path";
import type { ValidateFunction } from "ajv";
import { readManifest, SCHEMAS_DIR } from "../../../scripts/refresh-schemas";
import { ajv } from "./ajv";
import { mapSchema, type Schema } from "./walk";

const ID = "kubernetes";

function strict(s: Schema, branch: boolean): Schema {
    return s.properties && s.additionalProperties === undefined && !branch ? { ...s, additionalProperties: false } : s;
}

interface Loaded {
    version: string;
    definitions: Record<string, Schema>;
    /** "apiVersion/Kind" (core: "v1/Namespace") to definition name. */
    byKind: Map<string, string>;
}

let loaded: Loaded | undefined;

export function kubernetesSchemas(): Loaded {
    if (loaded) return loaded;
    const { kubernetes } = readManifest();
    const file = JSON.parse(fs.readFileSync(path.join(SCHEMAS_DIR, kubernetes.out), "utf8")) as { definitions: Record<string, Schema> };
    const definitions = Object.fromEntries(Object.entries(file.definitions).map(([k, v]) => [k, mapSchema(v, strict)]));
    const byKind = new Map<string, string>();
    for (const [name, def] of Object.entries(definitions)) {
        for (const gvk of def["x-kubernetes-group-version-kind"] ?? []) {
            byKind.set(`${gvk.group ? `${gvk.group}/` : ""}${gvk.version}/${gvk.kind}`, name);
        }
    }
    ajv.addSchema({ $id: ID, definitions }, ID);
    loaded = { version: kubernetes.version, definitions, byKind };
    return loaded;
}

const compiled = new Map<string, ValidateFunction>();

/** The validator of one definition, e.g. "io.k8s.api.core.v1.ResourceRequirements". */
export function definitionValidator(name: string): ValidateFunction {
    const { definitions } = kubernetesSchemas();
    if (!definitions[name]) throw new Error(`no definition ${name} in Kubernetes ${kubernetesSchemas().version}`);
    let v = compiled.get(name);
    if (!v) {
        v = ajv.compile({ $ref: `${ID}#/definitions/${name}` });
        compiled.set(name, v);
    }
    return v;
}

export function ref(name: string): Schema {
    return { $ref: `${ID}#/definitions/${name}` };
}

/** The definition name of a built-in kind, or undefined when the API has no such kind. */
export function builtinKind(apiVersion: string, kind: string): string | undefined {
    return kubernetesSchemas().byKind.get(`${apiVersion}/${kind}`);
}
