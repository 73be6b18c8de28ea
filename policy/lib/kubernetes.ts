/**
 * Finding the pod template inside any workload kind, so container rules are written once for
 * Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob and Pod.
 */
import type { Props } from "./rule";
import { asArray } from "./values";

export const WORKLOAD_TYPES = [
    "kubernetes:apps/v1:Deployment",
    "kubernetes:apps/v1:StatefulSet",
    "kubernetes:apps/v1:DaemonSet",
    "kubernetes:apps/v1:ReplicaSet",
    "kubernetes:batch/v1:Job",
    "kubernetes:batch/v1:CronJob",
    "kubernetes:core/v1:Pod",
] as const;

export interface Container {
    name?: string;
    image?: string;
    securityContext?: Props;
    resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
    ports?: { hostPort?: number }[];
    env?: Props[];
    /** "init" containers run before the others; "ephemeral" ones are debug containers. */
    kind: "container" | "init" | "ephemeral";
}

/** The pod spec a workload creates: spec, spec.template.spec or spec.jobTemplate.spec.template.spec. */
export function podSpecOf(type: string, props: Props): Props | undefined {
    if (type === "kubernetes:core/v1:Pod") return props.spec;
    if (type === "kubernetes:batch/v1:CronJob") return props.spec?.jobTemplate?.spec?.template?.spec;
    return props.spec?.template?.spec;
}

export function containersOf(pod: Props | undefined): Container[] {
    if (!pod) return [];
    const tagged = (list: unknown, kind: Container["kind"]) => asArray<Props>(list).map((c) => ({ ...c, kind }) as Container);
    return [...tagged(pod.initContainers, "init"), ...tagged(pod.containers, "container"), ...tagged(pod.ephemeralContainers, "ephemeral")];
}

export function namespaceOf(props: Props): string | undefined {
    return props.metadata?.namespace;
}

export function labelsOf(props: Props): Record<string, string> {
    return (props.metadata?.labels ?? {}) as Record<string, string>;
}

/** A label for messages: "Deployment mlflow/tracking, container server". */
export function describeContainer(c: Container): string {
    return `${c.kind === "container" ? "container" : `${c.kind} container`} "${c.name ?? "?"}"`;
}

/** Runs `check` on every container of a workload, with the pod spec it belongs to. */
export function forEachContainer(type: string, props: Props, check: (c: Container, pod: Props) => void): void {
    const pod = podSpecOf(type, props);
    for (const c of containersOf(pod)) check(c, pod ?? {});
}

/** Config for rules that let named namespaces (e.g. kube-system for node agents) opt out. */
export const EXEMPT_NAMESPACES_SCHEMA = {
    type: "array" as const,
    items: { type: "string" as const },
    default: ["kube-system"],
    description: "Namespaces whose workloads this rule skips (node agents that need host access).",
};

export function isExempt(props: Props, exemptNamespaces: readonly string[]): boolean {
    const ns = namespaceOf(props);
    return ns !== undefined && exemptNamespaces.includes(ns);
}
