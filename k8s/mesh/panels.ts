import type { Panel } from "../dashboards";

/** Request rate, 5xx ratio and latency of a meshed namespace, from its sidecars. */
export function meshTrafficPanels(namespace: string): Panel[] {
    const sel = `reporter="destination", destination_workload_namespace="${namespace}"`;
    const latency = (q: number) =>
        `histogram_quantile(${q}, sum by (destination_workload, le) (rate(istio_request_duration_milliseconds_bucket{${sel}}[5m])))`;
    return [
        { title: "Requests per second", unit: "reqps", targets: [{ expr: `sum by (destination_workload) (rate(istio_requests_total{${sel}}[5m]))`, legend: "{{destination_workload}}" }] },
        {
            title: "Error ratio (5xx)",
            unit: "percentunit",
            targets: [
                {
                    expr: `sum by (destination_workload) (rate(istio_requests_total{${sel}, response_code=~"5.."}[5m])) / sum by (destination_workload) (rate(istio_requests_total{${sel}}[5m]))`,
                    legend: "{{destination_workload}}",
                },
            ],
        },
        {
            title: "Latency p50 / p99",
            unit: "ms",
            targets: [
                { expr: latency(0.5), legend: "p50 {{destination_workload}}" },
                { expr: latency(0.99), legend: "p99 {{destination_workload}}" },
            ],
        },
    ];
}

