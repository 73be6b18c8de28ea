/**
 * A team's model as a KServe InferenceService on the platform's cluster, in the serving namespace
 * whose service account the platform binds to read-only access to the artifact store.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { PlatformReference } from "../../components/reference";
import { kserveStorageUri } from "./storage";

/**
 * The platform layer creates the serving namespace (the `servingNamespace` output, ml-serving) and
 * this service account in it, bound to read-only access to the artifact store.
 */
export const SERVING_SERVICE_ACCOUNT = "model-serving";

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
}

export interface DeployedModel {
    provider: k8s.Provider;
    inferenceService: k8s.apiextensions.CustomResource;
    storageUri: pulumi.Output<string>;
    /** KServe's v1 predict endpoint for this model behind the platform's gateway. */
    predictUrl: pulumi.Output<string>;
}

const DNS_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
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
    for (const key of ["cpu", "cpuLimit", "memory"] as const) {
        if (!QUANTITY.test(spec[key])) problems.push(`${key} "${spec[key]}" is not a Kubernetes quantity`);
    }
    return problems;
}

export function deployModel(platform: PlatformReference, spec: ModelSpec): DeployedModel {
    // The kubeconfig stays secret from the reference into the provider's state.
    const provider = new k8s.Provider("platform-cluster", { kubeconfig: platform.outputs.kubeconfig });
    const storageUri = platform.outputs.artifactStoreUri.apply((uri) => kserveStorageUri(uri, spec.modelPath));
    const inferenceService = new k8s.apiextensions.CustomResource(
        spec.name,
        {
            apiVersion: "serving.kserve.io/v1beta1",
            kind: "InferenceService",
            metadata: {
                name: spec.name,
                namespace: platform.outputs.servingNamespace,
                labels: { "app.kubernetes.io/name": spec.name, "app.kubernetes.io/managed-by": "pulumi" },
            },
            spec: {
                predictor: {
                    serviceAccountName: SERVING_SERVICE_ACCOUNT,
                    minReplicas: spec.minReplicas,
                    maxReplicas: spec.maxReplicas,
                    model: {
                        modelFormat: { name: spec.format },
                        storageUri,
                        resources: {
                            requests: { cpu: spec.cpu, memory: spec.memory },
                            limits: { cpu: spec.cpuLimit, memory: spec.memory },
                        },
                    },
                },
            },
        },
        { provider },
    );
    const predictUrl = pulumi.interpolate`${platform.outputs.modelsUrl}/v1/models/${spec.name}:predict`;
    return { provider, inferenceService, storageUri, predictUrl };
}
