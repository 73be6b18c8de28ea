import { createHash } from "crypto";

/** Rewrites a JSON schema bottom-up, visiting only schema positions (never a properties map's keys). */
export type Schema = Record<string, any>;

/** `branch` is true inside allOf/anyOf/oneOf/not, where a schema only adds constraints. */
export function mapSchema(schema: Schema, fn: (s: Schema, branch: boolean) => Schema, branch = false): Schema {
    const s: Schema = { ...schema };
    if (s.properties) s.properties = Object.fromEntries(Object.entries(s.properties as Record<string, Schema>).map(([k, v]) => [k, mapSchema(v, fn)]));
    if (s.definitions) s.definitions = Object.fromEntries(Object.entries(s.definitions as Record<string, Schema>).map(([k, v]) => [k, mapSchema(v, fn)]));
    if (typeof s.additionalProperties === "object") s.additionalProperties = mapSchema(s.additionalProperties, fn);
    if (s.items && !Array.isArray(s.items)) s.items = mapSchema(s.items, fn);
    for (const k of ["allOf", "anyOf", "oneOf"]) if (Array.isArray(s[k])) s[k] = s[k].map((b: Schema) => mapSchema(b, fn, true));
    if (s.not) s.not = mapSchema(s.not, fn, true);
    return fn(s, branch);
}

/** The schema positions directly under a schema, as [get, set] pairs (the same positions mapSchema visits). */
function children(s: Schema): [Schema, (v: Schema) => void][] {
    const out: [Schema, (v: Schema) => void][] = [];
    const mapOf = (m: Record<string, Schema>) => Object.keys(m).forEach((k) => out.push([m[k], (v) => (m[k] = v)]));
    if (s.properties) mapOf(s.properties);
    if (s.definitions) mapOf(s.definitions);
    if (typeof s.additionalProperties === "object") out.push([s.additionalProperties, (v) => (s.additionalProperties = v)]);
    if (s.items && !Array.isArray(s.items)) out.push([s.items, (v) => (s.items = v)]);
    for (const k of ["allOf", "anyOf", "oneOf"]) if (Array.isArray(s[k])) s[k].forEach((_: Schema, i: number) => out.push([s[k][i], (v) => (s[k][i] = v)]));
    if (s.not) out.push([s.not, (v) => (s.not = v)]);
    return out;
}

/**
 * Moves every subschema that occurs more than once (and is about `minChars` of JSON or more) into
 * the root's `definitions`, referenced by `$ref`: CRDs repeat whole pod and container schemas
 * (KServe's InferenceService, dozens of times), and Ajv (with inlineRefs off) then compiles each
 * once instead of at every place. A subschema validates the same wherever it sits (no $id in
 * these schemas), so the result accepts and rejects exactly what the input does, with the same
 * error paths. The input is not modified.
 */
export function shareRepeated(schema: Schema, minChars = 2000): Schema {
    const root = structuredClone(schema);
    // Per subschema: a hash built from its own keywords and its children's hashes, and its size.
    const hashOf = new Map<Schema, string>();
    const sizeOf = new Map<Schema, number>();
    const counts = new Map<string, number>();
    const visit = (s: Schema): void => {
        const kids = children(s);
        for (const [c] of kids) visit(c);
        const own = JSON.stringify(s, (_k, v) => (v !== s && hashOf.has(v) ? `#${hashOf.get(v)}` : v));
        const hash = createHash("sha1").update(own).digest("hex");
        hashOf.set(s, hash);
        sizeOf.set(s, own.length + kids.reduce((n, [c]) => n + sizeOf.get(c)!, 0));
        counts.set(hash, (counts.get(hash) ?? 0) + 1);
    };
    visit(root);
    const names = new Map<string, string>();
    const definitions: Record<string, Schema> = {};
    const share = (s: Schema): Schema => {
        for (const [c, set] of children(s)) set(share(c));
        const hash = hashOf.get(s)!;
        if (s === root || counts.get(hash)! < 2 || sizeOf.get(s)! < minChars) return s;
        let name = names.get(hash);
        if (!name) {
            name = `shared${names.size}`;
            names.set(hash, name);
            definitions[name] = s;
        }
        return { $ref: `#/definitions/${name}` };
    };
    share(root);
    if (names.size === 0) return root;
    if (root.definitions) throw new Error("shareRepeated: the root schema already has definitions");
    return { ...root, definitions };
}
