/**
 * Namespaces from the components' declarations, each with Pod Security Admission labels and its
 * place in the mesh. `restricted` wherever the workloads allow it; a declaration says why not.
 */
import * as pulumi from "@pulumi/pulumi";
import { Namespace } from "@pulumi/kubernetes/core/v1";
import type { Provider } from "@pulumi/kubernetes/provider";
import type { MeshMode, NamespaceDeclaration } from "./component";

export function namespaceLabels(ns: Pick<NamespaceDeclaration, "podSecurity" | "mesh">, kubernetesVersion: string): Record<string, string> {
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

/** A declaration must say why it is not `restricted`. */
export function checkDeclaration(ns: NamespaceDeclaration): void {
    if (ns.podSecurity !== "restricted" && !ns.podSecurityException) {
        throw new Error(`namespace ${ns.name}: pod security "${ns.podSecurity}" needs a podSecurityException saying why`);
    }
}

export interface NamespacesArgs {
    provider: Provider;
    kubernetesVersion: string;
    labels: Record<string, string>;
}

/** The parent of every platform namespace; components' namespaces are added as they are installed. */
export class Namespaces extends pulumi.ComponentResource {
    readonly resources: Record<string, Namespace> = {};
    readonly declarations: NamespaceDeclaration[] = [];

    constructor(
        name: string,
        private readonly args: NamespacesArgs,
        opts: pulumi.ComponentResourceOptions,
    ) {
        super("mlplatform:k8s:Namespaces", name, {}, opts);
        this.registerOutputs({});
    }

    /** Creates the namespace and returns its name as an Output of the Namespace object. */
    add(ns: NamespaceDeclaration): pulumi.Output<string> {
        checkDeclaration(ns);
        if (this.resources[ns.key]) throw new Error(`namespace key ${ns.key} is declared twice`);
        const labels = { ...this.args.labels, ...namespaceLabels(ns, this.args.kubernetesVersion) };
        const resource = new Namespace(ns.name, { metadata: { name: ns.name, labels } }, { parent: this, provider: this.args.provider });
        this.resources[ns.key] = resource;
        this.declarations.push(ns);
        return resource.metadata.name;
    }
}
