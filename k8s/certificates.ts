/**
 * cert-manager and the gateway's certificate: ACME (Let's Encrypt, HTTP-01 through the Istio
 * gateway) in production when a domain is configured, otherwise the platform's own self-signed CA.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Release } from "@pulumi/kubernetes/helm/v3";
import { K8sComponent, platformLabels, type K8sContext } from "./context";
import { helmRelease } from "./helm";
import { customResource } from "./istioResources";
import { GATEWAY_TLS_SECRET } from "./mesh";
import { systemTolerations } from "./securityContext";
import { certManagerValues } from "./values/certManager";

const CERT_MANAGER = "cert-manager.io/v1";
export const LETSENCRYPT_PRODUCTION = "https://acme-v02.api.letsencrypt.org/directory";
export const ISSUERS = { selfSigned: "platform-selfsigned", ca: "platform-ca", acme: "letsencrypt" } as const;
const ROOT_CA_SECRET = "platform-root-ca";

/** Whether the gateway's certificate comes from ACME. */
export function usesAcme(ctx: Pick<K8sContext, "spec">): boolean {
    return ctx.spec.environment === "production" && ctx.spec.platform.domain !== undefined;
}

export class Certificates extends K8sComponent {
    readonly certManager: Release;
    /** The ClusterIssuer that signs platform certificates. */
    readonly issuerName: string;
    readonly gatewayCertificate: pulumi.Resource;

    constructor(name: string, ctx: K8sContext, args: { dependsOn: pulumi.Resource[] }, opts: pulumi.ComponentResourceOptions) {
        super("Certificates", name, ctx, opts);
        this.certManager = helmRelease(
            `${name}-cert-manager`,
            {
                name: "cert-manager",
                chart: "certManager",
                namespace: ctx.ns.certManager,
                timeoutSeconds: 600,
                values: certManagerValues({ ha: ctx.ha, tolerations: systemTolerations(ctx.foundation.cluster.taints.system) }),
            },
            this.child({ dependsOn: args.dependsOn }),
        );
        const after = this.child({ dependsOn: [this.certManager] });
        this.caIssuer(after);
        this.issuerName = usesAcme(ctx) ? this.acmeIssuer(after) : ISSUERS.ca;
        this.gatewayCertificate = this.cr("gateway-certificate", "Certificate", "platform-gateway", ctx.ns.istioIngress, {
            secretName: GATEWAY_TLS_SECRET,
            dnsNames: [ctx.hosts.mlflow, ctx.hosts.models],
            issuerRef: { kind: "ClusterIssuer", name: this.issuerName, group: "cert-manager.io" },
            privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
            duration: "2160h",
            renewBefore: "720h",
        }, after);
        this.registerOutputs({ issuer: this.issuerName });
    }

    private cr(resourceName: string, kind: string, name: string, namespace: pulumi.Input<string> | undefined, spec: Record<string, unknown>, opts: pulumi.CustomResourceOptions) {
        return customResource(resourceName, { apiVersion: CERT_MANAGER, kind, name, namespace, labels: platformLabels(this.ctx), spec }, opts);
    }

    /** A self-signed root, kept in cert-manager's namespace, and the CA issuer it backs. */
    private caIssuer(opts: pulumi.CustomResourceOptions): void {
        const selfSigned = this.cr("selfsigned-issuer", "ClusterIssuer", ISSUERS.selfSigned, undefined, { selfSigned: {} }, opts);
        const root = this.cr("root-ca", "Certificate", ROOT_CA_SECRET, this.ctx.ns.certManager, {
            isCA: true,
            commonName: `${this.ctx.spec.project}-${this.ctx.spec.stack} root CA`,
            secretName: ROOT_CA_SECRET,
            duration: "87600h",
            privateKey: { algorithm: "ECDSA", size: 256 },
            issuerRef: { kind: "ClusterIssuer", name: ISSUERS.selfSigned, group: "cert-manager.io" },
        }, { ...opts, dependsOn: [this.certManager, selfSigned] });
        this.cr("ca-issuer", "ClusterIssuer", ISSUERS.ca, undefined, { ca: { secretName: ROOT_CA_SECRET } }, { ...opts, dependsOn: [this.certManager, root] });
    }

    private acmeIssuer(opts: pulumi.CustomResourceOptions): string {
        this.cr("acme-issuer", "ClusterIssuer", ISSUERS.acme, undefined, {
            acme: {
                server: LETSENCRYPT_PRODUCTION,
                // The schema requires acmeEmail whenever ACME is used.
                email: this.ctx.spec.platform.acmeEmail!,
                privateKeySecretRef: { name: "letsencrypt-account-key" },
                // Istio serves Ingresses of class `istio` on the gateway labelled istio=ingressgateway.
                solvers: [{ http01: { ingress: { ingressClassName: "istio" } } }],
            },
        }, opts);
        return ISSUERS.acme;
    }
}
