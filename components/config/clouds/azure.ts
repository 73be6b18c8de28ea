import { z } from "zod";
import { uuid } from "../fields";

export const azureConfigSchema = z.strictObject({
    location: z.string().regex(/^[a-z]+[a-z0-9]*$/, { message: "expected an Azure location such as westeurope" }),
    tenantId: uuid,
    /** Entra ID groups that get cluster-admin through Azure RBAC (local accounts are disabled). */
    clusterAdminGroupObjectIds: z.array(uuid).min(1, { message: "list at least one Entra ID group object ID" }),
});

export type AzureConfig = z.output<typeof azureConfigSchema>;
