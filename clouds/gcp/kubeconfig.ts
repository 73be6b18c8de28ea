import * as pulumi from "@pulumi/pulumi";

/**
 * A kubeconfig with a `gke-gcloud-auth-plugin` exec entry: no token or client certificate is
 * stored, and whoever uses it authenticates as their own Google identity (gcloud login or
 * application default credentials).
 */
export function gkeKubeconfig(args: {
    project: string;
    location: pulumi.Input<string>;
    clusterName: pulumi.Input<string>;
    endpoint: pulumi.Input<string>;
    clusterCaCertificate: pulumi.Input<string>;
}): pulumi.Output<string> {
    const config = pulumi.all([args.location, args.clusterName, args.endpoint, args.clusterCaCertificate]).apply(([location, clusterName, endpoint, ca]) => {
        // gcloud's own naming, so the context matches `gcloud container clusters get-credentials`.
        const name = `gke_${args.project}_${location}_${clusterName}`;
        return JSON.stringify({
            apiVersion: "v1",
            kind: "Config",
            clusters: [{ name, cluster: { server: `https://${endpoint}`, "certificate-authority-data": ca } }],
            contexts: [{ name, context: { cluster: name, user: name } }],
            "current-context": name,
            users: [
                {
                    name,
                    user: {
                        exec: {
                            apiVersion: "client.authentication.k8s.io/v1beta1",
                            command: "gke-gcloud-auth-plugin",
                            installHint: "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin (see https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl)",
                            provideClusterInfo: true,
                            interactiveMode: "Never",
                        },
                    },
                },
            ],
        });
    });
    return pulumi.secret(config);
}
