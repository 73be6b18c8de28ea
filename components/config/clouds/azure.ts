import { z } from "zod";
import type { Rule } from "../rule";
import { uuid } from "../fields";

export const azureConfigSchema = z.strictObject({
    location: z.string().regex(/^[a-z]+[a-z0-9]*$/, { message: "expected an Azure location such as westeurope" }),
    tenantId: uuid,
    /** Entra ID groups that get cluster-admin through Azure RBAC (local accounts are disabled). */
    clusterAdminGroupObjectIds: z.array(uuid).min(1, { message: "list at least one Entra ID group object ID" }),
    /**
     * Object ID of the principal that runs `pulumi up`. It is granted "Azure Kubernetes Service RBAC
     * Cluster Admin" on the cluster (to install the platform layer) and "Key Vault Crypto Officer" on
     * the platform's vault (to manage its keys). Defaults to the signed-in principal
     * (`az ad signed-in-user show` / the service principal in ARM_CLIENT_ID).
     */
    deployerObjectId: uuid.optional(),
});

export type AzureConfig = z.output<typeof azureConfigSchema>;

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
];
