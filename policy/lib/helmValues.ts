/**
 * Reading Helm releases generically: a key-path walk over the whole values tree (charts put pod
 * settings at any depth and in many shapes), the chart's short name and the release's identity
 * used by exceptions. Values often hold outputs unknown during preview (hosts, ARNs); the walk
 * skips those, since an unknown can never be a literal `true` or `0`.
 */
import type { Props } from "./rule";
import { known } from "./unknown";

export const HELM_TYPES = ["kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v4:Chart"] as const;

export interface ValueNode {
    /** Keys from the values root to this value; array indexes as strings. */
    path: string[];
    key: string;
    value: unknown;
    /** The object or array holding the value. */
    parent: Props;
}

export function isObject(value: unknown): value is Props {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Visits every value below `root`, depth first. */
export function walkValues(root: unknown, visit: (node: ValueNode) => void, path: string[] = []): void {
    if (typeof root !== "object" || root === null) return;
    for (const key of Object.keys(root)) {
        const value = known(() => (root as Props)[key]);
        const node = { path: [...path, key], key, value, parent: root as Props };
        visit(node);
        walkValues(value, visit, node.path);
    }
}

/** The release's values, or undefined while they are unknown. */
export function valuesOf(props: Props): unknown {
    return known(() => props.values);
}

/** The value at a dotted path ("prometheus.prometheusSpec.resources"), if every key exists. */
export function valueAt(root: unknown, dotted: string): unknown {
    return dotted.split(".").reduce<unknown>((obj, key) => (isObject(obj) ? known(() => obj[key]) : undefined), root);
}

/** "oci://ghcr.io/kserve/charts/kserve-resources" -> "kserve-resources"; "istiod" -> "istiod". */
export function chartName(props: Props): string {
    const chart = String(known(() => props.chart) ?? "");
    return chart.split("/").pop() ?? chart;
}

/** How exceptions and allow-lists name a release: "<namespace>/<chart>", stable across stacks. */
export function releaseId(props: Props): string {
    return `${known(() => props.namespace) ?? "default"}/${chartName(props)}`;
}

export function pathLabel(path: readonly string[]): string {
    return `values.${path.join(".")}`;
}

/** Exceptions are named, reasoned and limited to listed checks. */
export interface ReleaseException {
    /** "<namespace>/<chart>" */
    release: string;
    allow: string[];
    reason: string;
}

export const EXCEPTIONS_SCHEMA = {
    type: "array" as const,
    items: {
        type: "object" as const,
        required: ["release", "allow", "reason"],
        additionalProperties: false,
        properties: {
            release: { type: "string" as const, pattern: "^[a-z0-9-]+/[a-z0-9-]+$" },
            allow: { type: "array" as const, items: { type: "string" as const }, minItems: 1 },
            reason: { type: "string" as const, minLength: 20 },
        },
    },
    description: "Releases (<namespace>/<chart>) allowed specific findings, each with its reason.",
};

export function isExcepted(exceptions: readonly ReleaseException[], props: Props, check: string): boolean {
    const id = releaseId(props);
    return exceptions.some((e) => e.release === id && e.allow.includes(check) && e.reason.trim().length >= 20);
}
