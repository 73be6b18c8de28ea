import type { Rule } from "../../../policy/lib/rule";
import type { Fixture, RunOptions } from "../harness";

export interface Example {
    why: string;
    fixture: Fixture | Fixture[];
    options?: RunOptions;
    /** For violating examples: a message the rule must report. */
    expect?: RegExp;
}

export interface RuleCase {
    rule: Rule;
    compliant: Example[];
    violating: Example[];
}

/** A copy of `base` with `patch` merged in (objects merged, anything else replaced; undefined deletes). */
export function patched<T extends Record<string, unknown>>(base: T, patch: Record<string, unknown>): T {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(patch)) {
        const current = out[k];
        if (v === undefined) delete out[k];
        else if (isPlainObject(v) && isPlainObject(current)) out[k] = patched(current, v);
        else out[k] = v;
    }
    return out as T;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

export const STAGING: RunOptions = { environment: "staging" };
