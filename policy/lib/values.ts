/** Small readers for loosely typed resource properties. */
import type { Props } from "./rule";

export function asArray<T = unknown>(value: unknown): T[] {
    if (value === undefined || value === null) return [];
    return Array.isArray(value) ? (value as T[]) : [value as T];
}

/** A map-valued property (tags, labels) as a plain record; absent means empty. */
export function asRecord(value: unknown): Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Booleans that providers model as strings ("true") are accepted too. */
export function isTrue(value: unknown): boolean {
    return value === true || value === "true";
}

export function isFalse(value: unknown): boolean {
    return value === false || value === "false";
}

/** A JSON document given as a string (IAM policies) or already as an object. */
export function parseDocument(value: unknown): Props | undefined {
    if (typeof value === "object" && value !== null) return value as Props;
    if (typeof value !== "string") return undefined;
    try {
        return JSON.parse(value) as Props;
    } catch {
        return undefined;
    }
}

export function missing(keys: readonly string[], present: Iterable<string>): string[] {
    const have = new Set(present);
    return keys.filter((k) => !have.has(k));
}
