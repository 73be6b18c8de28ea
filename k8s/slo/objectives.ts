/**
 * The platform's service-level objectives as data: what counts as a request, what counts as a bad
 * one, and the objective. Measured from Istio's standard metrics as the calling proxy reports them
 * (reporter="source": the ingress gateway or a meshed client), so a request that finds no ready
 * model pod (a 503 from the gateway) counts against the budget; the server-side view never sees it.
 */
import type { SloConfig } from "../../components/config/observability";

/** The label every SLO series is kept per: one budget per Kubernetes Service (one per model). */
export const SLO_SERVICE_LABEL = "destination_service_name";

export interface Slo {
    /** The `slo` label of every recorded series and alert, e.g. "model-availability". */
    name: string;
    /** The alerts' name stem, e.g. "ModelAvailability" (-> ModelAvailabilityBudgetBurnFast). */
    alertStem: string;
    /** What the objective promises, for humans: "model requests answered without a 5xx". */
    promise: string;
    /** The objective as a ratio, e.g. 0.999. */
    objective: number;
    /** Rate of all requests over a window, summed per service. */
    total: (window: string) => string;
    /** Rate of requests that broke the promise over a window, summed per service. */
    bad: (window: string) => string;
}

export interface SloNamespaces {
    serving: string;
    mlflow: string;
}

function sel(namespace: string): string {
    return `reporter="source", destination_service_namespace="${namespace}"`;
}

const by = `sum by (${SLO_SERVICE_LABEL})`;

function availability(namespace: string): Pick<Slo, "total" | "bad"> {
    return {
        total: (w) => `${by} (rate(istio_requests_total{${sel(namespace)}}[${w}]))`,
        bad: (w) => `${by} (rate(istio_requests_total{${sel(namespace)}, response_code=~"5.."}[${w}]))`,
    };
}

/**
 * Requests slower than the threshold: all requests minus those in the threshold's bucket. Prometheus
 * 3 stores a classic histogram's `le` in float form ("500.0"), Prometheus 2 as scraped ("500"): the
 * selector accepts both.
 */
function latency(namespace: string, thresholdMs: number): Pick<Slo, "total" | "bad"> {
    const le = Number.isInteger(thresholdMs) ? `${thresholdMs}(\\\\.0)?` : String(thresholdMs).replace(".", "\\\\.");
    const count = (w: string) => `${by} (rate(istio_request_duration_milliseconds_count{${sel(namespace)}}[${w}]))`;
    return {
        total: count,
        bad: (w) => `(${count(w)} - ${by} (rate(istio_request_duration_milliseconds_bucket{${sel(namespace)}, le=~"${le}"}[${w}])))`,
    };
}

const ratio = (percent: number) => Math.round(percent * 1000) / 100000;

export function platformSlos(config: SloConfig, ns: SloNamespaces): Slo[] {
    return [
        {
            name: "model-availability",
            alertStem: "ModelAvailability",
            promise: `${config.servingAvailability}% of model requests answered without a 5xx`,
            objective: ratio(config.servingAvailability),
            ...availability(ns.serving),
        },
        {
            name: "model-latency",
            alertStem: "ModelLatency",
            promise: `${config.servingLatency.objective}% of model requests answered within ${config.servingLatency.thresholdMs} ms`,
            objective: ratio(config.servingLatency.objective),
            ...latency(ns.serving, config.servingLatency.thresholdMs),
        },
        {
            name: "mlflow-availability",
            alertStem: "MlflowAvailability",
            promise: `${config.mlflowAvailability}% of MLflow requests answered without a 5xx`,
            objective: ratio(config.mlflowAvailability),
            ...availability(ns.mlflow),
        },
    ];
}
