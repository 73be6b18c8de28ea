/**
 * One Ajv instance for every schema the suite compiles, so each schema is compiled once per run.
 * Kubernetes' formats: int32/int64 are range checks, byte is base64; other formats the API server
 * knows (duration, cidr, ...) are not checked here.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

/** Go RE2 patterns in JavaScript: RE2's inline `(?i)` becomes the `i` flag. */
const re2 = Object.assign(
    (pattern: string, flags: string) => (pattern.includes("(?i)") ? new RegExp(pattern.replace(/\(\?i\)/g, ""), flags + "i") : new RegExp(pattern, flags)),
    { code: "new RegExp" },
);

export const ajv = new Ajv({
    allErrors: true,
    strict: false,
    logger: false,
    // Upstream patterns are Go RE2; compiling without the `u` flag accepts the escapes they use.
    unicodeRegExp: false,
    // No optimisation pass over the generated code: it cost more than it saved on these schemas.
    code: { regExp: re2, optimize: false },
    validateSchema: false,
});
addFormats(ajv, ["date-time", "date", "byte", "uri", "email", "hostname", "ipv4", "ipv6", "uuid"]);
ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
for (const f of ["double", "float", "int-or-string", "quantity", "duration", "cidr", "password"]) ajv.addFormat(f, true);

/** The capture replaces secrets and unknowns with these markers; their slot's type is not ours to check. */
const MARKERS = new Set(["[secret]", "[unknown]"]);

function at(data: unknown, pointer: string): unknown {
    let value = data;
    for (const raw of pointer.split("/").slice(1)) {
        const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
        if (typeof value !== "object" || value === null) return undefined;
        value = (value as Record<string, unknown>)[key];
    }
    return value;
}

function describe(e: ErrorObject): string {
    const where = e.instancePath || "/";
    switch (e.keyword) {
        case "additionalProperties":
            return `${where}: unknown field "${(e.params as { additionalProperty: string }).additionalProperty}"`;
        case "enum":
            return `${where}: must be one of ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`;
        default:
            return `${where}: ${e.message}`;
    }
}

/** Runs a compiled validator and returns readable errors, ignoring slots that hold a capture marker. */
export function check(validate: ValidateFunction, data: unknown): string[] {
    if (validate(data)) return [];
    const errors = (validate.errors ?? []).filter((e) => {
        const value = at(data, e.instancePath);
        return !(typeof value === "string" && MARKERS.has(value));
    });
    // anyOf/oneOf report each branch; one line per location and keyword is enough to act on.
    return [...new Set(errors.map(describe))];
}
