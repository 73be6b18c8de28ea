/**
 * The kubeconfig for an AKS cluster without local accounts: AKS's user credentials (which carry the
 * server and CA) with the user replaced by a kubelogin exec entry using the Azure CLI login, so no
 * token is stored and whoever uses it authenticates as their own Entra identity.
 */
import * as pulumi from "@pulumi/pulumi";
import { listManagedClusterUserCredentialsOutput } from "@pulumi/azure-native/containerservice";
import type { Provider } from "@pulumi/azure-native/provider";
import { parse } from "yaml";

/** The application ID of the AKS AAD server, the same in every tenant. */
export const AKS_AAD_SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

export function kubeloginUser(): Record<string, unknown> {
    return {
        exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "kubelogin",
            args: ["get-token", "--login", "azurecli", "--server-id", AKS_AAD_SERVER_ID],
            interactiveMode: "Never",
        },
    };
}

/** Rewrites every user of an AKS kubeconfig (YAML) to the kubelogin exec entry; returns JSON. */
export function withKubeloginUsers(kubeconfigYaml: string): string {
    const config = parse(kubeconfigYaml) as { users?: { name: string }[] };
    const users = (config.users ?? []).map((u) => ({ name: u.name, user: kubeloginUser() }));
    return JSON.stringify({ ...config, users });
}

export function aksKubeconfig(args: {
    resourceGroupName: pulumi.Input<string>;
    clusterName: pulumi.Input<string>;
    provider: Provider;
    parent: pulumi.Resource;
}): pulumi.Output<string> {
    const credentials = listManagedClusterUserCredentialsOutput(
        { resourceGroupName: args.resourceGroupName, resourceName: args.clusterName, format: "exec" },
        { provider: args.provider, parent: args.parent },
    );
    const kubeconfig = credentials.kubeconfigs.apply((configs) => {
        if (configs.length === 0) throw new Error("AKS returned no user kubeconfig");
        return withKubeloginUsers(Buffer.from(configs[0].value, "base64").toString("utf8"));
    });
    return pulumi.secret(kubeconfig);
}
