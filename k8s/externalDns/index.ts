/**
 * external-dns: publishes mlflow.<domain> and models.<domain> (the platform Gateway's hosts) in the
 * stack's public zone, so the names resolve to the gateway's load balancer. Only with a public zone.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Release } from "@pulumi/kubernetes/helm/v3";
import type { PublicDnsFacts } from "../../components/foundation";
import { component, type InstallArgs, type NamespaceDeclaration } from "../component";
import { K8sComponent, type K8sContext } from "../context";
import { helmRelease } from "../helm";
import { prometheusScrape } from "../monitoring/flows";
import { API_SERVER, outside } from "../networkPolicyBuilder";
import { systemTolerations } from "../securityContext";
import { EXTERNAL_DNS_CHARTS, EXTERNAL_DNS_RELEASE, EXTERNAL_DNS_SERVICE_ACCOUNT, externalDnsValues } from "./values";

/** Exists on every stack (holds nothing without a public zone), so adding a zone later creates no namespace. */
export const EXTERNAL_DNS_NAMESPACE: NamespaceDeclaration = {
    key: "externalDns",
    name: "external-dns",
    podSecurity: "restricted",
    mesh: "disabled",
    accepts: [prometheusScrape(7979)],
    egress: [API_SERVER, outside("dns-api", 443)],
    workloadIdentity: true,
};

export interface ExternalDnsArgs {
    /** Istio's CRDs: the istio-gateway source watches Gateways. */
    mesh: pulumi.Resource[];
    /** The chart's ServiceMonitor needs the operator's CRDs. */
    monitoringCrds: pulumi.Resource;
}

export class ExternalDns extends K8sComponent {
    readonly release: Release;

    constructor(name: string, ctx: K8sContext, zone: PublicDnsFacts, args: ExternalDnsArgs, opts: pulumi.ComponentResourceOptions) {
        super("ExternalDns", name, ctx, opts);
        const binding = ctx.foundation.workloadIdentity({ namespace: EXTERNAL_DNS_NAMESPACE.name, serviceAccount: EXTERNAL_DNS_SERVICE_ACCOUNT, access: "dnsRecords" });
        this.release = helmRelease(
            `${name}-external-dns`,
            {
                name: EXTERNAL_DNS_RELEASE,
                chart: EXTERNAL_DNS_CHARTS.externalDns,
                namespace: ctx.ns.externalDns,
                timeoutSeconds: 300,
                values: externalDnsValues({
                    zone,
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

/** Only with a public zone (the Foundation has one when the stack configures a domain to publish). */
export const externalDns = component({
    name: "externalDns",
    namespaces: [EXTERNAL_DNS_NAMESPACE],
    enabled: (ctx) => ctx.foundation.publicDns !== undefined,
    install: ({ name, ctx, deps, opts }: InstallArgs<ExternalDnsArgs>) => new ExternalDns(name, ctx, ctx.foundation.publicDns!, deps, opts),
});
