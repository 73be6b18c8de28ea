/**
 * Model staleness from a metric something real exports. MLflow's Prometheus exporter only counts
 * HTTP requests, and no serving runtime knows when its model was trained, so the release writes
 * the registry's timestamp onto the InferenceService as an annotation, and kube-state-metrics'
 * custom-resource-state feature turns that RFC3339 string into a gauge (its docs: a gauge value
 * "should be a number, boolean or RFC3339 timestamp string"). Without the list/watch grant on
 * InferenceServices it exports nothing and only logs errors, so the grant comes with the config.
 */

/** The annotation a model release sets: when the registered model version was created (RFC3339). */
export const MODEL_TRAINED_AT_ANNOTATION = "ml-platform.io/model-trained-at";

const METRIC_PREFIX = "mlplatform";
const METRIC_NAME = "model_trained_timestamp_seconds";

/** The gauge, per `namespace` and `model` (the InferenceService's name), in Unix seconds. */
export const MODEL_TRAINED_METRIC = `${METRIC_PREFIX}_${METRIC_NAME}`;

/** The `kube-state-metrics` subchart values that produce MODEL_TRAINED_METRIC. */
export function modelFreshnessValues() {
    return {
        customResourceState: {
            enabled: true,
            config: {
                kind: "CustomResourceStateMetrics",
                spec: {
                    resources: [
                        {
                            groupVersionKind: { group: "serving.kserve.io", version: "v1beta1", kind: "InferenceService" },
                            metricNamePrefix: METRIC_PREFIX,
                            labelsFromPath: { namespace: ["metadata", "namespace"], model: ["metadata", "name"] },
                            metrics: [
                                {
                                    name: METRIC_NAME,
                                    help: `When the served model version was trained (registry creation time), from the ${MODEL_TRAINED_AT_ANNOTATION} annotation.`,
                                    // When `path` ends at a map, kube-state-metrics looks `valueFrom` up in
                                    // each child of that map, and only a one-element `valueFrom` is matched
                                    // against the child's key (compiledGauge.Values in
                                    // pkg/customresourcestate/registry_factory.go). So the path is the
                                    // annotations map and valueFrom the one key; other annotations resolve
                                    // to nothing and are skipped without an error.
                                    each: { type: "Gauge", gauge: { path: ["metadata", "annotations"], valueFrom: [MODEL_TRAINED_AT_ANNOTATION] } },
                                },
                            ],
                        },
                    ],
                },
            },
        },
        rbac: { extraRules: [{ apiGroups: ["serving.kserve.io"], resources: ["inferenceservices"], verbs: ["list", "watch"] }] },
    };
}
