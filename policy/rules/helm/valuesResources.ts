import { resourceRule, type Props } from "../../lib/rule";
import { chartName, HELM_TYPES, isObject, pathLabel, valueAt, valuesOf, walkValues } from "../../lib/helmValues";
import { checkov } from "../../lib/references";

interface Config {
    /** Chart name -> values paths of the resources blocks its pods read. */
    sizedWorkloads: Record<string, string[]>;
}

/**
 * Where each shipped chart reads its containers' resources. Charts render pods from their own
 * templates, so which containers exist is only known per chart; a chart added to the platform adds
 * its row (every other resources block is still checked wherever it sits).
 */
export const SIZED_WORKLOADS: Record<string, string[]> = {
    "cert-manager": ["resources", "cainjector.resources", "webhook.resources", "startupapicheck.resources"],
    "cluster-autoscaler": ["resources"],
    cni: ["resources"],
    gateway: ["resources"],
    istiod: ["resources", "global.proxy.resources"],
    keda: ["resources.operator", "resources.metricServer", "resources.webhooks"],
    "kserve-resources": ["kserve.controller.resources"],
    "kube-prometheus-stack": [
        "prometheus.prometheusSpec.resources",
        "alertmanager.alertmanagerSpec.resources",
        "grafana.resources",
        "kube-state-metrics.resources",
        "prometheus-node-exporter.resources",
        "prometheusOperator.resources",
    ],
    "metrics-server": ["resources"],
    mlflow: ["resources"],
    "nvidia-device-plugin": ["resources"],
};

/** A container resources block: requests.cpu, requests.memory and limits.memory. */
function gaps(block: Props): string[] {
    const requests = isObject(block.requests) ? block.requests : {};
    const limits = isObject(block.limits) ? block.limits : {};
    return [
        ...(requests.cpu === undefined ? ["no CPU request"] : []),
        ...(requests.memory === undefined ? ["no memory request"] : []),
        ...(limits.memory === undefined ? ["no memory limit"] : []),
    ];
}

/** A PersistentVolumeClaim's resources (requests.storage only) are not a container's. */
function isVolumeClaim(block: Props): boolean {
    const requests = isObject(block.requests) ? block.requests : {};
    return requests.storage !== undefined && requests.cpu === undefined && requests.memory === undefined;
}

/** resources: {requests, limits}, or a map of components to such blocks (keda's resources.operator). */
function containerBlocks(path: string[], block: Props): { path: string[]; block: Props }[] {
    if ("requests" in block || "limits" in block || Object.keys(block).length === 0) return [{ path, block }];
    return Object.entries(block).filter(([, v]) => isObject(v)).map(([k, v]) => ({ path: [...path, k], block: v as Props }));
}

export function resourceGaps(chart: string, values: unknown, sized: Record<string, string[]>): string[] {
    const found: string[] = [];
    walkValues(values, ({ key, value, path }) => {
        if (key !== "resources" || !isObject(value) || isVolumeClaim(value)) return;
        for (const c of containerBlocks(path, value)) {
            const missing = gaps(c.block);
            if (missing.length > 0) found.push(`${pathLabel(c.path)}: ${missing.join("; ")}.`);
        }
    });
    for (const required of sized[chart] ?? []) {
        if (valueAt(values, required) === undefined) found.push(`values.${required} is not set: the chart's pods would run without requests or a memory limit.`);
    }
    return found;
}

/** Memory limits stop one pod's leak from evicting its neighbours; the same rule as for Deployments, inside chart values. */
export default resourceRule<Config>({
    name: "helm-values-resources",
    description: "Every container a Helm release configures requests CPU and memory and limits memory: each resources block in the values is complete, and each chart's known workloads are sized.",
    category: "availability",
    severity: "medium",
    references: [checkov("CKV_K8S_10"), checkov("CKV_K8S_11"), checkov("CKV_K8S_12"), checkov("CKV_K8S_13")],
    remediationSteps: "Set resources.requests.cpu, requests.memory and limits.memory at the values path the chart reads; a new chart adds its paths to sizedWorkloads.",
    config: {
        sizedWorkloads: {
            type: "object",
            additionalProperties: { type: "array", items: { type: "string" } },
            default: SIZED_WORKLOADS,
            description: "Chart name -> values paths that must hold a complete resources block.",
        },
    },
    types: HELM_TYPES,
    check: ({ props, config, report }) => {
        for (const gap of resourceGaps(chartName(props), valuesOf(props), config.sizedWorkloads)) report(gap);
    },
});
