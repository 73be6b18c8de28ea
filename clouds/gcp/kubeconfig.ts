import * as pulumi from "@pulumi/pulumi";
import { execKubeconfig } from "../../components/kubeconfig";

/** Where the kubeconfig points: the DNS endpoint (public CA, no CA data) or the private IP endpoint. */
export type GkeApiEndpoint = { kind: "dns"; host: pulumi.Input<string> } | { kind: "ip"; host: pulumi.Input<string>; clusterCaCertificate: pulumi.Input<string> };

/**
 * A kubeconfig whose user runs `gke-gcloud-auth-plugin` with application default credentials, so
 * it mints a fresh token on every call (CI's workload identity federation file or a workstation's
 * `gcloud auth application-default login`); as a secret.
 */
export function gkeKubeconfig(args: { project: string; location: pulumi.Input<string>; clusterName: pulumi.Input<string>; endpoint: GkeApiEndpoint }): pulumi.Output<string> {
    const ca = args.endpoint.kind === "ip" ? args.endpoint.clusterCaCertificate : undefined;
    const config = pulumi.all([args.location, args.clusterName, args.endpoint.host, ca]).apply(([location, clusterName, host, caData]) =>
        execKubeconfig({
            // gcloud's own naming, so the context matches `gcloud container clusters get-credentials`.
            name: `gke_${args.project}_${location}_${clusterName}`,
            server: `https://${host}`,
            // The DNS endpoint presents a publicly trusted certificate: pinning the cluster CA would fail TLS.
            certificateAuthorityData: caData,
            exec: {
                command: "gke-gcloud-auth-plugin",
                args: ["--use_application_default_credentials"],
                installHint: "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin",
                provideClusterInfo: true,
            },
        }),
    );
    return pulumi.secret(config);
}
