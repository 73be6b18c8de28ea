/**
 * Exposing a service through the gateway: a VirtualService (routes, timeout, retries), a
 * DestinationRule (mutual TLS, connection pool, outlier detection) and the AuthorizationPolicy
 * that lets exactly the named callers in.
 */
import * as pulumi from "@pulumi/pulumi";
import type { NamespaceDeclaration } from "../component";
import { platformLabels, type K8sContext } from "../context";
import { customResource } from "../customResource";
import { ISTIO_NETWORKING, ISTIO_SECURITY, principal } from "./istio";
import { ISTIO_INGRESS } from "./namespaces";
import { GATEWAY_RELEASE } from "./values";

export interface Resilience {
    /** Whole-request timeout, e.g. "30s". */
    timeout: string;
    retries: { attempts: number; perTryTimeout: string; retryOn: string };
    connectionPool: { maxConnections: number; http1MaxPendingRequests: number; http2MaxRequests: number; maxRequestsPerConnection: number };
    /** Circuit breaking: eject an endpoint after this many consecutive 5xx. */
    outlierDetection: { consecutive5xxErrors: number; interval: string; baseEjectionTime: string; maxEjectionPercent: number };
}

export interface Caller {
    namespace: Pick<NamespaceDeclaration, "key" | "name">;
    serviceAccount: string;
    /** Restrict to these paths (e.g. metrics); all paths when absent. */
    paths?: string[];
    methods?: string[];
}

export interface ExposedService {
    name: string;
    namespace: Pick<NamespaceDeclaration, "key" | "name">;
    /** The gateway host the routes answer on. */
    host: string;
    /** Kubernetes Service name and port. */
    service: pulumi.Input<string>;
    port: number;
    /** Labels of the pods behind the service, for the AuthorizationPolicy. */
    selector: Record<string, string>;
    /** Path prefixes routed to the service ("/" when absent). */
    pathPrefixes?: string[];
    resilience: Resilience;
    /** Callers besides the ingress gateway. */
    callers: Caller[];
}

export const GATEWAY_CALLER: Caller = { namespace: ISTIO_INGRESS, serviceAccount: GATEWAY_RELEASE };

export function serviceHost(service: pulumi.Input<string>, namespace: Pick<NamespaceDeclaration, "name">): pulumi.Output<string> {
    return pulumi.interpolate`${service}.${namespace.name}.svc.cluster.local`;
}

export function destinationRuleSpec(host: pulumi.Input<string>, r: Resilience) {
    return {
        host,
        trafficPolicy: {
            tls: { mode: "ISTIO_MUTUAL" },
            connectionPool: {
                tcp: { maxConnections: r.connectionPool.maxConnections, connectTimeout: "5s" },
                http: {
                    http1MaxPendingRequests: r.connectionPool.http1MaxPendingRequests,
                    http2MaxRequests: r.connectionPool.http2MaxRequests,
                    maxRequestsPerConnection: r.connectionPool.maxRequestsPerConnection,
                },
            },
            outlierDetection: r.outlierDetection,
        },
    };
}

export function virtualServiceSpec(s: ExposedService, gatewayRef: string, host: pulumi.Input<string>) {
    return {
        hosts: [s.host],
        gateways: [gatewayRef],
        http: [
            {
                name: s.name,
                match: (s.pathPrefixes ?? ["/"]).map((prefix) => ({ uri: { prefix } })),
                route: [{ destination: { host, port: { number: s.port } } }],
                timeout: s.resilience.timeout,
                retries: s.resilience.retries,
            },
        ],
    };
}

export function authorizationPolicySpec(s: ExposedService) {
    const rules = [GATEWAY_CALLER, ...s.callers].map((c) => ({
        from: [{ source: { principals: [principal(c.namespace.name, c.serviceAccount)] } }],
        ...(c.paths || c.methods ? { to: [{ operation: { ...(c.paths ? { paths: c.paths } : {}), ...(c.methods ? { methods: c.methods } : {}) } }] } : {}),
    }));
    return { selector: { matchLabels: s.selector }, action: "ALLOW", rules };
}

/** Creates the three objects under `parent`; they wait for `dependsOn` (Istio CRDs and istiod). */
export function exposeService(ctx: K8sContext, s: ExposedService, gatewayRef: string, opts: pulumi.CustomResourceOptions): void {
    const host = serviceHost(s.service, s.namespace);
    const ns = ctx.ns[s.namespace.key];
    const labels = platformLabels(ctx);
    customResource(`${s.name}-destination-rule`, { apiVersion: ISTIO_NETWORKING, kind: "DestinationRule", name: s.name, namespace: ns, labels, spec: destinationRuleSpec(host, s.resilience) }, opts);
    customResource(`${s.name}-virtual-service`, { apiVersion: ISTIO_NETWORKING, kind: "VirtualService", name: s.name, namespace: ns, labels, spec: virtualServiceSpec(s, gatewayRef, host) }, opts);
    customResource(`${s.name}-authorization`, { apiVersion: ISTIO_SECURITY, kind: "AuthorizationPolicy", name: `allow-${s.name}`, namespace: ns, labels, spec: authorizationPolicySpec(s) }, opts);
}
