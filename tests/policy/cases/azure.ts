import { RULES } from "../../../policy/rules";
import type { Fixture } from "../harness";
import { urnOf } from "../harness";
import { patched, STAGING, type RuleCase } from "./types";

const rule = (name: string) => RULES.find((r) => r.name === name)!;

const READER = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
const RG: Fixture = { type: "azure-native:resources:ResourceGroup", name: "rg", props: {} };
const CONTAINER_RES: Fixture = { type: "azure-native:storage:BlobContainer", name: "artifacts", props: {} };
const assignment = (role: string, scope: string, from?: Fixture): Fixture => ({
    type: "azure-native:authorization:RoleAssignment",
    props: { roleDefinitionId: `/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/${role}`, scope, principalId: "p", principalType: "ServicePrincipal" },
    propertyDependencies: from ? { scope: [urnOf(from.type, from.name!)] } : {},
});

/** A custom role of the stack with the given actions, and its assignment on the stack's resource group. */
const customRoleOnGroup = (actions: string[]): Fixture[] => {
    const definition: Fixture = { type: "azure-native:authorization:RoleDefinition", name: "zone-lister", props: { permissions: [{ actions }], assignableScopes: ["rg-id"] } };
    const grant: Fixture = {
        type: "azure-native:authorization:RoleAssignment",
        props: { roleDefinitionId: "zone-lister-id", scope: "rg-id", principalId: "p", principalType: "ServicePrincipal" },
        propertyDependencies: { scope: [urnOf(RG.type, RG.name!)], roleDefinitionId: [urnOf(definition.type, definition.name!)] },
    };
    return [RG, definition, grant];
};

/** A custom role on the AKS node resource group, the scope derived from the stack's cluster (Velero's disk snapshots). */
const customRoleOnNodeGroup = (actions: string[]): Fixture[] => {
    const cluster: Fixture = { type: "azure-native:containerservice:ManagedCluster", name: "aks", props: {} };
    const definition: Fixture = { type: "azure-native:authorization:RoleDefinition", name: "snapshots", props: { permissions: [{ actions }], assignableScopes: ["/subscriptions/s/resourceGroups/MC_x"] }, propertyDependencies: { assignableScopes: [urnOf(cluster.type, cluster.name!)] } };
    const grant: Fixture = {
        type: "azure-native:authorization:RoleAssignment",
        props: { roleDefinitionId: "snapshots-id", scope: "/subscriptions/s/resourceGroups/MC_x", principalId: "p", principalType: "ServicePrincipal" },
        propertyDependencies: { scope: [urnOf(cluster.type, cluster.name!)], roleDefinitionId: [urnOf(definition.type, definition.name!)] },
    };
    return [cluster, definition, grant];
};

const nsg = (rule: Record<string, unknown>): Fixture => ({
    type: "azure-native:network:NetworkSecurityGroup",
    props: { securityRules: [patched({ name: "in", direction: "Inbound", access: "Allow", protocol: "Tcp", sourceAddressPrefix: "*", destinationPortRange: "443", priority: 100 }, rule)] },
});

const aks = (patch: Record<string, unknown> = {}): Fixture => ({
    type: "azure-native:containerservice:ManagedCluster",
    props: patched(
        {
            aadProfile: { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: ["g"] },
            apiServerAccessProfile: { authorizedIPRanges: ["203.0.113.0/28"], enablePrivateCluster: false },
            autoUpgradeProfile: { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" },
            disableLocalAccounts: true,
            enableRBAC: true,
            networkProfile: { networkPlugin: "azure", networkPolicy: "cilium", networkDataplane: "cilium" },
            oidcIssuerProfile: { enabled: true },
            securityProfile: { workloadIdentity: { enabled: true } },
            sku: { name: "Base", tier: "Standard" },
            agentPoolProfiles: [{ name: "system", mode: "System", vmSize: "Standard_D4ds_v5" }],
        },
        patch,
    ),
});

const pg = (patch: Record<string, unknown> = {}): Fixture => ({
    type: "azure-native:dbforpostgresql:Server",
    props: patched(
        {
            network: { delegatedSubnetResourceId: "subnet", publicNetworkAccess: "Disabled" },
            backup: { backupRetentionDays: 30, geoRedundantBackup: "Enabled" },
            highAvailability: { mode: "ZoneRedundant" },
        },
        patch,
    ),
});

const pgConfig = (configurationName: string, value: string): Fixture => ({
    type: "azure-native:dbforpostgresql:Configuration",
    props: { configurationName, value, serverName: "pg", source: "user-override" },
});

const managedRedis = (patch: Record<string, unknown> = {}): Fixture => ({
    type: "azure-native:redisenterprise:RedisEnterprise",
    props: patched({ minimumTlsVersion: "1.2", publicNetworkAccess: "Disabled", highAvailability: "Enabled", sku: { name: "Balanced_B1" } }, patch),
});

const cache = (patch: Record<string, unknown> = {}): Fixture => ({
    type: "azure-native:redis:Redis",
    props: patched({ enableNonSslPort: false, minimumTlsVersion: "1.2", publicNetworkAccess: "Disabled", sku: { name: "Premium", family: "P", capacity: 1 } }, patch),
});

const storage = (patch: Record<string, unknown> = {}): Fixture => ({
    type: "azure-native:storage:StorageAccount",
    props: patched(
        { allowBlobPublicAccess: false, allowSharedKeyAccess: false, minimumTlsVersion: "TLS1_2", enableHttpsTrafficOnly: true, networkRuleSet: { defaultAction: "Deny" }, publicNetworkAccess: "Disabled" },
        patch,
    ),
});

/** A Key Vault secret written into the vault fixture named "kv". */
const kvSecret = (): Fixture => ({
    type: "azure-native:keyvault:Secret",
    name: "database",
    props: { vaultName: "kv-name", secretName: "database" },
    propertyDependencies: { vaultName: [urnOf("azure-native:keyvault:Vault", "kv")] },
});

const vault = (patch: Record<string, unknown> = {}): Fixture => ({
    type: "azure-native:keyvault:Vault",
    props: patched(
        {
            properties: {
                enablePurgeProtection: true,
                enableSoftDelete: true,
                enableRbacAuthorization: true,
                networkAcls: { defaultAction: "Deny", bypass: "AzureServices" },
                publicNetworkAccess: "Enabled",
            },
        },
        patch,
    ),
});

export const AZURE_CASES: RuleCase[] = [
    {
        rule: rule("azure-aks-private-api"),
        compliant: [
            { why: "authorized ranges", fixture: aks() },
            { why: "private cluster", fixture: aks({ apiServerAccessProfile: { enablePrivateCluster: true, authorizedIPRanges: undefined } }) },
        ],
        violating: [{ why: "public to all", fixture: aks({ apiServerAccessProfile: { authorizedIPRanges: undefined } }) }],
    },
    {
        rule: rule("azure-aks-entra-rbac"),
        compliant: [{ why: "Entra ID + Azure RBAC, no local accounts", fixture: aks() }],
        violating: [
            { why: "local accounts", fixture: aks({ disableLocalAccounts: false }), expect: /Local accounts/ },
            { why: "no Azure RBAC", fixture: aks({ aadProfile: { enableAzureRBAC: false } }), expect: /Azure RBAC/ },
            { why: "Kubernetes RBAC off", fixture: aks({ enableRBAC: false }), expect: /RBAC is disabled/ },
        ],
    },
    {
        rule: rule("azure-aks-network-policy"),
        compliant: [{ why: "cilium", fixture: aks() }],
        violating: [{ why: "none", fixture: aks({ networkProfile: { networkPolicy: "none" } }) }],
    },
    {
        rule: rule("azure-aks-workload-identity"),
        compliant: [{ why: "OIDC and Workload Identity", fixture: aks() }],
        violating: [{ why: "no OIDC issuer", fixture: aks({ oidcIssuerProfile: { enabled: false } }), expect: /OIDC/ }],
    },
    {
        rule: rule("azure-aks-node-pools-private"),
        compliant: [
            { why: "inline pool without public IPs", fixture: aks() },
            { why: "agent pool without public IPs", fixture: { type: "azure-native:containerservice:AgentPool", props: { agentPoolName: "gpu", enableNodePublicIP: false } } },
        ],
        violating: [
            { why: "inline pool with public IPs", fixture: aks({ agentPoolProfiles: [{ name: "system", enableNodePublicIP: true }] }), expect: /"system"/ },
            { why: "agent pool with public IPs", fixture: { type: "azure-native:containerservice:AgentPool", props: { agentPoolName: "gpu", enableNodePublicIP: true } }, expect: /"gpu"/ },
        ],
    },
    {
        rule: rule("azure-aks-upgrades-and-sla"),
        compliant: [
            { why: "patch channel, Standard tier", fixture: aks() },
            { why: "staging on the Free tier", fixture: aks({ sku: { tier: "Free" } }), options: STAGING },
        ],
        violating: [
            { why: "no upgrades", fixture: aks({ autoUpgradeProfile: { upgradeChannel: "none" } }), options: STAGING, expect: /upgrades are off/ },
            { why: "production Free tier", fixture: aks({ sku: { tier: "Free" } }), expect: /SLA/ },
        ],
    },
    {
        rule: rule("azure-postgres-private-access"),
        compliant: [
            { why: "VNet-integrated", fixture: pg() },
            { why: "narrow firewall rule", fixture: { type: "azure-native:dbforpostgresql:FirewallRule", props: { startIpAddress: "10.0.0.1", endIpAddress: "10.0.0.1" } } },
        ],
        violating: [
            { why: "public access", fixture: pg({ network: { publicNetworkAccess: "Enabled" } }) },
            { why: "allow everything rule", fixture: { type: "azure-native:dbforpostgresql:FirewallRule", props: { startIpAddress: "0.0.0.0", endIpAddress: "255.255.255.255" } } },
        ],
    },
    {
        rule: rule("azure-postgres-tls"),
        compliant: [
            { why: "TLS required", fixture: pgConfig("require_secure_transport", "on") },
            { why: "TLS 1.3 minimum", fixture: pgConfig("ssl_min_protocol_version", "TLSv1.3") },
            { why: "unrelated parameter", fixture: pgConfig("log_connections", "off") },
        ],
        violating: [
            { why: "TLS not required", fixture: pgConfig("require_secure_transport", "off") },
            { why: "TLS 1.1 allowed", fixture: pgConfig("ssl_min_protocol_version", "TLSv1.1") },
        ],
    },
    {
        rule: rule("azure-postgres-backup-and-ha"),
        compliant: [
            { why: "zone-redundant, 30 days", fixture: pg() },
            { why: "staging without HA", fixture: pg({ highAvailability: { mode: "Disabled" } }), options: STAGING },
        ],
        violating: [
            { why: "production without HA", fixture: pg({ highAvailability: { mode: "Disabled" } }), expect: /high availability is Disabled/ },
            { why: "7 days when 14 are required", fixture: pg({ backup: { backupRetentionDays: 7 } }), options: { config: { minBackupRetentionDays: 14 } }, expect: /7 days/ },
        ],
    },
    {
        rule: rule("azure-redis-tls-private"),
        compliant: [{ why: "TLS 1.2, private", fixture: cache() }],
        violating: [
            { why: "non-TLS port", fixture: cache({ enableNonSslPort: true }), expect: /non-TLS/ },
            { why: "public", fixture: cache({ publicNetworkAccess: "Enabled" }), expect: /Public network/ },
        ],
    },
    {
        rule: rule("azure-managed-redis-tls-private"),
        compliant: [
            { why: "TLS 1.2, private", fixture: managedRedis() },
            { why: "encrypted database", fixture: { type: "azure-native:redisenterprise:Database", props: { clientProtocol: "Encrypted" } } },
        ],
        violating: [
            { why: "plaintext database", fixture: { type: "azure-native:redisenterprise:Database", props: { clientProtocol: "Plaintext" } }, expect: /plaintext/ },
            { why: "public cluster", fixture: managedRedis({ publicNetworkAccess: "Enabled" }), expect: /Public network/ },
        ],
    },
    {
        rule: rule("azure-redis-high-availability"),
        compliant: [
            { why: "HA on", fixture: managedRedis() },
            { why: "staging HA off", fixture: managedRedis({ highAvailability: "Disabled" }), options: STAGING },
        ],
        violating: [
            { why: "production HA off", fixture: managedRedis({ highAvailability: "Disabled" }) },
            { why: "production Basic cache", fixture: cache({ sku: { name: "Basic" } }) },
        ],
    },
    {
        rule: rule("azure-storage-account-secure"),
        compliant: [{ why: "locked down", fixture: storage() }],
        violating: [
            { why: "public blobs", fixture: storage({ allowBlobPublicAccess: true }), expect: /Public blob/ },
            { why: "shared keys", fixture: storage({ allowSharedKeyAccess: undefined }), expect: /Shared key/ },
            { why: "TLS 1.0", fixture: storage({ minimumTlsVersion: "TLS1_0" }), expect: /TLS1_0/ },
            { why: "open network", fixture: storage({ networkRuleSet: { defaultAction: "Allow" }, publicNetworkAccess: "Enabled" }), expect: /every network/ },
        ],
    },
    {
        rule: rule("azure-blob-container-private"),
        compliant: [{ why: "None", fixture: { type: "azure-native:storage:BlobContainer", props: { publicAccess: "None" } } }],
        violating: [{ why: "Blob", fixture: { type: "azure-native:storage:BlobContainer", props: { publicAccess: "Blob" } } }],
    },
    {
        rule: rule("azure-key-vault-protection"),
        compliant: [{ why: "purge protection, RBAC, deny by default", fixture: vault() }],
        violating: [
            { why: "no purge protection", fixture: vault({ properties: { enablePurgeProtection: false } }), expect: /Purge/ },
            { why: "access policies", fixture: vault({ properties: { enableRbacAuthorization: false } }), expect: /RBAC/ },
            { why: "open network", fixture: vault({ properties: { networkAcls: { defaultAction: "Allow" } } }), expect: /every network/ },
        ],
    },
    {
        rule: rule("azure-rbac-scoped"),
        compliant: [
            { why: "data reader on the platform's container", fixture: [CONTAINER_RES, assignment(READER, "artifacts-id", CONTAINER_RES)] },
            { why: "a read-only custom role of the stack on its own resource group (external-dns lists zones)", fixture: customRoleOnGroup(["Microsoft.Network/dnszones/read"]) },
            { why: "a disk-and-snapshot custom role on the AKS node resource group (Velero)", fixture: customRoleOnNodeGroup(["Microsoft.Compute/disks/read", "Microsoft.Compute/snapshots/write"]) },
        ],
        violating: [
            { why: "subscription scope", fixture: [assignment(READER, "/subscriptions/00000000-0000-0000-0000-000000000001")], expect: /is scoped to \/subscriptions/ },
            { why: "resource group scope", fixture: [RG, assignment(READER, "rg-id", RG)], expect: /whole resource group/ },
            { why: "a custom role that writes, on the resource group", fixture: customRoleOnGroup(["Microsoft.Network/dnszones/read", "Microsoft.Network/dnszones/write"]), expect: /whole resource group/ },
            { why: "a node-group custom role that also manages VMs", fixture: customRoleOnNodeGroup(["Microsoft.Compute/snapshots/write", "Microsoft.Compute/virtualMachines/write"]), expect: /is scoped to \/subscriptions\/s\/resourceGroups\/MC_x/ },
            { why: "a node-group custom role with a wildcard", fixture: customRoleOnNodeGroup(["Microsoft.Compute/snapshots/*"]), expect: /is scoped to/ },
            { why: "Contributor on the container", fixture: [CONTAINER_RES, assignment("b24988ac-6180-42a0-ab88-20f7382dd24c", "artifacts-id", CONTAINER_RES)], expect: /assigns Contributor/ },
            { why: "a scope outside the stack", fixture: [assignment(READER, "/subscriptions/s/resourceGroups/other/providers/Microsoft.Storage/storageAccounts/x")], expect: /not a resource this stack creates/ },
            {
                why: "custom role with Microsoft.Storage/* at subscription scope",
                fixture: [{ type: "azure-native:authorization:RoleDefinition", props: { permissions: [{ actions: ["Microsoft.Storage/*"] }], assignableScopes: ["/subscriptions/s"] } }],
                expect: /allows Microsoft.Storage\/\*/,
            },
        ],
    },
    {
        rule: rule("azure-nsg-no-world-inbound"),
        compliant: [
            { why: "virtual network source", fixture: nsg({ sourceAddressPrefix: "VirtualNetwork" }) },
            { why: "gateway listener the config allows", fixture: nsg({ destinationPortRanges: ["80", "443"], destinationPortRange: undefined }), options: { config: { publicPorts: [80, 443] } } },
            { why: "deny rule", fixture: nsg({ access: "Deny", destinationPortRange: "*" }) },
        ],
        violating: [
            { why: "internet to SSH", fixture: nsg({ destinationPortRange: "22" }), expect: /admits \* to Tcp 22/ },
            { why: "Internet tag to every port", fixture: nsg({ sourceAddressPrefix: "Internet", destinationPortRange: "*" }), options: { config: { publicPorts: [80, 443] } } },
            { why: "standalone rule from 0.0.0.0/0", fixture: { type: "azure-native:network:SecurityRule", props: { name: "r", direction: "Inbound", access: "Allow", protocol: "*", sourceAddressPrefix: "0.0.0.0/0", destinationPortRange: "443" } }, options: { config: { publicPorts: [443] } } },
        ],
    },
    {
        rule: rule("azure-keyvault-secret-platform-vault"),
        compliant: [{ why: "in the stack's private RBAC vault", fixture: [{ ...vault({ properties: { publicNetworkAccess: "Disabled" } }), name: "kv" }, kvSecret()] }],
        violating: [
            { why: "a vault the stack does not create", fixture: [{ type: "azure-native:keyvault:Secret", name: "database", props: { vaultName: "elsewhere", secretName: "database" } }], expect: /not one this stack creates/ },
            { why: "the stack's vault, open to public networks", fixture: [{ ...vault(), name: "kv" }, kvSecret()], expect: /public network access/ },
        ],
    },
];
