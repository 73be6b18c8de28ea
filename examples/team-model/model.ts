/**
 * A team's model on the platform's cluster: two KServe InferenceService slots in the serving
 * namespace (whose service account the platform binds to read-only access to the artifact store),
 * an apex Service on the live slot, and a Flagger Canary that releases whatever the apex points at.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
    apexServiceSpec,
    FLAGGER_API,
    latencyBucketsAnnotation,
    MODEL_SLOTS,
    modelCanary,
    slotName,
    type ModelSlot,
    type PlatformReference,
} from "@acme/mlplatform/client";
import { kserveStorageUri } from "./storage";

export const MODEL_FORMATS = ["sklearn", "xgboost", "lightgbm", "tensorflow", "pytorch", "onnx", "triton", "huggingface"] as const;
export type ModelFormat = (typeof MODEL_FORMATS)[number];
/**
 * Runtimes that take `--model_name` (KServe's Python servers and TF Serving; the last value wins over
 * the runtime's `{{.Name}}`). Triton (and ONNX on it) and TorchServe name models by their repository.
 */
export const MODEL_NAME_FLAG_FORMATS: readonly ModelFormat[] = ["sklearn", "xgboost", "lightgbm", "tensorflow", "huggingface"];

/** One version of the model, in one of the two release slots. */
export interface SlotSpec {
    /** Path inside the artifact store, e.g. models/churn/3. */
    modelPath: string;
    /**
     * When that model version was trained: the registry's creation time of the version (MLflow's
     * `creation_timestamp`, in ms, written as RFC3339 UTC). The platform's ModelStale alert reads it
     * from the live slot's annotation (the idle slot, holding the previous version, is not what
     * serves, so it carries none); without it the model is never stale.
     */
    trainedAt?: string;
}

export interface ModelSpec {
    name: string;
    format: ModelFormat;
    /**
     * The two slots a release alternates between. The idle slot keeps the previous version, which
     * Flagger routes back to when the release fails its analysis.
     */
    slots: Record<ModelSlot, SlotSpec>;
    /** The slot the apex Service selects: flip it to release what the other slot holds. */
    liveSlot: ModelSlot;
    minReplicas: number;
    maxReplicas: number;
    cpu: string;
    cpuLimit: string;
    memory: string;
    /** Flagger promotes the live slot at once, without analysis: for promoting or rolling back by hand. */
    skipAnalysis: boolean;
}

/** The annotation kube-state-metrics turns into the platform's model-trained gauge (k8s/serving/modelFreshness.ts). */
export const MODEL_TRAINED_AT_ANNOTATION = "ml-platform.io/model-trained-at";

export interface DeployedModel {
    provider: k8s.Provider;
    /** One InferenceService per slot, `<name>-blue` and `<name>-green`. */
    slots: Record<ModelSlot, k8s.apiextensions.CustomResource>;
    /** `<name>`: the Service Flagger's Canary targets; its selector names the live slot. */
    apex: k8s.core.v1.Service;
    /** The release: Flagger shifts traffic to the live slot and promotes or rolls back. */
    canary: k8s.apiextensions.CustomResource;
    /** The live slot's model. */
    storageUri: pulumi.Output<string>;
    /** KServe's v1 predict endpoint for this model behind the platform's gateway. */
    predictUrl: pulumi.Output<string>;
}

const DNS_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/;

export function readModelSpec(config: pulumi.Config): ModelSpec {
    const spec: ModelSpec = {
        name: config.require("modelName"),
        format: config.require("modelFormat") as ModelFormat,
        slots: config.requireObject<Record<ModelSlot, SlotSpec>>("slots"),
        liveSlot: (config.get("liveSlot") ?? "blue") as ModelSlot,
        minReplicas: config.getNumber("minReplicas") ?? 1,
        maxReplicas: config.getNumber("maxReplicas") ?? 3,
        cpu: config.get("cpu") ?? "500m",
        cpuLimit: config.get("cpuLimit") ?? "1",
        memory: config.get("memory") ?? "1Gi",
        skipAnalysis: config.getBoolean("skipAnalysis") ?? false,
    };
    const problems = validateModelSpec(spec);
    if (problems.length > 0) throw new Error(`invalid model config:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    return spec;
}

export function validateModelSpec(spec: ModelSpec): string[] {
    const problems: string[] = [];
    if (!DNS_LABEL.test(spec.name) || spec.name.length > 40) problems.push(`modelName "${spec.name}" must be a DNS label of at most 40 characters (lowercase letters, digits, '-'; slots add -green-predictor)`);
    if (!MODEL_FORMATS.includes(spec.format)) problems.push(`modelFormat "${spec.format}" must be one of ${MODEL_FORMATS.join(", ")}`);
    if (!MODEL_SLOTS.includes(spec.liveSlot)) problems.push(`liveSlot "${spec.liveSlot}" must be one of ${MODEL_SLOTS.join(", ")}`);
    const slots = (spec.slots ?? {}) as Partial<Record<string, Partial<SlotSpec>>>;
    for (const key of Object.keys(slots)) if (!MODEL_SLOTS.includes(key as ModelSlot)) problems.push(`slots.${key} is not a slot: expected ${MODEL_SLOTS.join(" and ")}`);
    for (const slot of MODEL_SLOTS) {
        const s = slots[slot];
        if (!s || typeof s.modelPath !== "string" || s.modelPath === "") {
            problems.push(`slots.${slot}.modelPath is required: both slots run a version (the idle one is the rollback target)`);
            continue;
        }
        if (s.trainedAt !== undefined && !(RFC3339_UTC.test(s.trainedAt) && !Number.isNaN(Date.parse(s.trainedAt)))) {
            problems.push(`slots.${slot}.trainedAt "${s.trainedAt}" must be an RFC3339 UTC time such as 2026-11-30T08:15:00Z`);
        }
    }
    if (!Number.isInteger(spec.minReplicas) || spec.minReplicas < 1) problems.push(`minReplicas must be an integer >= 1 (the idle slot must take traffic back at once), got ${spec.minReplicas}`);
    if (!Number.isInteger(spec.maxReplicas) || spec.maxReplicas < 1) problems.push(`maxReplicas must be an integer >= 1, got ${spec.maxReplicas}`);
    if (spec.minReplicas > spec.maxReplicas) problems.push(`minReplicas (${spec.minReplicas}) must not exceed maxReplicas (${spec.maxReplicas})`);
    for (const key of ["cpu", "cpuLimit", "memory"] as const) {
        if (!QUANTITY.test(spec[key])) problems.push(`${key} "${spec[key]}" is not a Kubernetes quantity`);
    }
    return problems;
}

/** What the serving namespace's Pod Security Admission level (`restricted`) requires of every pod. */
const POD_SECURITY = { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } };
const CONTAINER_SECURITY = {
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
};

export function deployModel(platform: PlatformReference, spec: ModelSpec): DeployedModel {
    const { outputs } = platform;
    // The kubeconfig stays secret from the reference into the provider's state.
    const provider = new k8s.Provider("platform-cluster", { kubeconfig: outputs.kubeconfig });
    const slots = {} as Record<ModelSlot, k8s.apiextensions.CustomResource>;
    for (const slot of MODEL_SLOTS) slots[slot] = slotInferenceService(platform, spec, slot, { provider });
    // The Canary first: it names the slot to measure (templateVariables) before the apex moves and
    // Flagger starts the analysis. On the first deploy Flagger retries until the apex exists.
    const canary = new k8s.apiextensions.CustomResource(
        `${spec.name}-release`,
        { apiVersion: FLAGGER_API, kind: "Canary", metadata: { name: spec.name, namespace: outputs.servingNamespace }, spec: canarySpec(platform, spec) },
        { provider },
    );
    const allow = allowGateway(platform, spec.name, { provider });
    // The apex moves last: after both slots are Ready (waitFor: Flagger does not check a Service
    // target's readiness), the Canary is updated and the gateway may reach the new slot.
    const apex = new k8s.core.v1.Service(
        spec.name,
        { metadata: { name: spec.name, namespace: outputs.servingNamespace, labels: { "app.kubernetes.io/name": spec.name } }, spec: apexServiceSpec(spec.name, spec.liveSlot) },
        { provider, dependsOn: [...Object.values(slots), canary, allow] },
    );
    const predictUrl = pulumi.interpolate`${outputs.modelsUrl}/v1/models/${spec.name}:predict`;
    const storageUri = slotStorageUri(platform, spec, spec.liveSlot);
    return { provider, slots, apex, canary, storageUri, predictUrl };
}

/** The release with the platform's rollback limits (its `modelRelease` output); fails when the platform runs no Flagger. */
function canarySpec(platform: PlatformReference, spec: ModelSpec) {
    const { outputs } = platform;
    return pulumi.all([outputs.modelRelease, outputs.servingNamespace, outputs.gateway, outputs.modelsUrl]).apply(([policy, namespace, gateway, modelsUrl]) => ({
        ...modelCanary({ model: spec.name, namespace, liveSlot: spec.liveSlot, policy, gateway, host: new URL(modelsUrl).host }).spec,
        skipAnalysis: spec.skipAnalysis,
    }));
}

function slotStorageUri(platform: PlatformReference, spec: ModelSpec, slot: ModelSlot): pulumi.Output<string> {
    return platform.outputs.artifactStoreUri.apply((uri) => kserveStorageUri(uri, spec.slots[slot].modelPath));
}

function slotInferenceService(platform: PlatformReference, spec: ModelSpec, slot: ModelSlot, opts: pulumi.CustomResourceOptions): k8s.apiextensions.CustomResource {
    const { outputs } = platform;
    const name = slotName(spec.name, slot);
    const trainedAt = slot === spec.liveSlot ? spec.slots[slot].trainedAt : undefined;
    return new k8s.apiextensions.CustomResource(
        name,
        {
            apiVersion: "serving.kserve.io/v1beta1",
            kind: "InferenceService",
            metadata: {
                name,
                namespace: outputs.servingNamespace,
                // KServe copies these onto the pods; on Azure they include the workload-identity label.
                labels: outputs.servingPodLabels.apply((required) => ({
                    "app.kubernetes.io/name": spec.name,
                    "app.kubernetes.io/managed-by": "pulumi",
                    ...required,
                })),
                annotations: {
                    "serving.kserve.io/deploymentMode": "Standard",
                    // The platform's admission policies want a read-only root filesystem or a stated
                    // reason; KServe injects its storage initializer with a writable one.
                    "writable-root-filesystem.guardrails.ml-platform.io/storage-initializer": "KServe's storage initializer keeps a writable root filesystem",
                    // pulumi up returns only when the slot serves: a release points the apex at a Ready slot.
                    "pulumi.com/waitFor": "condition=Ready",
                    ...(trainedAt ? { [MODEL_TRAINED_AT_ANNOTATION]: trainedAt } : {}),
                },
            },
            spec: {
                predictor: {
                    // The platform binds this account to read-only access to the artifact store.
                    serviceAccountName: outputs.servingServiceAccount,
                    securityContext: POD_SECURITY,
                    minReplicas: spec.minReplicas,
                    maxReplicas: spec.maxReplicas,
                    // A 2000 ms bucket edge in the sidecar's latency histogram: the p99 limit is measured, not interpolated.
                    annotations: latencyBucketsAnnotation(),
                    model: {
                        modelFormat: { name: spec.format },
                        // KServe names the model after the InferenceService (`churn-blue`); both slots serve
                        // it as the model the apex routes (`/v1/models/churn`), or that URL answers 404.
                        ...(MODEL_NAME_FLAG_FORMATS.includes(spec.format) ? { args: [`--model_name=${spec.name}`] } : {}),
                        storageUri: slotStorageUri(platform, spec, slot),
                        resources: {
                            requests: { cpu: spec.cpu, memory: spec.memory },
                            limits: { cpu: spec.cpuLimit, memory: spec.memory },
                        },
                        securityContext: CONTAINER_SECURITY,
                    },
                },
            },
        },
        opts,
    );
}

/**
 * The serving namespace denies by default: the gateway may reach both slots' pods (Flagger's
 * VirtualService sends it to either). Mutual TLS is STRICT, so the source namespace is the
 * gateway's authenticated identity.
 */
function allowGateway(platform: PlatformReference, model: string, opts: pulumi.CustomResourceOptions): k8s.apiextensions.CustomResource {
    const { outputs } = platform;
    return new k8s.apiextensions.CustomResource(
        `${model}-allow-gateway`,
        {
            apiVersion: "security.istio.io/v1",
            kind: "AuthorizationPolicy",
            metadata: { name: `${model}-allow-gateway`, namespace: outputs.servingNamespace },
            spec: {
                selector: { matchLabels: { "app.kubernetes.io/name": model } },
                action: "ALLOW",
                rules: [{ from: [{ source: { namespaces: [outputs.gateway.apply((g) => g.split("/")[0])] } }] }],
            },
        },
        opts,
    );
}
