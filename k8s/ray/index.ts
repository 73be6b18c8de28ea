/**
 * Distributed compute with Ray: the KubeRay operator in its own namespace, watching one namespace
 * (`ray`) where teams run RayJobs, RayClusters and RayServices. That namespace has restricted pod
 * security, the kit's deny-by-default NetworkPolicies, a quota, a service account bound to the
 * artifact store through the cloud's workload identity, MLflow reachable over the mesh, and Ray's
 * metrics in Prometheus with alerts and a Grafana dashboard. On when
 * `platform.distributedCompute.enabled`; its namespaces exist either way.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigMap, LimitRange, ResourceQuota, ServiceAccount } from "@pulumi/kubernetes/core/v1";
import type { Release } from "@pulumi/kubernetes/helm/v3";
import { PodDisruptionBudget } from "@pulumi/kubernetes/policy/v1";
import type { IdentityBinding } from "../../components/foundation";
import { MONITORING_API } from "../alertRules";
import { component, type InstallArgs, type NamespaceDeclaration } from "../component";
import { K8sComponent, platformLabels, type K8sContext } from "../context";
import { customResource } from "../customResource";
import { helmRelease } from "../helm";
import { ISTIO_NETWORKING, ISTIO_SECURITY, principal } from "../mesh/istio";
import { MLFLOW_SELECTOR } from "../mlflow/values";
import { prometheusScrape } from "../monitoring/flows";
import { API_SERVER, outside } from "../networkPolicyBuilder";
import { systemTolerations } from "../securityContext";
import {
    NODE_POOLS_CONFIGMAP,
    OPERATOR_METRICS_PORT,
    OPERATOR_NAMESPACE,
    OPERATOR_RELEASE,
    OPERATOR_SELECTOR,
    RAY_NAMESPACE,
    RAY_NAMESPACE_KEY,
    RAY_PORTS,
    RAY_SERVICE_ACCOUNT,
} from "./constants";
import { podMonitorSpecs, rayAlertGroups, rayDashboard } from "./monitoring";
import { nodePoolScheduling } from "./nodePools";
import { operatorValues } from "./operator";
import { RAY_CHARTS } from "./values";

/** The operator needs nothing from the mesh. */
export const KUBERAY_NAMESPACE: NamespaceDeclaration = {
    key: "kuberay",
    name: OPERATOR_NAMESPACE,
    podSecurity: "restricted",
    mesh: "disabled",
    accepts: [prometheusScrape(OPERATOR_METRICS_PORT)],
    egress: [API_SERVER],
};

/**
 * Ray pods are in the mesh for their outbound calls only (operator.ts). Every port is open between
 * Ray pods (the kit's same-namespace rule): Ray picks its node-manager, object-manager and worker
 * ports at run time unless each RayCluster pins them. Across namespaces only these ports.
 */
export const RAY_NAMESPACE_DECLARATION: NamespaceDeclaration = {
    key: RAY_NAMESPACE_KEY,
    name: RAY_NAMESPACE,
    podSecurity: "restricted",
    mesh: "injected",
    accepts: [
        // The operator submits jobs (HTTPMode) and reads job and Serve status from the head's dashboard API.
        { name: "kuberay-operator", peers: [{ namespace: KUBERAY_NAMESPACE.key }], ports: [RAY_PORTS.dashboard], callerRule: "ray-dashboard" },
        prometheusScrape(RAY_PORTS.metrics, RAY_PORTS.autoscalerMetrics, RAY_PORTS.dashboardMetrics),
    ],
    // The in-tree autoscaler (head pod) scales worker groups through the RayCluster object; the
    // artifact store and package indexes (runtime_env pip) are outside the cluster.
    egress: [API_SERVER, outside("object-store-and-packages", 443)],
    workloadIdentity: true,
};

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
}

export class DistributedCompute extends K8sComponent {
    readonly operator: Release;
    readonly binding: IdentityBinding;

    constructor(name: string, ctx: K8sContext, args: DistributedComputeArgs, opts: pulumi.ComponentResourceOptions) {
        super("DistributedCompute", name, ctx, opts);
        const config = ctx.spec.platform.distributedCompute;
        this.binding = ctx.foundation.workloadIdentity({ namespace: RAY_NAMESPACE, serviceAccount: RAY_SERVICE_ACCOUNT, access: "objectStoreReadWrite" });
        const account = new ServiceAccount(
            `${RAY_NAMESPACE}-${RAY_SERVICE_ACCOUNT}`,
            { metadata: { name: RAY_SERVICE_ACCOUNT, namespace: ctx.ns[RAY_NAMESPACE_KEY], labels: platformLabels(ctx), annotations: this.binding.serviceAccountAnnotations } },
            this.child(),
        );
        this.operator = helmRelease(
            `${name}-kuberay-operator`,
            {
                name: OPERATOR_RELEASE,
                chart: RAY_CHARTS.kuberayOperator,
                namespace: ctx.ns[KUBERAY_NAMESPACE.key],
                timeoutSeconds: 600,
                values: operatorValues({
                    replicas: config.operatorReplicas,
                    tolerations: systemTolerations(ctx.foundation.cluster.taints.system),
                    rayPodLabels: this.binding.podLabels,
                    rayEnv: rayEnvironment(ctx),
                }),
            },
            // KubeRay binds the autoscaler's Role to the head's service account but never creates it.
            this.child({ dependsOn: [args.monitoringCrds, account] }),
        );
        if (config.operatorReplicas > 1) this.operatorDisruptionBudget();
        this.quota(config.quota);
        this.nodePools();
        this.meshPolicies(args.mesh);
        this.podMonitors(args.monitoringCrds);
        this.registerOutputs({ namespace: RAY_NAMESPACE, serviceAccount: RAY_SERVICE_ACCOUNT });
    }

    private operatorDisruptionBudget(): void {
        new PodDisruptionBudget(
            `${OPERATOR_RELEASE}-pdb`,
            {
                metadata: { name: OPERATOR_RELEASE, namespace: this.ctx.ns[KUBERAY_NAMESPACE.key], labels: platformLabels(this.ctx) },
                spec: { minAvailable: 1, selector: { matchLabels: { ...OPERATOR_SELECTOR } } },
            },
            this.child({ dependsOn: [this.operator] }),
        );
    }

    /** What all Ray pods together may request; the LimitRange gives containers without requests a small default. */
    private quota(q: { cpu: number; memoryGb: number; gpus: number }): void {
        const meta = (n: string) => ({ name: n, namespace: this.ctx.ns[RAY_NAMESPACE_KEY], labels: platformLabels(this.ctx) });
        new ResourceQuota(
            `${RAY_NAMESPACE}-quota`,
            { metadata: meta("ray-compute"), spec: { hard: { "requests.cpu": String(q.cpu), "requests.memory": `${q.memoryGb}Gi`, "requests.nvidia.com/gpu": String(q.gpus) } } },
            this.child(),
        );
        new LimitRange(`${RAY_NAMESPACE}-defaults`, { metadata: meta("ray-defaults"), spec: { limits: [{ type: "Container", defaultRequest: { cpu: "100m", memory: "256Mi" } }] } }, this.child());
    }

    private nodePools(): void {
        new ConfigMap(
            `${RAY_NAMESPACE}-${NODE_POOLS_CONFIGMAP}`,
            { metadata: { name: NODE_POOLS_CONFIGMAP, namespace: this.ctx.ns[RAY_NAMESPACE_KEY], labels: platformLabels(this.ctx) }, data: nodePoolScheduling(this.ctx.foundation.cluster.taints) },
            this.child(),
        );
    }

    private meshPolicies(mesh: pulumi.Resource[]): void {
        const labels = platformLabels(this.ctx);
        const opts = this.child({ dependsOn: mesh });
        // Ray pods take no inbound traffic through their sidecar, so meshed clients must not originate mTLS to them.
        customResource("ray-plaintext", {
            apiVersion: ISTIO_NETWORKING,
            kind: "DestinationRule",
            name: "ray-services",
            namespace: this.ctx.ns[RAY_NAMESPACE_KEY],
            labels,
            spec: { host: `*.${RAY_NAMESPACE}.svc.cluster.local`, trafficPolicy: { tls: { mode: "DISABLE" } } },
        }, opts);
        // Past the mesh-wide deny-by-default: MLflow admits Ray pods' identity (its basic auth still applies).
        customResource("mlflow-allow-ray", {
            apiVersion: ISTIO_SECURITY,
            kind: "AuthorizationPolicy",
            name: "allow-ray",
            namespace: this.ctx.ns.mlflow,
            labels,
            spec: { selector: { matchLabels: { ...MLFLOW_SELECTOR } }, action: "ALLOW", rules: [{ from: [{ source: { principals: [principal(RAY_NAMESPACE, RAY_SERVICE_ACCOUNT)] } }] }] },
        }, opts);
    }

    private podMonitors(crds: pulumi.Resource): void {
        for (const m of podMonitorSpecs(RAY_NAMESPACE)) {
            customResource(
                `${m.name}-pod-monitor`,
                { apiVersion: MONITORING_API, kind: "PodMonitor", name: m.name, namespace: this.ctx.ns[RAY_NAMESPACE_KEY], labels: platformLabels(this.ctx), spec: m.spec },
                this.child({ dependsOn: [crds] }),
            );
        }
    }
}

export const ray = component({
    name: "ray",
    namespaces: [KUBERAY_NAMESPACE, RAY_NAMESPACE_DECLARATION],
    alerts: rayAlertGroups(RAY_NAMESPACE),
    dashboards: [rayDashboard(RAY_NAMESPACE)],
    enabled: (ctx) => ctx.spec.platform.distributedCompute.enabled,
    install: ({ name, ctx, deps, opts }: InstallArgs<DistributedComputeArgs>) => new DistributedCompute(name, ctx, deps, opts),
});
