/**
 * Runtime threat detection: Falco on every node (modern eBPF probe), its events forwarded by
 * falcosidekick to Alertmanager, with the platform's own rules beside the image's stable set.
 */
import * as pulumi from "@pulumi/pulumi";
import { PodDisruptionBudget } from "@pulumi/kubernetes/policy/v1";
import type { Release } from "@pulumi/kubernetes/helm/v3";
import type { Taint } from "../../components/foundation";
import { component, type InstallArgs, type NamespaceDeclaration } from "../component";
import { K8sComponent, platformLabels, type K8sContext } from "../context";
import { helmRelease } from "../helm";
import { MONITORING_NAMESPACE, prometheusScrape } from "../monitoring/flows";
import { SERVING_NAMESPACE } from "../serving";
import { systemTolerations, type Toleration } from "../securityContext";
import { falcoAlertGroup } from "./alerts";
import { platformRulesYaml } from "./rules";
import { FALCO_CHARTS, FALCO_METRICS_PORT, FALCO_RELEASE, FALCOSIDEKICK_LABELS, FALCOSIDEKICK_PORT, falcoValues } from "./values";

/** Where Alertmanager listens: kube-prometheus-stack's `<release>-alertmanager` Service. */
export const ALERTMANAGER = { service: "kube-prometheus-stack-alertmanager", port: 9093 } as const;

export const FALCO_NAMESPACE: NamespaceDeclaration = {
    key: "falco",
    name: "falco",
    podSecurity: "privileged",
    podSecurityException:
        "Falco's DaemonSet loads eBPF programs into the node's kernel and reads the host's /proc, /etc, /dev, /boot and container runtime socket: the chart always runs it privileged (or, least-privileged, with BPF, PERFMON, SYS_RESOURCE and SYS_PTRACE and AppArmor unconfined) with hostPath volumes, which no level below privileged admits.",
    mesh: "disabled",
    accepts: [prometheusScrape(FALCO_METRICS_PORT, FALCOSIDEKICK_PORT)],
    // Falco posts to falcosidekick inside the namespace; falcosidekick's egress to Alertmanager comes
    // from the flow the monitoring namespace accepts. falcoctl is off: nothing leaves the cluster.
    egress: [],
};

/** One toleration per taint the Foundation's pools carry. */
export function everyPoolTolerations(taints: { gpu?: Taint; spot?: Taint; system?: Taint }): Toleration[] {
    return Object.values(taints)
        .filter((t): t is Taint => t !== undefined)
        .map((t) => ({ key: t.key, operator: "Equal", value: t.value, effect: t.effect }));
}

export interface FalcoArgs {
    /** The Prometheus Operator's CRDs: both charts ship ServiceMonitors. */
    monitoringCrds: pulumi.Resource;
    /** Alertmanager should exist before events are forwarded to it. */
    monitoring: pulumi.Resource;
}

export class Falco extends K8sComponent {
    readonly release: Release;

    constructor(name: string, ctx: K8sContext, args: FalcoArgs, opts: pulumi.ComponentResourceOptions) {
        super("Falco", name, ctx, opts);
        const config = ctx.spec.platform.guardrails.runtime;
        const { taints } = ctx.foundation.cluster;
        this.release = helmRelease(
            `${name}-falco`,
            {
                name: FALCO_RELEASE,
                chart: FALCO_CHARTS.falco,
                namespace: ctx.ns[FALCO_NAMESPACE.key],
                timeoutSeconds: 600,
                values: falcoValues({
                    ha: ctx.ha,
                    tolerations: everyPoolTolerations(taints),
                    sidekickTolerations: systemTolerations(taints.system),
                    alertmanagerUrl: `http://${ALERTMANAGER.service}.${MONITORING_NAMESPACE.name}.svc:${ALERTMANAGER.port}`,
                    minimumPriority: config.alertMinimumPriority,
                    platformRules: platformRulesYaml({
                        servingNamespace: SERVING_NAMESPACE.name,
                        modelServerEgressPorts: modelServerEgressPorts(ctx),
                        clusterNets: clusterNets(ctx),
                    }),
                }),
            },
            this.child({ dependsOn: [args.monitoringCrds, args.monitoring] }),
        );
        if (ctx.ha) this.sidekickBudget(ctx);
        this.registerOutputs({});
    }

    /** The falcosidekick chart has no PodDisruptionBudget of its own. */
    private sidekickBudget(ctx: K8sContext): void {
        new PodDisruptionBudget(
            "falcosidekick",
            {
                metadata: { name: "falcosidekick", namespace: ctx.ns[FALCO_NAMESPACE.key], labels: platformLabels(ctx) },
                spec: { minAvailable: 1, selector: { matchLabels: FALCOSIDEKICK_LABELS } },
            },
            this.child({ dependsOn: [this.release] }),
        );
    }
}

/**
 * The fixed ports the serving namespace's policy lets model servers reach outside the cluster (the
 * object store's 443). The database and cache ports come from the Foundation as Outputs and are
 * left out: those are private (RFC 1918) addresses in the network, which `outbound` never matches,
 * and reading them would make Falco wait for the database.
 */
export function modelServerEgressPorts(ctx: K8sContext): number[] {
    const egress = typeof SERVING_NAMESPACE.egress === "function" ? SERVING_NAMESPACE.egress(ctx) : SERVING_NAMESPACE.egress;
    const ports = egress.filter((r) => r.peers.some((p) => "outsideCluster" in p)).flatMap((r) => r.ports);
    return [...new Set(ports.filter((p): p is number => typeof p === "number"))].sort((a, b) => a - b);
}

function clusterNets(ctx: K8sContext): string[] {
    const { network } = ctx.foundation.cluster;
    return [...new Set([...network.podAddressRanges, ...network.identityEndpoints.map((e) => e.cidr)])];
}

export const falco = component({
    name: "falco",
    namespaces: [FALCO_NAMESPACE],
    alerts: [falcoAlertGroup(FALCO_NAMESPACE.name)],
    enabled: (ctx) => ctx.spec.platform.guardrails.runtime.enabled,
    install: ({ name, ctx, deps, opts }: InstallArgs<FalcoArgs>) => new Falco(name, ctx, deps, opts),
});
