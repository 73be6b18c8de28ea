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
