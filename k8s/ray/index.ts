/**
 * Distributed compute with Ray: the KubeRay operator in its own namespace, watching one namespace
 * (`ray`) where teams run RayJobs, RayClusters and RayServices. That namespace has restricted pod
 * security, deny-by-default NetworkPolicies, a quota, a service account bound to the artifact
 * store through the cloud's workload identity, MLflow reachable over the mesh, and Ray's metrics
 * in Prometheus with alerts and a Grafana dashboard.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigMap, LimitRange, Namespace, ResourceQuota, ServiceAccount } from "@pulumi/kubernetes/core/v1";
import type { Release } from "@pulumi/kubernetes/helm/v3";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1";
import { PodDisruptionBudget } from "@pulumi/kubernetes/policy/v1";
import type { IdentityBinding } from "../../components/foundation";
import { K8sComponent, platformLabels, type K8sContext } from "../context";
import { helmRelease } from "../helm";
import { customResource, ISTIO_NETWORKING, ISTIO_SECURITY, principal } from "../istioResources";
import { KUBE_PROMETHEUS_RELEASE, MONITORING_API } from "../monitoring";
import { dashboardJson } from "../monitoring/dashboards";
import { prometheusGroups } from "../monitoring/rules";
import { namespaceLabels, type PlatformNamespace } from "../namespaces";
import { systemTolerations } from "../securityContext";
import { MLFLOW_SELECTOR } from "../values/mlflow";
import { NODE_POOLS_CONFIGMAP, OPERATOR_NAMESPACE, OPERATOR_RELEASE, OPERATOR_SELECTOR, RAY_NAMESPACE, RAY_SERVICE_ACCOUNT } from "./constants";
import { podMonitorSpecs, rayAlertGroups, rayDashboard } from "./monitoring";
import { MLFLOW_FROM_RAY, rayNamespacePolicies } from "./network";
import { nodePoolScheduling } from "./nodePools";
import { operatorValues } from "./operator";
import { ingressFrom, namespacePolicySpecs, type NamedPolicy } from "./policies";

/** The operator needs nothing from the mesh; Ray pods use it for their outbound calls (see operator.ts). */
export const RAY_NAMESPACES = {
    operator: { name: OPERATOR_NAMESPACE, podSecurity: "restricted", mesh: "disabled" },
    ray: { name: RAY_NAMESPACE, podSecurity: "restricted", mesh: "injected" },
} as const satisfies Record<string, PlatformNamespace>;

/** What every Ray container is told about the artifact store (the identity itself comes from the service account). */
export function rayEnvironment(ctx: K8sContext): pulumi.Output<Record<string, string>> {
    const store = ctx.foundation.objectStore;
    return pulumi.all([store.clientEnv, store.uri]).apply(([env, uri]): Record<string, string> => ({ ...env, ML_PLATFORM_ARTIFACT_URI: uri }));
}

export interface DistributedComputeArgs {
    /** Istio CRDs and istiod (sidecar injection in the Ray namespace). */
    mesh: pulumi.Resource[];
    /** prometheus-operator CRDs: the chart's ServiceMonitor and our PodMonitors. */
    monitoringCrds: pulumi.Resource;
    /** kube-prometheus-stack: its admission webhook validates PrometheusRules. */
    monitoring: pulumi.Resource;
}

export class DistributedCompute extends K8sComponent {
    readonly operator: Release;
    readonly binding: IdentityBinding;
    readonly namespace: pulumi.Output<string>;

    constructor(name: string, ctx: K8sContext, args: DistributedComputeArgs, opts: pulumi.ComponentResourceOptions) {
        super("DistributedCompute", name, ctx, opts);
        const config = ctx.spec.platform.distributedCompute;
        const operatorNs = this.ns(RAY_NAMESPACES.operator);
        const rayNs = this.ns(RAY_NAMESPACES.ray);
        this.namespace = rayNs.metadata.name;
        this.binding = ctx.foundation.workloadIdentity({ namespace: RAY_NAMESPACE, serviceAccount: RAY_SERVICE_ACCOUNT, access: "objectStoreReadWrite" });
        const account = new ServiceAccount(
            `${RAY_NAMESPACE}-${RAY_SERVICE_ACCOUNT}`,
            { metadata: { name: RAY_SERVICE_ACCOUNT, namespace: this.namespace, labels: platformLabels(ctx), annotations: this.binding.serviceAccountAnnotations } },
            this.child(),
        );
        this.operator = helmRelease(
            `${name}-kuberay-operator`,
            {
                name: OPERATOR_RELEASE,
                chart: "kuberayOperator",
                namespace: operatorNs.metadata.name,
                timeoutSeconds: 600,
                values: operatorValues({
                    replicas: config.operatorReplicas,
                    tolerations: systemTolerations(ctx.foundation.cluster.taints.system),
                    rayPodLabels: this.binding.podLabels,
                    rayEnv: rayEnvironment(ctx),
                }),
            },
            // The Ray namespace exists before the operator watches it.
            this.child({ dependsOn: [args.monitoringCrds, rayNs, account] }),
        );
        if (config.operatorReplicas > 1) this.operatorDisruptionBudget(operatorNs);
        this.quota(config.quota);
        this.nodePools();
        this.networkPolicies(operatorNs, rayNs);
        this.meshPolicies(args.mesh);
        this.observability(args);
        this.registerOutputs({ namespace: this.namespace, serviceAccount: RAY_SERVICE_ACCOUNT });
    }

    private ns(ns: PlatformNamespace): Namespace {
        const labels = { ...platformLabels(this.ctx), ...namespaceLabels(ns, this.ctx.foundation.cluster.kubernetesVersion) };
        return new Namespace(ns.name, { metadata: { name: ns.name, labels } }, this.child());
    }

    private operatorDisruptionBudget(ns: Namespace): void {
        new PodDisruptionBudget(
            `${OPERATOR_RELEASE}-pdb`,
            { metadata: { name: OPERATOR_RELEASE, namespace: ns.metadata.name, labels: platformLabels(this.ctx) }, spec: { minAvailable: 1, selector: { matchLabels: { ...OPERATOR_SELECTOR } } } },
            this.child({ dependsOn: [this.operator] }),
        );
    }

    /** What all Ray pods together may request; the LimitRange gives containers without requests a small default. */
    private quota(q: { cpu: number; memoryGb: number; gpus: number }): void {
        const meta = (n: string) => ({ name: n, namespace: this.namespace, labels: platformLabels(this.ctx) });
        new ResourceQuota(
            `${RAY_NAMESPACE}-quota`,
            { metadata: meta("ray-compute"), spec: { hard: { "requests.cpu": String(q.cpu), "requests.memory": `${q.memoryGb}Gi`, "requests.nvidia.com/gpu": String(q.gpus) } } },
            this.child(),
        );
        new LimitRange(
            `${RAY_NAMESPACE}-defaults`,
            { metadata: meta("ray-defaults"), spec: { limits: [{ type: "Container", defaultRequest: { cpu: "100m", memory: "256Mi" } }] } },
            this.child(),
        );
    }

    private nodePools(): void {
        new ConfigMap(
            `${RAY_NAMESPACE}-${NODE_POOLS_CONFIGMAP}`,
            { metadata: { name: NODE_POOLS_CONFIGMAP, namespace: this.namespace, labels: platformLabels(this.ctx) }, data: nodePoolScheduling(this.ctx.foundation.cluster.taints) },
            this.child(),
        );
    }

    private policy(namespace: pulumi.Input<string>, resourcePrefix: string, p: NamedPolicy): NetworkPolicy {
        return new NetworkPolicy(
            `${resourcePrefix}-${p.name}`,
            { metadata: { name: p.name, namespace, labels: platformLabels(this.ctx), annotations: p.annotations }, spec: p.spec },
            this.child(),
        );
    }

    private networkPolicies(operatorNs: Namespace, rayNs: Namespace): void {
        const all = rayNamespacePolicies(this.ctx);
        for (const p of namespacePolicySpecs(all.operator)) this.policy(operatorNs.metadata.name, OPERATOR_NAMESPACE, p);
        for (const p of namespacePolicySpecs(all.ray)) this.policy(rayNs.metadata.name, RAY_NAMESPACE, p);
        // MLflow's own policies admit only its listed callers; this one adds the Ray namespace.
        this.policy(this.ctx.ns.mlflow, "mlflow", ingressFrom("allow-ingress-from-ray", MLFLOW_FROM_RAY, { ...MLFLOW_SELECTOR }));
    }

    private meshPolicies(mesh: pulumi.Resource[]): void {
        const labels = platformLabels(this.ctx);
        const opts = this.child({ dependsOn: mesh });
        // Ray pods take no inbound traffic through their sidecar, so meshed clients must not originate mTLS to them.
        customResource("ray-plaintext", {
            apiVersion: ISTIO_NETWORKING,
            kind: "DestinationRule",
            name: "ray-services",
            namespace: this.namespace,
            labels,
            spec: { host: `*.${RAY_NAMESPACE}.svc.cluster.local`, trafficPolicy: { tls: { mode: "DISABLE" } } },
        }, opts);
        // MLflow's mesh-wide deny-by-default: admit Ray pods' identity (MLflow's basic auth still applies).
        customResource("mlflow-allow-ray", {
            apiVersion: ISTIO_SECURITY,
            kind: "AuthorizationPolicy",
            name: "allow-ray",
            namespace: this.ctx.ns.mlflow,
            labels,
            spec: { selector: { matchLabels: { ...MLFLOW_SELECTOR } }, action: "ALLOW", rules: [{ from: [{ source: { principals: [principal(RAY_NAMESPACE, RAY_SERVICE_ACCOUNT)] } }] }] },
        }, opts);
    }

    private observability(args: DistributedComputeArgs): void {
        const labels = platformLabels(this.ctx);
        for (const m of podMonitorSpecs(RAY_NAMESPACE)) {
            customResource(`${m.name}-pod-monitor`, { apiVersion: MONITORING_API, kind: "PodMonitor", name: m.name, namespace: this.namespace, labels, spec: m.spec }, this.child({ dependsOn: [args.monitoringCrds] }));
        }
        customResource("ray-alerts", {
            apiVersion: MONITORING_API,
            kind: "PrometheusRule",
            name: "ray-alerts",
            namespace: this.ctx.ns.monitoring,
            labels: platformLabels(this.ctx, { release: KUBE_PROMETHEUS_RELEASE }),
            spec: { groups: prometheusGroups(rayAlertGroups(RAY_NAMESPACE)) },
        }, this.child({ dependsOn: [args.monitoringCrds, args.monitoring] }));
        const d = rayDashboard(RAY_NAMESPACE);
        new ConfigMap(
            `dashboard-${d.uid}`,
            { metadata: { name: `dashboard-${d.uid}`, namespace: this.ctx.ns.monitoring, labels: platformLabels(this.ctx, { grafana_dashboard: "1" }) }, data: { [`${d.uid}.json`]: dashboardJson(d) } },
            this.child(),
        );
    }
}
