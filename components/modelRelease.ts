/**
 * The model-release kit: what a team needs to release a KServe model through the platform's
 * Flagger with the platform's rollback limits. Part of the light client entry point: plain data
 * builders, no SDK but @pulumi/pulumi's types.
 *
 * The shape (docs/progressive-delivery.md): two InferenceService slots per model (`<model>-blue`,
 * `<model>-green`) in KServe's Standard mode, one apex Service `<model>` owned by the team's program
 * that selects the live slot's pods, and one Flagger Canary whose target is that Service. A release
 * puts the new version in the idle slot and, once that slot is Ready, points the apex at it; Flagger
 * sees the apex's spec change, shifts traffic from `<model>-primary` (the old slot) to
 * `<model>-canary` (the new one) in steps, and promotes or rolls back on the mesh's metrics.
 */
import type * as pulumi from "@pulumi/pulumi";

/** What the platform exports as `modelRelease`: where its metric templates are and the limits from its config. */
/** Where Flagger's MetricTemplates are (a named type: Pulumi's component schema takes no anonymous object types). */
export interface MetricTemplateNames {
    namespace: string;
    errorRate: string;
    latencyP99: string;
}

export interface ModelReleasePolicy {
    /** False when the stack runs no Flagger (`platform.delivery.enabled`). */
    enabled: boolean;
    /** The MetricTemplates the platform creates, measured from Istio's metrics at the model's sidecars. */
    metricTemplates: MetricTemplateNames;
    /** Roll back above this share of 5xx responses (%). */
    maxErrorRatePercent: number;
    /** Roll back above this p99 latency (ms). */
    maxP99Ms: number;
    stepWeightPercent: number;
    maxWeightPercent: number;
    intervalSeconds: number;
    /** Failed analysis runs before the rollback. */
    failedChecks: number;
}

export const FLAGGER_API = "flagger.app/v1beta1";
export const MODEL_SLOTS = ["blue", "green"] as const;
export type ModelSlot = (typeof MODEL_SLOTS)[number];

/** The label KServe puts on every pod of an InferenceService, with the InferenceService's name. */
export const INFERENCE_SERVICE_LABEL = "serving.kserve.io/inferenceservice";
/** KServe's model-server container port and the port its predictor Service exposes. */
export const MODEL_SERVER_PORT = 8080;
export const MODEL_SERVICE_PORT = 80;

/** Istio's pod annotation for Envoy's histogram boundaries (istio/api annotation/annotations.yaml). */
export const HISTOGRAM_BUCKETS_ANNOTATION = "sidecar.istio.io/statsHistogramBuckets";
/**
 * Istio's default boundaries for its request-duration histogram (ms) with 2000 added: the p99 limit
 * of 2 s then falls on a bucket edge instead of being interpolated between 1000 and 2500.
 */
export const LATENCY_BUCKETS_MS = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000] as const;

/** The annotation's value: per stat prefix (`istiocustom` holds istio_request_duration_milliseconds), the boundaries. */
export function latencyBucketsAnnotation(): Record<string, string> {
    return { [HISTOGRAM_BUCKETS_ANNOTATION]: JSON.stringify({ istiocustom: LATENCY_BUCKETS_MS }) };
}

export function slotName(model: string, slot: ModelSlot): string {
    return `${model}-${slot}`;
}

/** The Deployment KServe's Standard mode creates for a slot: `destination_workload` in Istio's metrics. */
export function slotWorkload(model: string, slot: ModelSlot): string {
    return `${slotName(model, slot)}-predictor`;
}

export function otherSlot(slot: ModelSlot): ModelSlot {
    return slot === "blue" ? "green" : "blue";
}

/** The apex Service's spec: the live slot's model-server pods on KServe's ports. */
export function apexServiceSpec(model: string, liveSlot: ModelSlot) {
    return {
        type: "ClusterIP",
        selector: { [INFERENCE_SERVICE_LABEL]: slotName(model, liveSlot) },
        ports: [{ name: "http", port: MODEL_SERVICE_PORT, targetPort: MODEL_SERVER_PORT, protocol: "TCP", appProtocol: "http" }],
    };
}

export interface ModelCanaryArgs {
    model: string;
    namespace: pulumi.Input<string>;
    /** The slot the apex Service selects after this release: the one under analysis. */
    liveSlot: ModelSlot;
    policy: ModelReleasePolicy;
    /** `<namespace>/<name>` of the platform's gateway. */
    gateway: pulumi.Input<string>;
    /** The host the gateway serves models on. */
    host: pulumi.Input<string>;
}

/** Problems with a release policy, e.g. read from a platform stack that runs no Flagger. */
export function modelReleasePolicyProblems(policy: ModelReleasePolicy): string[] {
    const problems: string[] = [];
    if (!policy.enabled) problems.push("the platform runs no progressive-delivery controller (platform.delivery.enabled is false): a Canary would never be analysed");
    if (!(policy.maxErrorRatePercent > 0 && policy.maxErrorRatePercent <= 100)) problems.push(`maxErrorRatePercent ${policy.maxErrorRatePercent} is not a percentage above 0`);
    if (!(Number.isInteger(policy.maxP99Ms) && policy.maxP99Ms > 0)) problems.push(`maxP99Ms ${policy.maxP99Ms} is not a positive whole number of milliseconds`);
    if (!(policy.stepWeightPercent >= 1 && policy.stepWeightPercent <= policy.maxWeightPercent && policy.maxWeightPercent <= 100)) {
        problems.push(`stepWeightPercent ${policy.stepWeightPercent} and maxWeightPercent ${policy.maxWeightPercent} must satisfy 1 <= step <= max <= 100`);
    }
    return problems;
}

/**
 * The release as one Flagger Canary: its target is the apex Service, its routes are the model's
 * paths on the platform gateway and in the mesh, and its analysis holds the new slot to the
 * platform's limits, measured at the new slot's own Deployment.
 */
export function modelCanary(a: ModelCanaryArgs) {
    const problems = modelReleasePolicyProblems(a.policy);
    if (problems.length > 0) throw new Error(`cannot release model "${a.model}" through the platform's Flagger:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    const p = a.policy;
    const interval = `${p.intervalSeconds}s`;
    const templateVariables = { workload: slotWorkload(a.model, a.liveSlot) };
    const templateRef = (name: string) => ({ name, namespace: p.metricTemplates.namespace });
    return {
        apiVersion: FLAGGER_API,
        kind: "Canary",
        metadata: { name: a.model, namespace: a.namespace },
        spec: {
            provider: "istio",
            targetRef: { apiVersion: "v1", kind: "Service", name: a.model },
            // A slot must have become Ready before the apex points at it; this bounds a stuck analysis.
            progressDeadlineSeconds: 600,
            service: {
                port: MODEL_SERVICE_PORT,
                targetPort: MODEL_SERVER_PORT,
                portName: "http",
                gateways: [a.gateway, "mesh"],
                hosts: [a.host],
                match: [{ uri: { prefix: `/v1/models/${a.model}` } }, { uri: { prefix: `/v2/models/${a.model}` } }],
                timeout: "30s",
                retries: { attempts: 2, perTryTimeout: "10s", retryOn: "connect-failure,refused-stream,unavailable" },
            },
            analysis: {
                interval,
                threshold: p.failedChecks,
                stepWeight: p.stepWeightPercent,
                maxWeight: p.maxWeightPercent,
                metrics: [
                    { name: "error-rate", templateRef: templateRef(p.metricTemplates.errorRate), templateVariables, thresholdRange: { max: p.maxErrorRatePercent }, interval },
                    { name: "latency-p99", templateRef: templateRef(p.metricTemplates.latencyP99), templateVariables, thresholdRange: { max: p.maxP99Ms }, interval },
                ],
            },
        },
    };
}
