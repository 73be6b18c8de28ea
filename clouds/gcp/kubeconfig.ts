import * as pulumi from "@pulumi/pulumi";
import { execKubeconfig } from "../../components/kubeconfig";

/**
 * A kubeconfig with a `gke-gcloud-auth-plugin` exec entry (gcloud login or application default
 * credentials), as a secret.
 */
export function gkeKubeconfig(args: {
    project: string;
    location: pulumi.Input<string>;
    clusterName: pulumi.Input<string>;
    endpoint: pulumi.Input<string>;
    clusterCaCertificate: pulumi.Input<string>;
}): pulumi.Output<string> {
    const config = pulumi.all([args.location, args.clusterName, args.endpoint, args.clusterCaCertificate]).apply(([location, clusterName, endpoint, ca]) =>
        execKubeconfig({
            // gcloud's own naming, so the context matches `gcloud container clusters get-credentials`.
            name: `gke_${args.project}_${location}_${clusterName}`,
            server: `https://${endpoint}`,
            certificateAuthorityData: ca,
            exec: {
                command: "gke-gcloud-auth-plugin",
                installHint: "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin",
                provideClusterInfo: true,
            },
        }),
    );
    return pulumi.secret(config);
}
