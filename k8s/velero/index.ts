/**
 * Velero: scheduled backups of the cluster's state (every namespace's objects, persistent volumes as
 * the cloud's disk snapshots) into the stack's own backup bucket, through workload identity. The
 * schedule and retention come from `platform.clusterBackups`; the backup-age alert follows from the
 * schedule (alerts.ts), so it is Velero's own PrometheusRule rather than a gathered group.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Release } from "@pulumi/kubernetes/helm/v3";
import { MONITORING_API, prometheusGroups } from "../alertRules";
import { component, type InstallArgs, type NamespaceDeclaration } from "../component";
import { K8sComponent, platformLabels, type K8sContext } from "../context";
import { customResource } from "../customResource";
import { helmRelease } from "../helm";
import { prometheusScrape } from "../monitoring/flows";
import { API_SERVER, outside } from "../networkPolicyBuilder";
import { systemTolerations } from "../securityContext";
import { veleroAlerts } from "./alerts";
import { VELERO_CHARTS, VELERO_METRICS_PORT, VELERO_RELEASE, VELERO_SCHEDULE_NAME, VELERO_SERVICE_ACCOUNT, veleroValues } from "./values";

/**
 * No sidecars: the chart's CRD-upgrade hook Job would never complete beside one, and Velero talks
 * only to the API server and the cloud's APIs.
 */
export const VELERO_NAMESPACE: NamespaceDeclaration = {
    key: "velero",
    name: "velero",
    podSecurity: "restricted",
    mesh: "disabled",
    accepts: [prometheusScrape(VELERO_METRICS_PORT)],
    // The object store and the compute API for snapshots (the storage account's private endpoint on Azure).
    egress: [API_SERVER, outside("cloud-apis", 443)],
    workloadIdentity: true,
};

export const VELERO_RULE_NAME = "velero-backups";

export interface VeleroArgs {
    /** The Prometheus Operator's CRDs: the chart's ServiceMonitor and the PrometheusRule. */
    monitoringCrds: pulumi.Resource;
    /** kube-prometheus-stack: its operator's admission webhook validates PrometheusRules. */
    monitoring: pulumi.Resource;
}

export class Velero extends K8sComponent {
    readonly release: Release;

    constructor(name: string, ctx: K8sContext, args: VeleroArgs, opts: pulumi.ComponentResourceOptions) {
        super("Velero", name, ctx, opts);
        const config = ctx.spec.platform.clusterBackups;
        const binding = ctx.foundation.workloadIdentity({ namespace: VELERO_NAMESPACE.name, serviceAccount: VELERO_SERVICE_ACCOUNT, access: "clusterBackups" });
        this.release = helmRelease(
            `${name}-velero`,
            {
                name: VELERO_RELEASE,
                chart: VELERO_CHARTS.velero,
                namespace: ctx.ns[VELERO_NAMESPACE.key],
                timeoutSeconds: 600,
                values: veleroValues({
                    backups: ctx.foundation.clusterBackups,
                    config,
                    binding,
                    tolerations: systemTolerations(ctx.foundation.cluster.taints.system),
                    prefix: `${ctx.spec.project}-${ctx.spec.stack}`,
                }),
            },
            this.child({ dependsOn: [args.monitoringCrds] }),
        );
        customResource(
            VELERO_RULE_NAME,
            {
                apiVersion: MONITORING_API,
                kind: "PrometheusRule",
                name: VELERO_RULE_NAME,
                namespace: ctx.ns[VELERO_NAMESPACE.key],
                labels: platformLabels(ctx),
                spec: { groups: prometheusGroups(veleroAlerts(VELERO_SCHEDULE_NAME, config.everyHours)) },
            },
            this.child({ dependsOn: [args.monitoringCrds, args.monitoring] }),
        );
        this.registerOutputs({});
    }
}

/** On every stack: staging and production both back up their cluster state. */
export const velero = component({
    name: "velero",
    namespaces: [VELERO_NAMESPACE],
    install: ({ name, ctx, deps, opts }: InstallArgs<VeleroArgs>) => new Velero(name, ctx, deps, opts),
});
