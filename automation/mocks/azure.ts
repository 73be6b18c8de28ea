/** Mock outputs for azure-native resources and functions: what ARM would compute. */
import type { Inputs, ProviderMocks } from "./types";

const SUBSCRIPTION = "00000000-0000-4000-8000-000000000001";
const TENANT = "3f2b5c1e-8a4d-4e6f-9b7a-1c2d3e4f5a6b";
const DEPLOYER_OBJECT_ID = "00000000-0000-4000-8000-0000000000de";
const LOCATION = "westeurope";

/** A recognisable fake GUID derived from a resource name (principal and client IDs). */
function fakeGuid(seed: string, kind: number): string {
    let h = kind * 2654435761;
    for (const c of seed) h = (Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0) + kind;
    const hex = (h >>> 0).toString(16).padStart(8, "0");
    return `${hex}-0000-4000-8000-${hex}${kind.toString(16).padStart(4, "0")}`;
}

const kubeconfigYaml = (server: string, cluster: string) =>
    [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        `- name: ${cluster}`,
        "  cluster:",
        `    server: ${server}`,
        "    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1PQ0sKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=",
        "contexts:",
        `- name: ${cluster}`,
        "  context:",
        `    cluster: ${cluster}`,
        `    user: clusterUser_${cluster}`,
        `current-context: ${cluster}`,
        "users:",
        `- name: clusterUser_${cluster}`,
        "  user:",
        "    exec:",
        "      apiVersion: client.authentication.k8s.io/v1beta1",
        "      command: kubelogin",
        "      args: [get-token, --environment, AzurePublicCloud, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630, --login, devicecode]",
        "",
    ].join("\n");

const named = (key: string) => (name: string, inputs: Inputs) => ({ name: inputs[key] ?? name });

export const azureMocks: ProviderMocks = {
    states: {
        "azure-native:resources:ResourceGroup": named("resourceGroupName"),
        "azure-native:network:VirtualNetwork": named("virtualNetworkName"),
        "azure-native:network:Subnet": named("subnetName"),
        "azure-native:network:PrivateEndpoint": named("privateEndpointName"),
        "azure-native:privatedns:PrivateZone": named("privateZoneName"),
        "azure-native:managedidentity:UserAssignedIdentity": (name, inputs) => ({
            name: inputs.resourceName ?? name,
            principalId: fakeGuid(name, 1),
            clientId: fakeGuid(name, 2),
            tenantId: TENANT,
        }),
        "azure-native:containerservice:ManagedCluster": (name, inputs) => ({
            name: inputs.resourceName ?? name,
            fqdn: `${inputs.dnsPrefix ?? name}-a1b2c3d4.hcp.${LOCATION}.azmk8s.io`,
            privateFQDN: `${inputs.dnsPrefix ?? name}-a1b2c3d4.privatelink.${LOCATION}.azmk8s.io`,
            oidcIssuerProfile: { enabled: true, issuerURL: `https://${LOCATION}.oic.prod-aks.azure.com/${TENANT}/mock-${name}/` },
            // AKS's default name for the group that holds the nodes, disks and load balancers.
            nodeResourceGroup: inputs.nodeResourceGroup ?? `MC_${inputs.resourceGroupName}_${inputs.resourceName ?? name}_${LOCATION}`,
        }),
        "azure-native:containerservice:AgentPool": named("agentPoolName"),
        "azure-native:keyvault:Vault": (name, inputs) => ({
            name: inputs.vaultName ?? name,
            properties: { ...inputs.properties, vaultUri: `https://${inputs.vaultName ?? name}.vault.azure.net/` },
        }),
        "azure-native:keyvault:Key": (name, inputs) => ({
            name: inputs.keyName ?? name,
            keyUri: `https://mock-vault.vault.azure.net/keys/${inputs.keyName ?? name}`,
            keyUriWithVersion: `https://mock-vault.vault.azure.net/keys/${inputs.keyName ?? name}/0123456789abcdef0123456789abcdef`,
        }),
        "azure-native:storage:StorageAccount": (name, inputs) => {
            const account = inputs.accountName ?? name;
            return { name: account, primaryEndpoints: { blob: `https://${account}.blob.core.windows.net/` } };
        },
        "azure-native:storage:BlobContainer": named("containerName"),
        "azure-native:dbforpostgresql:Server": (name, inputs) => ({
            name: inputs.serverName ?? `${name}-a1b2c3`,
            fullyQualifiedDomainName: `${inputs.serverName ?? `${name}-a1b2c3`}.postgres.database.azure.com`,
        }),
        "azure-native:redisenterprise:RedisEnterprise": (name, inputs) => ({
            name: inputs.clusterName ?? `${name}-a1b2c3`,
            hostName: `${inputs.clusterName ?? `${name}-a1b2c3`}.${LOCATION}.redis.azure.net`,
        }),
        "azure-native:redisenterprise:Database": named("databaseName"),
        "azure-native:network:PublicIPAddress": (name, inputs) => ({
            name: inputs.publicIpAddressName ?? name,
            ipAddress: `198.51.100.${(parseInt(fakeGuid(name, 4).slice(0, 4), 16) % 240) + 10}`,
        }),
        "azure-native:network:NetworkSecurityGroup": named("networkSecurityGroupName"),
        // @pulumiverse/time: the wait after role assignments has no outputs the program reads.
        "time:index/sleep:Sleep": () => ({}),
        "azure-native:operationalinsights:Workspace": (name, inputs) => ({ name: inputs.workspaceName ?? name, customerId: fakeGuid(name, 3) }),
    },
    calls: {
        "azure-native:authorization:getClientConfig": () => ({
            clientId: fakeGuid("deployer", 2),
            objectId: DEPLOYER_OBJECT_ID,
            subscriptionId: SUBSCRIPTION,
            tenantId: TENANT,
        }),
        "azure-native:containerservice:listManagedClusterUserCredentials": (inputs) => ({
            kubeconfigs: [
                {
                    name: "clusterUser",
                    value: Buffer.from(
                        kubeconfigYaml(`https://${inputs.resourceName}-a1b2c3d4.hcp.${LOCATION}.azmk8s.io:443`, inputs.resourceName),
                    ).toString("base64"),
                },
            ],
        }),
        "azure-native:redisenterprise:listDatabaseKeys": (inputs) => ({
            primaryKey: `mock-redis-primary-key-${inputs.clusterName}-Qw3rT9`,
            secondaryKey: `mock-redis-secondary-key-${inputs.clusterName}-Qw3rT9`,
        }),
    },
};
