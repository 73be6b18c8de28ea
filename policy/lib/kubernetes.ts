/**
 * Finding the pod specs inside any workload kind, so container rules are written once for
 * Deployments, Jobs, Pods and the custom resources that carry pod specs (KServe InferenceServices,
 * serving runtimes). A new kind with a pod spec registers its locator in WORKLOADS, and every
 * workload rule then covers it.
 */
import type { Props } from "./rule";
import { asArray } from "./values";

export interface Container {
    name?: string;
    image?: string;
    securityContext?: Props;
    resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
    ports?: { hostPort?: number }[];
    env?: Props[];
    /** "init" containers run before the others; "ephemeral" ones are debug containers. */
    kind: "container" | "init" | "ephemeral";
    /** A model-framework container (KServe predictor.model, .sklearn...): its image comes from the serving runtime. */
    imageFromRuntime?: boolean;
}

/** One pod a workload creates: its spec and every container in it. */
export interface PodSource {
    /** Where it sits, for messages: "", "predictor", "transformer". */
    component: string;
    pod: Props;
    containers: Container[];
}

type Locator = (props: Props) => PodSource[];

function tagged(list: unknown, kind: Container["kind"]): Container[] {
    return asArray<Props>(list).map((c) => ({ ...c, kind }) as Container);
}

export function containersOf(pod: Props | undefined): Container[] {
    if (!pod) return [];
    return [...tagged(pod.initContainers, "init"), ...tagged(pod.containers, "container"), ...tagged(pod.ephemeralContainers, "ephemeral")];
}

const podAt = (read: (props: Props) => Props | undefined, component = ""): Locator => (props) => {
    const pod = read(props);
    return pod ? [{ component, pod, containers: containersOf(pod) }] : [];
};

/** KServe v1beta1 framework fields: each is a container whose image the ServingRuntime supplies. */
const KSERVE_FRAMEWORKS = ["model", "sklearn", "xgboost", "tensorflow", "pytorch", "triton", "onnx", "pmml", "lightgbm", "paddle", "huggingface", "art"];

/** An InferenceService component (predictor, transformer, explainer) is a pod spec plus one framework container. */
function kserveComponent(name: string, spec: Props | undefined): PodSource[] {
    if (!spec) return [];
    const frameworks = KSERVE_FRAMEWORKS.filter((f) => spec[f]).map((f) => ({ name: `${name}.${f}`, ...spec[f], kind: "container", imageFromRuntime: true }) as Container);
    const sources: PodSource[] = [{ component: name, pod: spec, containers: [...containersOf(spec), ...frameworks] }];
    if (spec.workerSpec) sources.push({ component: `${name}.workerSpec`, pod: spec.workerSpec, containers: containersOf(spec.workerSpec) });
    return sources;
}

const inferenceService: Locator = (props) => ["predictor", "transformer", "explainer"].flatMap((c) => kserveComponent(c, props.spec?.[c]));

const templateSpec = podAt((p) => p.spec?.template?.spec);

/** Type token -> where its pod specs are. */
export const WORKLOADS: Readonly<Record<string, Locator>> = {
    "kubernetes:apps/v1:Deployment": templateSpec,
    "kubernetes:apps/v1:StatefulSet": templateSpec,
    "kubernetes:apps/v1:DaemonSet": templateSpec,
    "kubernetes:apps/v1:ReplicaSet": templateSpec,
    "kubernetes:batch/v1:Job": templateSpec,
    "kubernetes:batch/v1:CronJob": podAt((p) => p.spec?.jobTemplate?.spec?.template?.spec),
    "kubernetes:core/v1:Pod": podAt((p) => p.spec),
    "kubernetes:serving.kserve.io/v1beta1:InferenceService": inferenceService,
    // ServingRuntimePodSpec: containers, volumes, nodeSelector... directly under spec.
    "kubernetes:serving.kserve.io/v1alpha1:ServingRuntime": podAt((p) => p.spec),
    "kubernetes:serving.kserve.io/v1alpha1:ClusterServingRuntime": podAt((p) => p.spec),
};

export const WORKLOAD_TYPES: readonly string[] = Object.keys(WORKLOADS);

export function podSourcesOf(type: string, props: Props): PodSource[] {
    return WORKLOADS[type]?.(props) ?? [];
}

export function namespaceOf(props: Props): string | undefined {
    return props.metadata?.namespace;
}

export function labelsOf(props: Props): Record<string, string> {
    return (props.metadata?.labels ?? {}) as Record<string, string>;
}

/** A label for messages: `container "server"`, `init container "migrate"`. */
export function describeContainer(c: Container): string {
    return `${c.kind === "container" ? "container" : `${c.kind} container`} "${c.name ?? "?"}"`;
}

/** Runs `check` on every container of a workload, with the pod spec it belongs to. */
export function forEachContainer(type: string, props: Props, check: (c: Container, pod: Props) => void): void {
    for (const source of podSourcesOf(type, props)) for (const c of source.containers) check(c, source.pod);
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
