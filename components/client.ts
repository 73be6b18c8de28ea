/**
 * The light client entry point (`@acme/mlplatform/client`): what a dependent team needs to read a
 * platform stack. It loads @pulumi/pulumi and nothing else: no cloud or Kubernetes SDK.
 */
export { PlatformReference, PlatformOutputError, PLATFORM_OUTPUT_KEYS, type PlatformOutputKey, type PlatformOutputValue } from "./reference";
export { SECRET_OUTPUT_KEYS, type PlatformOutputs } from "./outputs";
export {
    apexServiceSpec,
    FLAGGER_API,
    INFERENCE_SERVICE_LABEL,
    LATENCY_BUCKETS_MS,
    latencyBucketsAnnotation,
    MODEL_SLOTS,
    modelCanary,
    modelReleasePolicyProblems,
    otherSlot,
    slotName,
    slotWorkload,
    type ModelCanaryArgs,
    type ModelReleasePolicy,
    type ModelSlot,
} from "./modelRelease";
