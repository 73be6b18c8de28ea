import * as pulumi from "@pulumi/pulumi";
import { execKubeconfig } from "../../components/kubeconfig";

/** A kubeconfig built from stable cluster fields with an `aws eks get-token` exec entry, as a secret. */
export function eksKubeconfig(args: {
    clusterName: pulumi.Input<string>;
    endpoint: pulumi.Input<string>;
    certificateAuthority: pulumi.Input<string>;
    region: string;
}): pulumi.Output<string> {
    const config = pulumi.all([args.clusterName, args.endpoint, args.certificateAuthority]).apply(([name, server, ca]) =>
        execKubeconfig({
            name,
            server,
            certificateAuthorityData: ca,
            exec: { command: "aws", args: ["eks", "get-token", "--cluster-name", name, "--region", args.region, "--output", "json"] },
        }),
    );
    return pulumi.secret(config);
}
