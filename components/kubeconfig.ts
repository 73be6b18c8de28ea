/**
 * A one-cluster kubeconfig whose user authenticates through an exec credential plugin: no token or
 * client certificate is stored, and whoever uses it authenticates as their own cloud identity.
 */
export interface ExecCredential {
    command: string;
    args?: string[];
    installHint?: string;
    provideClusterInfo?: boolean;
}

export function execKubeconfig(args: { name: string; server: string; certificateAuthorityData?: string; exec: ExecCredential }): string {
    const { name } = args;
    // Omitted for endpoints that present a publicly trusted certificate (GKE's DNS endpoint).
    const ca = args.certificateAuthorityData === undefined ? {} : { "certificate-authority-data": args.certificateAuthorityData };
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name, cluster: { server: args.server, ...ca } }],
        contexts: [{ name, context: { cluster: name, user: name } }],
        "current-context": name,
        users: [{ name, user: { exec: { apiVersion: "client.authentication.k8s.io/v1beta1", ...args.exec, interactiveMode: "Never" } } }],
    });
}
