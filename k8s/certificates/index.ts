/**
 * cert-manager and the gateway's certificate: ACME (Let's Encrypt) DNS-01 against the stack's
 * public zone, as the controller's workload identity, when the stack has one; otherwise the
 * platform's own self-signed CA. DNS-01 needs no reachable gateway, so internal gateways qualify.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Release } from "@pulumi/kubernetes/helm/v3";
import type { PublicDnsFacts } from "../../components/foundation";
import { component, type NamespaceDeclaration } from "../component";
import { gatewayHostNames, K8sComponent, platformLabels, type K8sContext } from "../context";
import { customResource } from "../customResource";
import { helmRelease } from "../helm";
import { GATEWAY_TLS_SECRET } from "../mesh";
import { ISTIO_INGRESS } from "../mesh/namespaces";
import { prometheusScrape } from "../monitoring/flows";
import { API_SERVER, outside, webhook } from "../networkPolicyBuilder";
import { systemTolerations } from "../securityContext";
import { CERT_MANAGER_SERVICE_ACCOUNT, CERTIFICATES_CHARTS, certManagerValues } from "./values";

const CERT_MANAGER = "cert-manager.io/v1";

export const CERT_MANAGER_NAMESPACE: NamespaceDeclaration = {
    key: "certManager",
    name: "cert-manager",
    podSecurity: "restricted",
    mesh: "disabled",
    accepts: [webhook(10250), prometheusScrape(9402)],
    // The API server, the ACME directory and the cloud's DNS API (DNS-01).
    egress: [API_SERVER, outside("acme-and-dns-api", 443)],
    workloadIdentity: true,
};
export const LETSENCRYPT_PRODUCTION = "https://acme-v02.api.letsencrypt.org/directory";
export const ISSUERS = { selfSigned: "platform-selfsigned", ca: "platform-ca", acme: "letsencrypt" } as const;
const ROOT_CA_SECRET = "platform-root-ca";

/** Whether the gateway's certificate comes from ACME: only with a public zone to answer DNS-01 in. */
export function usesAcme(ctx: Pick<K8sContext, "foundation">): boolean {
    return ctx.foundation.publicDns !== undefined;
}

/** The DNS-01 solver for the cloud's DNS service; credentials are the controller's ambient identity. */
export function dns01Solver(zone: PublicDnsFacts, clientId: pulumi.Input<string> | undefined) {
    const selector = { dnsZones: [zone.zoneName] };
    switch (zone.provider) {
        case "route53":
            return { selector, dns01: { route53: { hostedZoneID: zone.zoneId } } };
        case "cloudDns":
            return { selector, dns01: { cloudDNS: { project: zone.project, hostedZoneName: zone.managedZone } } };
        case "azureDns":
            return {
                selector,
                dns01: {
                    azureDNS: {
                        subscriptionID: zone.subscriptionId,
                        resourceGroupName: zone.resourceGroupName,
                        hostedZoneName: zone.zoneName,
                        environment: "AzurePublicCloud",
                        ...(clientId ? { managedIdentity: { clientID: clientId } } : {}),
                    },
                },
            };
    }
}

export class Certificates extends K8sComponent {
    readonly certManager: Release;
    /** The ClusterIssuer that signs platform certificates. */
    readonly issuerName: string;
    readonly gatewayCertificate: pulumi.Resource;

    constructor(name: string, ctx: K8sContext, args: { dependsOn: pulumi.Resource[] }, opts: pulumi.ComponentResourceOptions) {
        super("Certificates", name, ctx, opts);
        const zone = ctx.foundation.publicDns;
        const identity = zone
            ? ctx.foundation.workloadIdentity({ namespace: CERT_MANAGER_NAMESPACE.name, serviceAccount: CERT_MANAGER_SERVICE_ACCOUNT, access: "dnsRecords" })
            : undefined;
        this.certManager = helmRelease(
            `${name}-cert-manager`,
            {
                name: "cert-manager",
                chart: CERTIFICATES_CHARTS.certManager,
                namespace: ctx.ns.certManager,
                timeoutSeconds: 600,
                values: certManagerValues({ ha: ctx.ha, tolerations: systemTolerations(ctx.foundation.cluster.taints.system), identity }),
            },
            this.child({ dependsOn: args.dependsOn }),
        );
        const after = this.child({ dependsOn: [this.certManager] });
        const ca = this.caIssuer(after);
        const issuer = zone ? this.acmeIssuer(zone, identity?.clientId, after) : ca;
        this.issuerName = zone ? ISSUERS.acme : ISSUERS.ca;
        this.gatewayCertificate = this.cr("gateway-certificate", "Certificate", "platform-gateway", ctx.ns[ISTIO_INGRESS.key], {
            secretName: GATEWAY_TLS_SECRET,
            dnsNames: gatewayHostNames(ctx),
            issuerRef: { kind: "ClusterIssuer", name: this.issuerName, group: "cert-manager.io" },
            privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
            duration: "2160h",
            renewBefore: "720h",
        }, { ...after, dependsOn: [this.certManager, issuer] });
        this.registerOutputs({ issuer: this.issuerName });
    }

    private cr(resourceName: string, kind: string, name: string, namespace: pulumi.Input<string> | undefined, spec: Record<string, unknown>, opts: pulumi.CustomResourceOptions) {
        return customResource(resourceName, { apiVersion: CERT_MANAGER, kind, name, namespace, labels: platformLabels(this.ctx), spec }, opts);
    }

    /** A self-signed root, kept in cert-manager's namespace, and the CA issuer it backs. */
    private caIssuer(opts: pulumi.CustomResourceOptions): pulumi.Resource {
        const selfSigned = this.cr("selfsigned-issuer", "ClusterIssuer", ISSUERS.selfSigned, undefined, { selfSigned: {} }, opts);
        const root = this.cr("root-ca", "Certificate", ROOT_CA_SECRET, this.ctx.ns.certManager, {
            isCA: true,
            commonName: `${this.ctx.spec.project}-${this.ctx.spec.stack} root CA`,
            secretName: ROOT_CA_SECRET,
            duration: "87600h",
            privateKey: { algorithm: "ECDSA", size: 256 },
            issuerRef: { kind: "ClusterIssuer", name: ISSUERS.selfSigned, group: "cert-manager.io" },
        }, { ...opts, dependsOn: [this.certManager, selfSigned] });
        return this.cr("ca-issuer", "ClusterIssuer", ISSUERS.ca, undefined, { ca: { secretName: ROOT_CA_SECRET } }, { ...opts, dependsOn: [this.certManager, root] });
    }

    private acmeIssuer(zone: PublicDnsFacts, clientId: pulumi.Input<string> | undefined, opts: pulumi.CustomResourceOptions): pulumi.Resource {
        return this.cr("acme-issuer", "ClusterIssuer", ISSUERS.acme, undefined, {
            acme: {
                server: LETSENCRYPT_PRODUCTION,
                // The schema requires acmeEmail whenever the stack has a public zone.
                email: this.ctx.spec.platform.acmeEmail!,
                privateKeySecretRef: { name: "letsencrypt-account-key" },
                solvers: [dns01Solver(zone, clientId)],
            },
        }, opts);
    }
}

export const certificates = component({
    name: "certificates",
    namespaces: [CERT_MANAGER_NAMESPACE],
    install: ({ name, ctx, deps, opts }: { name: string; ctx: K8sContext; deps: { dependsOn: pulumi.Resource[] }; opts: pulumi.ComponentResourceOptions }) =>
        new Certificates(name, ctx, deps, opts),
});
