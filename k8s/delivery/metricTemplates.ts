/**
 * The MetricTemplates a model release is judged by, measured from Istio's metrics where the new
 * version runs: `reporter="destination"` at the sidecar of the canary slot's Deployment, named by
 * the Canary's `templateVariables.workload`. Flagger's builtin Istio checks match
 * `destination_workload` against the target's name, which in Service mode is the apex Service, not
 * a KServe Deployment: they would find no data and roll every release back.
 *
 * No traffic means no data: both queries then return nothing, which Flagger counts as a failed check.
 */
import { FLAGGER_API } from "../../components/modelRelease";

export const METRIC_TEMPLATES = { errorRate: "model-error-rate", latencyP99: "model-latency-p99" } as const;

const SELECTOR = `reporter="destination", destination_workload_namespace="{{ namespace }}", destination_workload="{{ variables.workload }}"`;

/** Share of 5xx responses in percent; zero, not absent, while requests flow without errors. */
export const ERROR_RATE_QUERY =
    `100 * (sum(rate(istio_requests_total{${SELECTOR}, response_code=~"5.."}[{{ interval }}])) or on() vector(0))` +
    ` / sum(rate(istio_requests_total{${SELECTOR}}[{{ interval }}]))`;

/** p99 latency in milliseconds; the model pods carry a 2000 ms bucket boundary (components/modelRelease.ts). */
export const LATENCY_P99_QUERY = `histogram_quantile(0.99, sum by (le) (rate(istio_request_duration_milliseconds_bucket{${SELECTOR}}[{{ interval }}])))`;

export function metricTemplateObjects(prometheusUrl: string) {
    const template = (name: string, query: string) => ({
        apiVersion: FLAGGER_API,
        kind: "MetricTemplate",
        name,
        spec: { provider: { type: "prometheus", address: prometheusUrl }, query },
    });
    return [template(METRIC_TEMPLATES.errorRate, ERROR_RATE_QUERY), template(METRIC_TEMPLATES.latencyP99, LATENCY_P99_QUERY)];
}
