/**
 * The kubeconfig for an AKS cluster without local accounts: AKS's user credentials (which carry the
 * server and CA) with the user replaced by a kubelogin exec entry, so no token is stored and whoever
 * uses it authenticates as their own Entra identity.
 *
 * The login method defaults to the Azure CLI (a workstation after `az login`). kubelogin's get-token
 * lets the environment variable AAD_LOGIN_METHOD override the --login flag, so CI sets
 * AAD_LOGIN_METHOD=workloadidentity (with AZURE_CLIENT_ID and AZURE_TENANT_ID): in GitHub Actions
 * kubelogin then fetches a fresh OIDC token on every call instead of relying on an Azure CLI login
 * whose federated assertion expires. The exec entry sets no env of its own, which would win.
 */
import * as pulumi from "@pulumi/pulumi";
import { listManagedClusterUserCredentialsOutput } from "@pulumi/azure-native/containerservice";
import type { Provider } from "@pulumi/azure-native/provider";
import { parse } from "yaml";

/** The application ID of the AKS AAD server, the same in every tenant. */
export const AKS_AAD_SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

/** The login used when AAD_LOGIN_METHOD is unset. */
export const DEFAULT_LOGIN = "azurecli";

export function kubeloginUser(): Record<string, unknown> {
    return {
        exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "kubelogin",
            args: ["get-token", "--login", DEFAULT_LOGIN, "--server-id", AKS_AAD_SERVER_ID],
            installHint: "Install kubelogin (az aks install-cli). CI: set AAD_LOGIN_METHOD=workloadidentity, AZURE_CLIENT_ID and AZURE_TENANT_ID.",
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

/**
 * What to ask listClusterUserCredential for. A private cluster's default kubeconfig names the
 * privatelink FQDN, which resolves only where the system private DNS zone is linked (the cluster's
 * own VNet); "public" names its public FQDN, an A record to the same private IP that resolves from
 * any network, so a runner in a peered or VPN-connected network reaches the API.
 */
export function credentialRequest(privateCluster: boolean): { format: "exec"; serverFqdn?: "public" } {
    return privateCluster ? { format: "exec", serverFqdn: "public" } : { format: "exec" };
}

export function aksKubeconfig(args: {
    resourceGroupName: pulumi.Input<string>;
    clusterName: pulumi.Input<string>;
    privateCluster: boolean;
    provider: Provider;
    parent: pulumi.Resource;
}): pulumi.Output<string> {
    const credentials = listManagedClusterUserCredentialsOutput(
        { resourceGroupName: args.resourceGroupName, resourceName: args.clusterName, ...credentialRequest(args.privateCluster) },
        { provider: args.provider, parent: args.parent },
    );
    const kubeconfig = credentials.kubeconfigs.apply((configs) => {
        if (configs.length === 0) throw new Error("AKS returned no user kubeconfig");
        return withKubeloginUsers(Buffer.from(configs[0].value, "base64").toString("utf8"));
    });
    return pulumi.secret(kubeconfig);
}
