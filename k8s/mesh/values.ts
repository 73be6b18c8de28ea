/** Values for the Istio charts (base, cni, istiod, gateway 1.30). The gateway chart's schema is strict. */
import type { Distribution } from "../../components/foundation";
import type { ChartRef } from "../helm";
import { tracingExtensionProvider } from "../tracing/provider";
import { RESTRICTED_CONTAINER_SECURITY, RUNTIME_DEFAULT_SECCOMP, resources, zoneSpread, type Toleration } from "../securityContext";

const ISTIO_REPO = "https://istio-release.storage.googleapis.com/charts";
const ISTIO_VERSION = "1.30.3";

export const MESH_CHARTS = {
    istioBase: { chart: "base", version: ISTIO_VERSION, repo: ISTIO_REPO },
    istioCni: { chart: "cni", version: ISTIO_VERSION, repo: ISTIO_REPO },
    istiod: { chart: "istiod", version: ISTIO_VERSION, repo: ISTIO_REPO },
    istioGateway: { chart: "gateway", version: ISTIO_VERSION, repo: ISTIO_REPO },
} as const satisfies Record<string, ChartRef>;

export interface HaProfile {
    ha: boolean;
}

export const ISTIO_NAMESPACE = "istio-system";
/** The gateway release name; its pods are labelled istio=ingressgateway and run as this service account. */
export const GATEWAY_RELEASE = "istio-ingressgateway";
export const GATEWAY_SELECTOR = { istio: "ingressgateway" } as const;

export function istioBaseValues() {
    return { defaultRevision: "default", global: { istioNamespace: ISTIO_NAMESPACE } };
}

/** GKE keeps CNI binaries in a non-standard path; the chart's `gke` platform profile knows it. */
export function istioCniValues(distribution: Distribution) {
    return {
        ...(distribution === "gke" ? { global: { platform: "gke" } } : {}),
        resources: resources("100m", "100Mi", { memory: "256Mi" }),
        seccompProfile: RUNTIME_DEFAULT_SECCOMP,
    };
}

export function istiodValues(p: HaProfile & { tolerations: Toleration[]; tracing?: boolean }) {
    return {
        autoscaleEnabled: true,
        autoscaleMin: p.ha ? 2 : 1,
        autoscaleMax: p.ha ? 5 : 2,
        replicaCount: p.ha ? 2 : 1,
        // The chart renders the PDB only when more than one replica is guaranteed.
        pdb: { minAvailable: 1 },
        resources: p.ha ? resources("500m", "2Gi", { memory: "4Gi" }) : resources("200m", "512Mi", { memory: "2Gi" }),
        // Sidecars get no NET_ADMIN init container (istio-cni does the redirect), so injected pods
        // pass the `restricted` Pod Security level; native sidecars let Jobs in the mesh finish.
        cni: { enabled: true },
        env: { ENABLE_NATIVE_SIDECARS: "true" },
        seccompProfile: RUNTIME_DEFAULT_SECCOMP,
        tolerations: p.tolerations,
        topologySpreadConstraints: p.ha ? zoneSpread({ app: "istiod" }) : [],
        meshConfig: {
            enablePrometheusMerge: true,
            accessLogFile: "/dev/stdout",
            accessLogEncoding: "JSON",
            // The provider the tracing component's mesh-wide Telemetry resource selects (sampling there, not in defaultConfig).
            ...(p.tracing ? { extensionProviders: [tracingExtensionProvider()] } : {}),
        },
        global: {
            logAsJson: true,
            // Also the injected istio-validation init container's: the 1.30.3 injection template renders
            // both from global.proxy.resources (there is no proxy_init.resources at this version).
            proxy: { resources: resources("50m", "128Mi", { memory: "512Mi" }) },
        },
    };
}

export interface GatewayValuesArgs extends HaProfile {
    serviceAnnotations: Record<string, string>;
}

export function gatewayValues(p: GatewayValuesArgs) {
    return {
        autoscaling: {
            enabled: true,
            minReplicas: p.ha ? 2 : 1,
            maxReplicas: p.ha ? 10 : 2,
            targetCPUUtilizationPercentage: 70,
        },
        podDisruptionBudget: p.ha ? { minAvailable: 1 } : {},
        resources: resources("100m", "128Mi", { memory: "1Gi" }),
        service: { type: "LoadBalancer", annotations: p.serviceAnnotations },
        // The chart's default pod context only sets the sysctl; ours keeps it and adds the rest of `restricted`.
        securityContext: {
            runAsNonRoot: true,
            seccompProfile: RUNTIME_DEFAULT_SECCOMP,
            sysctls: [{ name: "net.ipv4.ip_unprivileged_port_start", value: "0" }],
        },
        containerSecurityContext: RESTRICTED_CONTAINER_SECURITY,
        topologySpreadConstraints: p.ha ? zoneSpread({ ...GATEWAY_SELECTOR }) : [],
    };
}
