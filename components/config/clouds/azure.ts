import { z } from "zod";
import type { Rule } from "../rule";
import { uniqueList, uuid } from "../fields";
import { drRegionField } from "../resilience";
import { AZURE_LOCATIONS, closest } from "../regions";

/**
 * The AKS Kubernetes release calendar: minors AKS offers for new clusters, with the last day of
 * standard (community) support and of long-term support. Dates are the last day of the month the
 * calendar names. Source: https://learn.microsoft.com/azure/aks/supported-kubernetes-versions
 * ("AKS Kubernetes release calendar" and "LTS versions", read 2026-12-01). After the end of
 * standard support a minor is in platform support, where AKS refuses cluster creation; only LTS
 * (Premium tier) keeps it available.
 */
export const AKS_KUBERNETES_VERSIONS: Readonly<Record<string, { endOfSupport: string; endOfLongTermSupport: string }>> = {
    "1.33": { endOfSupport: "2026-07-31", endOfLongTermSupport: "2027-07-31" },
    "1.34": { endOfSupport: "2026-11-30", endOfLongTermSupport: "2027-11-30" },
    "1.35": { endOfSupport: "2027-03-31", endOfLongTermSupport: "2028-03-31" },
    "1.36": { endOfSupport: "2027-06-30", endOfLongTermSupport: "2028-06-30" },
    "1.37": { endOfSupport: "2027-10-31", endOfLongTermSupport: "2028-10-31" },
};

export type AksVersionStatus = "supported" | "needsLongTermSupport" | "unavailable";

/** Whether AKS lets a cluster of this minor be created on `today` with or without LTS. */
export function aksVersionStatus(version: string, today: Date, longTermSupport: boolean): AksVersionStatus {
    const entry = AKS_KUBERNETES_VERSIONS[version];
    if (!entry) return "unavailable";
    const day = today.toISOString().slice(0, 10);
    if (day <= entry.endOfSupport) return "supported";
    if (day <= entry.endOfLongTermSupport) return longTermSupport ? "supported" : "needsLongTermSupport";
    return "unavailable";
}

export const azureConfigSchema = z.strictObject({
    location: z.string().refine((l) => AZURE_LOCATIONS.includes(l), {
        error: (issue) => `expected an Azure location name such as westeurope (lowercase, no spaces); the closest are ${closest(String(issue.input), AZURE_LOCATIONS).join(", ")}`,
    }),
    /** The paired region geo-redundant backups and GZRS storage copy to (see ../resilience.ts). */
    drLocation: drRegionField,
    tenantId: uuid,
    /** Entra ID groups that get cluster-admin through Azure RBAC (local accounts are disabled). */
    clusterAdminGroupObjectIds: uniqueList(z.array(uuid).min(1, { message: "list at least one Entra ID group object ID" })),
    /**
     * Object ID of the principal that runs `pulumi up`. It is granted "Azure Kubernetes Service RBAC
     * Cluster Admin" on the cluster (to install the platform layer) and "Key Vault Crypto Officer" on
     * the platform's vault (to manage its keys). Defaults to the signed-in principal
     * (`az ad signed-in-user show` / the service principal in ARM_CLIENT_ID).
     */
    deployerObjectId: uuid.optional(),
    /**
     * How the deployer reaches the AKS API server. `private`: a private cluster, reached from the
     * VNet or a peered/connected network (admit the runner's range with cluster.privateApiAllowedCidrs
     * on the network side). `allowList`: a public API server restricted to cluster.apiAllowedCidrs
     * plus the NAT gateway's egress IPs (added automatically, so nodes can register).
     */
    apiAccess: z.enum(["private", "allowList"]).default("private"),
    /** AKS long-term support (Premium tier): keeps a minor available for a year after standard support ends. */
    longTermSupport: z.boolean().default(false),
    /** The Entra ID principal (usually a group) that administers PostgreSQL through Entra authentication. */
    postgresEntraAdmin: z.strictObject({
        objectId: uuid,
        /** The group, user or application display name as Entra ID shows it. */
        principalName: z.string().min(1).max(128),
        principalType: z.enum(["Group", "User", "ServicePrincipal"]).default("Group"),
    }),
});

export type AzureConfig = z.output<typeof azureConfigSchema>;

/** The cluster keys the access rules read (the schema's output has them; ResolvedConfig does not name them). */
interface ApiAccessKeys {
    cluster: { apiAllowedCidrs?: string[]; privateApiAllowedCidrs?: string[] };
}

/** Limits AKS and PostgreSQL flexible server put on the common keys. */
export const AZURE_RULES: Rule[] = [
    (c) =>
        c.cluster.nodePools.gpu?.accelerator === "nvidia-l4" && !c.cluster.nodePools.gpu.machineType
            ? { path: ["cluster", "nodePools", "gpu", "accelerator"], message: "Azure has no L4 VM size: use nvidia-t4 or nvidia-a100, or set machineType" }
            : undefined,
    (c) =>
        c.database.highAvailability && c.database.size === "small"
            ? { path: ["database", "size"], message: "small maps to a Burstable PostgreSQL server, which has no zone-redundant HA: choose medium or larger" }
            : undefined,
    (c) =>
        c.azure && aksVersionStatus(c.kubernetesVersion, new Date(), c.azure.longTermSupport) === "unavailable"
            ? {
                  path: ["kubernetesVersion"],
                  message: `AKS does not offer Kubernetes ${c.kubernetesVersion} for new clusters (offered: ${Object.keys(AKS_KUBERNETES_VERSIONS).join(", ")}, within their support windows)`,
              }
            : undefined,
    (c) => {
        const allowed = (c as unknown as ApiAccessKeys).cluster.apiAllowedCidrs ?? [];
        const inNetwork = (c as unknown as ApiAccessKeys).cluster.privateApiAllowedCidrs ?? [];
        if (c.azure?.apiAccess === "private" && inNetwork.length === 0) {
            return {
                path: ["cluster", "privateApiAllowedCidrs"],
                message: 'list the deploying runner\'s network when ml-platform:azure.apiAccess is "private": a private API server is reachable only from the VNet and networks connected to it, so nothing could install the platform layer',
            };
        }
        if (c.azure?.apiAccess === "private" && allowed.length > 0) {
            return {
                path: ["cluster", "apiAllowedCidrs"],
                message: 'must be empty when ml-platform:azure.apiAccess is "private": AKS authorized IP ranges cannot be combined with a private cluster',
            };
        }
        if (c.azure?.apiAccess === "allowList" && allowed.length === 0) {
            return {
                path: ["cluster", "apiAllowedCidrs"],
                message: 'list the deploying runners\' public ranges when ml-platform:azure.apiAccess is "allowList": otherwise nothing outside the cluster can reach the API',
            };
        }
        return undefined;
    },
];
