/**
 * The service mesh: Istio base (CRDs) -> istio-cni -> istiod -> ingress gateway, mesh-wide STRICT
 * mutual TLS, deny-by-default authorization, optional JWT on the gateway, and the Gateway itself.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Release } from "@pulumi/kubernetes/helm/v3";
import { component } from "../component";
import { K8sComponent, platformLabels, type K8sContext } from "../context";
import { customResource } from "../customResource";
import { helmRelease } from "../helm";
import { systemTolerations } from "../securityContext";
import { ISTIO_NETWORKING, ISTIO_SECURITY } from "./istio";
import { ISTIO_INGRESS, ISTIO_SYSTEM } from "./namespaces";
import { GATEWAY_RELEASE, GATEWAY_SELECTOR, gatewayValues, istioBaseValues, istioCniValues, istiodValues, MESH_CHARTS } from "./values";

/** The Secret cert-manager writes the gateway's certificate into (in the gateway's namespace). */
export const GATEWAY_TLS_SECRET = "platform-gateway-tls";
export const GATEWAY_NAME = "platform-gateway";

export class Mesh extends K8sComponent {
    readonly base: Release;
    readonly istiod: Release;
    readonly gateway: Release;
    /** Everything Istio custom resources must wait for: CRDs and a serving validation webhook. */
    readonly ready: pulumi.Resource[];
    /** `namespace/name` of the Gateway VirtualServices bind to. */
    readonly gatewayRef = `${ISTIO_INGRESS.name}/${GATEWAY_NAME}`;

    constructor(name: string, ctx: K8sContext, opts: pulumi.ComponentResourceOptions) {
        super("Mesh", name, ctx, opts);
        const { cluster } = ctx.foundation;
        const istioNs = ctx.ns.istioSystem;
        this.base = helmRelease(`${name}-istio-base`, { name: "istio-base", chart: MESH_CHARTS.istioBase, namespace: istioNs, timeoutSeconds: 300, values: istioBaseValues() }, this.child());
        const cni = helmRelease(
            `${name}-istio-cni`,
            { name: "istio-cni", chart: MESH_CHARTS.istioCni, namespace: istioNs, timeoutSeconds: 600, values: istioCniValues(cluster.distribution) },
            this.child({ dependsOn: [this.base] }),
        );
        this.istiod = helmRelease(
            `${name}-istiod`,
            { name: "istiod", chart: MESH_CHARTS.istiod, namespace: istioNs, timeoutSeconds: 600, values: istiodValues({ ha: ctx.ha, tolerations: systemTolerations(cluster.taints.system), tracing: ctx.spec.platform.tracing.enabled }) },
            this.child({ dependsOn: [this.base, cni] }),
        );
        const exposure = ctx.spec.platform.gatewayExposure;
        this.gateway = helmRelease(
            `${name}-gateway`,
            {
                name: GATEWAY_RELEASE,
                chart: MESH_CHARTS.istioGateway,
                namespace: ctx.ns.istioIngress,
                timeoutSeconds: 900,
                values: gatewayValues({ ha: ctx.ha, serviceAnnotations: cluster.loadBalancerAnnotations[exposure] }),
            },
            // Gateway pods use `image: auto`: istiod's injector must be serving first.
            this.child({ dependsOn: [this.istiod] }),
        );
        this.ready = [this.base, this.istiod];
        this.meshPolicies();
        this.gatewayPolicies();
        this.gatewayResource();
        this.registerOutputs({});
    }

    private cr(resourceName: string, apiVersion: string, kind: string, name: string, namespace: pulumi.Input<string>, spec: Record<string, unknown>) {
        return customResource(resourceName, { apiVersion, kind, name, namespace, labels: platformLabels(this.ctx), spec }, this.child({ dependsOn: this.ready }));
    }

    private meshPolicies(): void {
        // In the root namespace these apply to every workload in the mesh.
        this.cr("mesh-mtls-strict", ISTIO_SECURITY, "PeerAuthentication", "default", this.ctx.ns.istioSystem, { mtls: { mode: "STRICT" } });
        // An ALLOW policy without rules matches nothing: every request is denied unless a
        // namespace-level policy allows it.
        this.cr("mesh-deny-by-default", ISTIO_SECURITY, "AuthorizationPolicy", "deny-by-default", this.ctx.ns.istioSystem, {});
    }

    private gatewayPolicies(): void {
        const jwt = this.ctx.spec.platform.jwt;
        const selector = { matchLabels: { ...GATEWAY_SELECTOR } };
        const ns = this.ctx.ns.istioIngress;
        if (jwt) {
            this.cr("gateway-jwt", ISTIO_SECURITY, "RequestAuthentication", "gateway-jwt", ns, {
                selector,
                jwtRules: [{ issuer: jwt.issuer, jwksUri: jwt.jwksUri, ...(jwt.audiences ? { audiences: jwt.audiences } : {}), forwardOriginalToken: false }],
            });
        }
        // With JWT configured, model requests must carry a valid token. MLflow authenticates every
        // request itself (basic auth), and its clients send those credentials in the same
        // Authorization header, so its host is admitted without a JWT.
        const rules = jwt
            ? [{ from: [{ source: { requestPrincipals: ["*"] } }] }, { to: [{ operation: { hosts: [this.ctx.hosts.mlflow, `${this.ctx.hosts.mlflow}:*`] } }] }]
            : [{}];
        this.cr("gateway-allow-clients", ISTIO_SECURITY, "AuthorizationPolicy", "allow-clients", ns, { selector, action: "ALLOW", rules });
    }

    private gatewayResource(): void {
        const hosts = [this.ctx.hosts.mlflow, this.ctx.hosts.models];
        const https = { port: { number: 443, name: "https", protocol: "HTTPS" }, hosts, tls: { mode: "SIMPLE", credentialName: GATEWAY_TLS_SECRET, minProtocolVersion: "TLSV1_2" } };
        // Certificates come from DNS-01 or the platform CA, so port 80 only redirects to HTTPS.
        const http = { port: { number: 80, name: "http", protocol: "HTTP" }, hosts, tls: { httpsRedirect: true } };
        this.cr("platform-gateway", ISTIO_NETWORKING, "Gateway", GATEWAY_NAME, this.ctx.ns.istioIngress, {
            selector: { ...GATEWAY_SELECTOR },
            servers: [https, http],
        });
    }
}

/** Istio: its two namespaces, the xDS flow every sidecar makes, and the installed mesh. */
export const mesh = component({
    name: "mesh",
    namespaces: [ISTIO_SYSTEM, ISTIO_INGRESS],
    meshed: { egress: [{ name: "istiod", peers: [{ namespace: ISTIO_SYSTEM.key }], ports: [15012] }] },
    install: ({ name, ctx, opts }) => new Mesh(name, ctx, opts),
});
