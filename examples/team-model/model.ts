/**
 * A team's model as a KServe InferenceService on the platform's cluster, in the serving namespace
 * whose service account the platform binds to read-only access to the artifact store.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { PlatformReference } from "@acme/mlplatform/client";
import { kserveStorageUri } from "./storage";

export const MODEL_FORMATS = ["sklearn", "xgboost", "lightgbm", "tensorflow", "pytorch", "onnx", "triton", "huggingface"] as const;
export type ModelFormat = (typeof MODEL_FORMATS)[number];

export interface ModelSpec {
    name: string;
    format: ModelFormat;
    /** Path inside the artifact store, e.g. models/churn/3. */
    modelPath: string;
    minReplicas: number;
    maxReplicas: number;
    cpu: string;
    cpuLimit: string;
    memory: string;
    /**
     * When the served model version was trained: the registry's creation time of that version
     * (MLflow's `creation_timestamp`, in ms, written as RFC3339 UTC). The platform's ModelStale
     * alert reads it from the InferenceService's annotation; without it the model is never stale.
     */
    trainedAt?: string;
}

/** The annotation kube-state-metrics turns into the platform's model-trained gauge (k8s/serving/modelFreshness.ts). */
export const MODEL_TRAINED_AT_ANNOTATION = "ml-platform.io/model-trained-at";

export interface DeployedModel {
    provider: k8s.Provider;
    inferenceService: k8s.apiextensions.CustomResource;
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
        modelPath: config.require("modelPath"),
        minReplicas: config.getNumber("minReplicas") ?? 1,
        maxReplicas: config.getNumber("maxReplicas") ?? 3,
        cpu: config.get("cpu") ?? "500m",
        cpuLimit: config.get("cpuLimit") ?? "1",
        memory: config.get("memory") ?? "1Gi",
        trainedAt: config.get("modelTrainedAt"),
    };
    const problems = validateModelSpec(spec);
    if (problems.length > 0) throw new Error(`invalid model config:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    return spec;
}

export function validateModelSpec(spec: ModelSpec): string[] {
    const problems: string[] = [];
    if (!DNS_LABEL.test(spec.name)) problems.push(`modelName "${spec.name}" must be a DNS label (lowercase letters, digits, '-')`);
    if (!MODEL_FORMATS.includes(spec.format)) problems.push(`modelFormat "${spec.format}" must be one of ${MODEL_FORMATS.join(", ")}`);
    if (!Number.isInteger(spec.minReplicas) || spec.minReplicas < 0) problems.push(`minReplicas must be an integer >= 0, got ${spec.minReplicas}`);
    if (!Number.isInteger(spec.maxReplicas) || spec.maxReplicas < 1) problems.push(`maxReplicas must be an integer >= 1, got ${spec.maxReplicas}`);
    if (spec.minReplicas > spec.maxReplicas) problems.push(`minReplicas (${spec.minReplicas}) must not exceed maxReplicas (${spec.maxReplicas})`);
    if (spec.trainedAt !== undefined && !(RFC3339_UTC.test(spec.trainedAt) && !Number.isNaN(Date.parse(spec.trainedAt)))) {
        problems.push(`modelTrainedAt "${spec.trainedAt}" must be an RFC3339 UTC time such as 2026-11-30T08:15:00Z`);
    }
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
    const storageUri = outputs.artifactStoreUri.apply((uri) => kserveStorageUri(uri, spec.modelPath));
    const predictor = `${spec.name}-predictor`;
    const inferenceService = new k8s.apiextensions.CustomResource(
        spec.name,
        {
            apiVersion: "serving.kserve.io/v1beta1",
            kind: "InferenceService",
            metadata: {
                name: spec.name,
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
                    ...(spec.trainedAt ? { [MODEL_TRAINED_AT_ANNOTATION]: spec.trainedAt } : {}),
                },
            },
            spec: {
                predictor: {
                    // The platform binds this account to read-only access to the artifact store.
                    serviceAccountName: outputs.servingServiceAccount,
                    securityContext: POD_SECURITY,
                    minReplicas: spec.minReplicas,
                    maxReplicas: spec.maxReplicas,
                    model: {
                        modelFormat: { name: spec.format },
                        storageUri,
                        resources: {
                            requests: { cpu: spec.cpu, memory: spec.memory },
                            limits: { cpu: spec.cpuLimit, memory: spec.memory },
                        },
                        securityContext: CONTAINER_SECURITY,
                    },
                },
            },
        },
        { provider },
    );
    exposeThroughGateway(platform, spec.name, predictor, { provider, dependsOn: [inferenceService] });
    const predictUrl = pulumi.interpolate`${outputs.modelsUrl}/v1/models/${spec.name}:predict`;
    return { provider, inferenceService, storageUri, predictUrl };
}

/**
 * The platform routes only its own services: a model answers at models.<domain> once it has a route
 * on the platform's gateway and the serving namespace's deny-by-default policy lets the gateway in.
 */
function exposeThroughGateway(platform: PlatformReference, model: string, predictor: string, opts: pulumi.CustomResourceOptions): void {
    const { outputs } = platform;
    const namespace = outputs.servingNamespace;
    new k8s.apiextensions.CustomResource(
        `${model}-route`,
        {
            apiVersion: "networking.istio.io/v1",
            kind: "VirtualService",
            metadata: { name: model, namespace },
            spec: {
                hosts: [outputs.modelsUrl.apply((url) => new URL(url).host)],
                gateways: [outputs.gateway],
                http: [
                    {
                        match: [{ uri: { prefix: `/v1/models/${model}` } }, { uri: { prefix: `/v2/models/${model}` } }],
                        route: [{ destination: { host: pulumi.interpolate`${predictor}.${namespace}.svc.cluster.local`, port: { number: 80 } } }],
                        timeout: "30s",
                        retries: { attempts: 2, perTryTimeout: "10s", retryOn: "connect-failure,refused-stream,unavailable" },
                    },
                ],
            },
        },
        opts,
    );
    new k8s.apiextensions.CustomResource(
        `${model}-allow-gateway`,
        {
            apiVersion: "security.istio.io/v1",
            kind: "AuthorizationPolicy",
            metadata: { name: `${model}-allow-gateway`, namespace },
            spec: {
                selector: { matchLabels: { "serving.kserve.io/inferenceservice": model } },
                action: "ALLOW",
                // Mutual TLS is STRICT, so the source namespace is the gateway's authenticated identity.
                rules: [{ from: [{ source: { namespaces: [outputs.gateway.apply((g) => g.split("/")[0])] } }] }],
            },
        },
        opts,
    );
}
