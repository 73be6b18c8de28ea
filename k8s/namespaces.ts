/**
 * The platform's namespaces, each with Pod Security Admission labels and its place in the mesh.
 * `restricted` wherever the workloads allow it; every exception says why.
 */
import * as pulumi from "@pulumi/pulumi";
import { Namespace } from "@pulumi/kubernetes/core/v1";
import type { Provider } from "@pulumi/kubernetes/provider";

export type PodSecurityLevel = "restricted" | "baseline" | "privileged";

/**
 * injected: every pod gets a sidecar (native sidecars + istio-cni, so `restricted` still holds).
 * podOptIn: only pods labelled sidecar.istio.io/inject=true (the ingress gateway, Prometheus for mTLS certs).
 * disabled: never; for webhooks and API services the API server must reach without mTLS.
 */
export type MeshMode = "injected" | "podOptIn" | "disabled";

export interface PlatformNamespace {
    name: string;
    podSecurity: PodSecurityLevel;
    mesh: MeshMode;
}

export const NAMESPACES = {
    // The istio-cni node DaemonSet writes the node's CNI configuration through hostPath volumes and
    // runs privileged; PSA admits it only in a `privileged` namespace. istiod itself is restricted-safe.
    istioSystem: { name: "istio-system", podSecurity: "privileged", mesh: "disabled" },
    istioIngress: { name: "istio-ingress", podSecurity: "restricted", mesh: "podOptIn" },
    certManager: { name: "cert-manager", podSecurity: "restricted", mesh: "disabled" },
    // Publishes the gateway's records in the public zone; holds nothing when the stack has none.
    externalDns: { name: "external-dns", podSecurity: "restricted", mesh: "disabled" },
    monitoring: { name: "monitoring", podSecurity: "restricted", mesh: "podOptIn" },
    mlflow: { name: "mlflow", podSecurity: "restricted", mesh: "injected" },
    kserve: { name: "kserve", podSecurity: "restricted", mesh: "disabled" },
    keda: { name: "keda", podSecurity: "restricted", mesh: "disabled" },
    serving: { name: "serving", podSecurity: "restricted", mesh: "injected" },
} as const satisfies Record<string, PlatformNamespace>;

export type NamespaceKey = keyof typeof NAMESPACES;

export function namespaceLabels(ns: PlatformNamespace, kubernetesVersion: string): Record<string, string> {
    const version = `v${kubernetesVersion}`;
    const psa = Object.fromEntries(
        (["enforce", "warn", "audit"] as const).flatMap((mode) => [
            [`pod-security.kubernetes.io/${mode}`, ns.podSecurity],
            [`pod-security.kubernetes.io/${mode}-version`, version],
        ]),
    );
    const mesh: Record<MeshMode, Record<string, string>> = {
        injected: { "istio-injection": "enabled" },
        // Pods opt in with their own label, which Istio honours only when the namespace has no injection label.
        podOptIn: {},
        disabled: { "istio-injection": "disabled" },
    };
    return { ...psa, ...mesh[ns.mesh] };
}

export interface NamespacesArgs {
    provider: Provider;
    kubernetesVersion: string;
    labels: Record<string, string>;
}

/** Created before the rest of the layer's context exists: everything else refers to these. */
export class Namespaces extends pulumi.ComponentResource {
    readonly resources: Record<NamespaceKey, Namespace>;

    constructor(name: string, args: NamespacesArgs, opts: pulumi.ComponentResourceOptions) {
        super("mlplatform:k8s:Namespaces", name, {}, opts);
        const entries = (Object.keys(NAMESPACES) as NamespaceKey[]).map((key) => {
            const ns: PlatformNamespace = NAMESPACES[key];
            const labels = { ...args.labels, ...namespaceLabels(ns, args.kubernetesVersion) };
            return [key, new Namespace(ns.name, { metadata: { name: ns.name, labels } }, { parent: this, provider: args.provider })] as const;
        });
        this.resources = Object.fromEntries(entries) as Record<NamespaceKey, Namespace>;
        this.registerOutputs({});
    }

    /** Each namespace's name as an Output of its Namespace object. */
    names(): Record<NamespaceKey, pulumi.Output<string>> {
        const keys = Object.keys(this.resources) as NamespaceKey[];
        return Object.fromEntries(keys.map((k) => [k, this.resources[k].metadata.name])) as Record<NamespaceKey, pulumi.Output<string>>;
    }
}
