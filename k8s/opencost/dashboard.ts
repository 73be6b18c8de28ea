/**
 * Cost per namespace from OpenCost's own metrics as Prometheus scrapes them: what each namespace's
 * containers are allocated (max of request and usage) times the hourly price of the node they run
 * on. Persistent volumes are left out (their claim-to-namespace join needs kube-state-metrics
 * series the platform does not keep for this); OpenCost's API has them.
 */
import type { Dashboard } from "../dashboards";

/** Hours in an average month, as cloud price lists count them. */
export const HOURS_PER_MONTH = 730;

const nodePrice = (metric: string) => `on (node) group_left () max by (node) (${metric})`;

/** USD per hour of each namespace's CPU and memory allocation. */
export const CPU_COST_BY_NAMESPACE = `sum by (namespace) (sum by (namespace, node) (container_cpu_allocation) * ${nodePrice("node_cpu_hourly_cost")})`;
export const MEMORY_COST_BY_NAMESPACE = `sum by (namespace) (sum by (namespace, node) (container_memory_allocation_bytes) / 1073741824 * ${nodePrice("node_ram_hourly_cost")})`;
export const GPU_COST_BY_NAMESPACE = `sum by (namespace) (sum by (namespace, node) (container_gpu_allocation) * ${nodePrice("node_gpu_hourly_cost")})`;

export function costDashboard(): Dashboard {
    const computeCost = `(${CPU_COST_BY_NAMESPACE}) + (${MEMORY_COST_BY_NAMESPACE})`;
    return {
        uid: "cost-per-namespace",
        title: "Cost per namespace (OpenCost)",
        panels: [
            { title: "Hourly cost by namespace: CPU and memory", unit: "currencyUSD", targets: [{ expr: computeCost, legend: "{{namespace}}" }] },
            { title: `Monthly estimate by namespace (hourly x ${HOURS_PER_MONTH})`, unit: "currencyUSD", targets: [{ expr: `(${computeCost}) * ${HOURS_PER_MONTH}`, legend: "{{namespace}}" }] },
            { title: "Hourly GPU cost by namespace", unit: "currencyUSD", targets: [{ expr: GPU_COST_BY_NAMESPACE, legend: "{{namespace}}" }] },
            {
                title: "Hourly node cost: spot and on-demand",
                unit: "currencyUSD",
                targets: [
                    { expr: `sum (node_total_hourly_cost and on (node) (max by (node) (kubecost_node_is_spot) == 1))`, legend: "spot" },
                    { expr: `sum (node_total_hourly_cost and on (node) (max by (node) (kubecost_node_is_spot) == 0))`, legend: "on-demand" },
                ],
            },
        ],
    };
}
