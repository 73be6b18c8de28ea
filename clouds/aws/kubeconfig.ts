import * as pulumi from "@pulumi/pulumi";

/**
 * A kubeconfig built from stable cluster fields with an `aws eks get-token` exec entry: no token
 * is stored, and whoever uses it authenticates as their own IAM identity.
 */
export function eksKubeconfig(args: {
    clusterName: pulumi.Input<string>;
    endpoint: pulumi.Input<string>;
    certificateAuthority: pulumi.Input<string>;
    region: string;
}): pulumi.Output<string> {
    const config = pulumi.all([args.clusterName, args.endpoint, args.certificateAuthority]).apply(([name, server, ca]) =>
        JSON.stringify({
            apiVersion: "v1",
            kind: "Config",
            clusters: [{ name, cluster: { server, "certificate-authority-data": ca } }],
            contexts: [{ name, context: { cluster: name, user: name } }],
            "current-context": name,
            users: [
                {
                    name,
                    user: {
                        exec: {
                            apiVersion: "client.authentication.k8s.io/v1beta1",
                            command: "aws",
                            args: ["eks", "get-token", "--cluster-name", name, "--region", args.region, "--output", "json"],
                            interactiveMode: "Never",
                        },
                    },
                },
            ],
        }),
    );
    return pulumi.secret(config);
}
