/**
 * Image scanning: Trivy Operator scans the images of every running workload outside the cloud's
 * system namespaces and writes VulnerabilityReports; its metrics feed the platform's dashboard and
 * the Critical-findings alert. Scan Jobs run in the operator's namespace (not the workload's), so
 * the namespace's restricted level and mesh mode govern them.
 */
import * as pulumi from "@pulumi/pulumi";
import { PodDisruptionBudget } from "@pulumi/kubernetes/policy/v1";
import type { Release } from "@pulumi/kubernetes/helm/v3";
import { component, type InstallArgs, type NamespaceDeclaration } from "../component";
import { K8sComponent, platformLabels, type K8sContext } from "../context";
import { SYSTEM_NAMESPACE_PREFIXES, SYSTEM_NAMESPACES } from "../guardrails/systemNamespaces";
import { helmRelease } from "../helm";
import { prometheusScrape } from "../monitoring/flows";
import { API_SERVER, outside } from "../networkPolicyBuilder";
import { systemTolerations } from "../securityContext";
import { imageScanningAlertGroup } from "./alerts";
import { imageScanningDashboard } from "./dashboard";
import { TRIVY_OPERATOR_CHARTS, TRIVY_OPERATOR_LABELS, TRIVY_OPERATOR_METRICS_PORT, TRIVY_OPERATOR_RELEASE, TRIVY_SERVER_LABELS, trivyOperatorValues } from "./values";

export const TRIVY_NAMESPACE: NamespaceDeclaration = {
    key: "trivy",
    name: "trivy-system",
    podSecurity: "restricted",
    // Scan Jobs run to completion: an injected sidecar would keep them running until their deadline.
    // Nothing here serves the mesh; the scan Jobs reach the Trivy server inside the namespace.
    mesh: "disabled",
    accepts: [prometheusScrape(TRIVY_OPERATOR_METRICS_PORT)],
    egress: [
        // The operator watches workloads and writes reports.
        API_SERVER,
        // Scan Jobs pull the scanned images' manifests and layers from their registries, and the
        // vulnerability DBs (mirror.gcr.io/aquasec/trivy-db, trivy-java-db); all HTTPS.
        outside("registries", 443),
    ],
};

export interface TrivyOperatorArgs {
    /** The Prometheus Operator's CRDs: the chart ships a ServiceMonitor. */
    monitoringCrds: pulumi.Resource;
}

/** The cloud's system namespaces, as the operator's excludeNamespaces globs. */
export function excludedNamespaces(ctx: Pick<K8sContext, "foundation">): string[] {
    const d = ctx.foundation.cluster.distribution;
    return [...SYSTEM_NAMESPACES[d], ...SYSTEM_NAMESPACE_PREFIXES[d].map((p) => `${p}*`)];
}

export class TrivyOperator extends K8sComponent {
    readonly release: Release;

    constructor(name: string, ctx: K8sContext, args: TrivyOperatorArgs, opts: pulumi.ComponentResourceOptions) {
        super("TrivyOperator", name, ctx, opts);
        const config = ctx.spec.platform.guardrails.imageScanning;
        this.release = helmRelease(
            `${name}-trivy-operator`,
            {
                name: TRIVY_OPERATOR_RELEASE,
                chart: TRIVY_OPERATOR_CHARTS.trivyOperator,
                namespace: ctx.ns[TRIVY_NAMESPACE.key],
                timeoutSeconds: 600,
                values: trivyOperatorValues({
                    ha: ctx.ha,
                    concurrentScanJobs: config.concurrentScanJobs,
                    trivyServer: config.trivyServer,
                    excludeNamespaces: excludedNamespaces(ctx),
                    storageClassName: ctx.foundation.cluster.storageClassName,
                    tolerations: systemTolerations(ctx.foundation.cluster.taints.system),
                }),
            },
            this.child({ dependsOn: [args.monitoringCrds] }),
        );
        if (ctx.ha) {
            this.budget("trivy-operator", TRIVY_OPERATOR_LABELS);
            if (config.trivyServer) this.budget("trivy-server", TRIVY_SERVER_LABELS);
        }
        this.registerOutputs({});
    }

    /** The chart has no PodDisruptionBudgets: one replica of each stays through a node drain. */
    private budget(name: string, matchLabels: Record<string, string>): void {
        new PodDisruptionBudget(
            name,
            {
                metadata: { name, namespace: this.ctx.ns[TRIVY_NAMESPACE.key], labels: platformLabels(this.ctx) },
                spec: { minAvailable: 1, selector: { matchLabels } },
            },
            this.child({ dependsOn: [this.release] }),
        );
    }
}

export const trivyOperator = component({
    name: "trivyOperator",
    namespaces: [TRIVY_NAMESPACE],
    alerts: [imageScanningAlertGroup(TRIVY_NAMESPACE.name)],
    dashboards: [imageScanningDashboard()],
    enabled: (ctx) => ctx.spec.platform.guardrails.imageScanning.enabled,
    install: ({ name, ctx, deps, opts }: InstallArgs<TrivyOperatorArgs>) => new TrivyOperator(name, ctx, deps, opts),
});
