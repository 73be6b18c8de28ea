/**
 * external-dns: publishes mlflow.<domain> and models.<domain> (the platform Gateway's hosts) in the
 * stack's public zone, so the names resolve to the gateway's load balancer. Only with a public zone.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Release } from "@pulumi/kubernetes/helm/v3";
import type { PublicDnsFacts } from "../components/foundation";
import { K8sComponent, type K8sContext } from "./context";
import { helmRelease } from "./helm";
import { NAMESPACES } from "./namespaces";
import { systemTolerations } from "./securityContext";
import { EXTERNAL_DNS_RELEASE, EXTERNAL_DNS_SERVICE_ACCOUNT, externalDnsValues } from "./values/externalDns";

export interface ExternalDnsArgs {
    zone: PublicDnsFacts;
    /** Istio's CRDs: the istio-gateway source watches Gateways. */
    mesh: pulumi.Resource[];
    /** The chart's ServiceMonitor needs the operator's CRDs. */
    monitoringCrds: pulumi.Resource;
}

export class ExternalDns extends K8sComponent {
    readonly release: Release;

    constructor(name: string, ctx: K8sContext, args: ExternalDnsArgs, opts: pulumi.ComponentResourceOptions) {
        super("ExternalDns", name, ctx, opts);
        const binding = ctx.foundation.workloadIdentity({ namespace: NAMESPACES.externalDns.name, serviceAccount: EXTERNAL_DNS_SERVICE_ACCOUNT, access: "dnsRecords" });
        this.release = helmRelease(
            `${name}-external-dns`,
            {
                name: EXTERNAL_DNS_RELEASE,
                chart: "externalDns",
                namespace: ctx.ns.externalDns,
                timeoutSeconds: 300,
                values: externalDnsValues({
                    zone: args.zone,
                    ownerId: `${ctx.spec.project}-${ctx.spec.stack}`,
                    binding,
                    tolerations: systemTolerations(ctx.foundation.cluster.taints.system),
                }),
            },
            this.child({ dependsOn: [...args.mesh, args.monitoringCrds] }),
        );
        this.registerOutputs({});
    }
}
