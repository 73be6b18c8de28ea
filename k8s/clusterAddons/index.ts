/**
 * Cluster-level add-ons the Foundation says the platform must install: the cluster-autoscaler
 * (with the IRSA-style binding the cloud prepared), metrics-server, and the NVIDIA device plugin.
 * Clouds whose control plane provides them report "managed"/"provided" and get nothing here.
 */
import * as pulumi from "@pulumi/pulumi";
import { component, type InstallArgs } from "../component";
import { K8sComponent, type K8sContext } from "../context";
import { helmRelease } from "../helm";
import { KUBE_PROMETHEUS_RELEASE } from "../monitoring";
import { systemTolerations } from "../securityContext";
import { CLUSTER_ADDONS_CHARTS, clusterAutoscalerValues, metricsServerValues, nvidiaDevicePluginValues } from "./values";

export class ClusterAddons extends K8sComponent {
    constructor(name: string, ctx: K8sContext, args: { monitoringCrds: pulumi.Resource }, opts: pulumi.ComponentResourceOptions) {
        super("ClusterAddons", name, ctx, opts);
        const { cluster } = ctx.foundation;
        const tolerations = systemTolerations(cluster.taints.system);
        const autoscaling = cluster.nodeAutoscaling;
        if (autoscaling.mode === "cluster-autoscaler") {
            const sa = autoscaling.serviceAccount;
            helmRelease(
                `${name}-cluster-autoscaler`,
                {
                    name: "cluster-autoscaler",
                    chart: CLUSTER_ADDONS_CHARTS.clusterAutoscaler,
                    namespace: sa.namespace,
                    timeoutSeconds: 300,
                    values: clusterAutoscalerValues({
                        ha: ctx.ha,
                        kubernetesVersion: cluster.kubernetesVersion,
                        cloudProvider: autoscaling.cloudProvider,
                        region: autoscaling.region,
                        clusterName: autoscaling.clusterName,
                        serviceAccount: { name: sa.name, annotations: sa.binding.serviceAccountAnnotations },
                        tolerations,
                        serviceMonitorLabels: { release: KUBE_PROMETHEUS_RELEASE },
                    }),
                },
                this.child({ dependsOn: [args.monitoringCrds] }),
            );
        }
        if (cluster.metricsServer === "install") {
            helmRelease(
                `${name}-metrics-server`,
                { name: "metrics-server", chart: CLUSTER_ADDONS_CHARTS.metricsServer, namespace: "kube-system", timeoutSeconds: 300, values: metricsServerValues({ ha: ctx.ha, tolerations }) },
                this.child(),
            );
        }
        if (cluster.nvidiaDevicePlugin === "install" && cluster.taints.gpu) {
            helmRelease(
                `${name}-nvidia-device-plugin`,
                { name: "nvidia-device-plugin", chart: CLUSTER_ADDONS_CHARTS.nvidiaDevicePlugin, namespace: "kube-system", timeoutSeconds: 300, values: nvidiaDevicePluginValues(cluster.taints.gpu) },
                this.child(),
            );
        }
        this.registerOutputs({});
    }
}

/** Runs in kube-system and the namespace the cloud bound the autoscaler's identity to: no namespace of its own. */
export const clusterAddons = component({
    name: "clusterAddons",
    namespaces: [],
    install: ({ name, ctx, deps, opts }: InstallArgs<{ monitoringCrds: pulumi.Resource }>) => new ClusterAddons(name, ctx, deps, opts),
});
