/**
 * CRD schemas of the pinned charts (schemas/crds/), turned into JSON Schema with the API server's
 * structural-schema rules: unknown fields are pruned unless x-kubernetes-preserve-unknown-fields,
 * so they are errors here; x-kubernetes-int-or-string admits both; nullable admits null;
 * metadata is the API's ObjectMeta. CEL rules (x-kubernetes-validations) are not evaluated.
 */
import * as fs from "fs";
import * as path from "path";
import type { ValidateFunction } from "ajv";
import { readManifest, SCHEMAS_DIR, type CrdVersionSchema } from "../../../scripts/refresh-schemas";
import { ajv } from "./ajv";
import { kubernetesSchemas, ref } from "./kubernetes";
import { mapSchema, shareRepeated, type Schema } from "./walk";

function structural(s: Schema, branch: boolean): Schema {
    let out: Schema = { ...s };
    if (out["x-kubernetes-int-or-string"]) {
        delete out.type;
        out = { ...out, anyOf: [{ type: "integer" }, { type: "string" }] };
    }
    if (out.nullable && typeof out.type === "string") out.type = [out.type, "null"];
    if (out["x-kubernetes-embedded-resource"]) {
        out.properties = { apiVersion: { type: "string" }, kind: { type: "string" }, metadata: { type: "object" }, ...out.properties };
    }
    const isObject = out.type === "object" || (Array.isArray(out.type) && out.type.includes("object"));
    if (isObject && !branch && out.additionalProperties === undefined && !out["x-kubernetes-preserve-unknown-fields"]) {
        out.additionalProperties = false;
    }
    return out;
}

function rootSchema(crd: CrdVersionSchema): Schema {
    const converted = mapSchema(crd.schema, structural);
    return {
        ...converted,
        required: [...new Set([...(converted.required ?? []), "apiVersion", "kind"])],
        properties: {
            ...converted.properties,
            apiVersion: { const: `${crd.group}/${crd.version}` },
            kind: { const: crd.kind },
            metadata: ref("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"),
        },
    };
}

interface CrdBundle {
    project: string;
    version: string;
    crds: Map<string, CrdVersionSchema>;
}

let bundles: Map<string, CrdBundle> | undefined;

/** Every CRD the pinned charts ship, by project ("istio", "kserve", ...). */
export function crdBundles(): Map<string, CrdBundle> {
    if (bundles) return bundles;
    bundles = new Map();
    for (const entry of readManifest().crds) {
        const file = JSON.parse(fs.readFileSync(path.join(SCHEMAS_DIR, entry.out), "utf8")) as { crds: CrdVersionSchema[] };
        const crds = new Map(file.crds.map((c) => [`${c.group}/${c.version}/${c.kind}`, c]));
        bundles.set(entry.project, { project: entry.project, version: entry.version, crds });
    }
    return bundles;
}

const compiled = new Map<string, ValidateFunction>();

/** The validator of a custom resource kind ("security.istio.io/v1/AuthorizationPolicy") in a project's CRDs. */
export function crdValidator(project: string, apiVersionKind: string): ValidateFunction {
    const key = `${project}:${apiVersionKind}`;
    let v = compiled.get(key);
    if (v) return v;
    const crd = crdBundles().get(project)?.crds.get(apiVersionKind);
    if (!crd) throw new Error(`no CRD for ${apiVersionKind} in ${project}'s schemas`);
    kubernetesSchemas();
    v = ajv.compile(shareRepeated(rootSchema(crd)));
    compiled.set(key, v);
    return v;
}
