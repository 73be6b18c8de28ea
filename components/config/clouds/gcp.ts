import { z } from "zod";
import { cidrWithPrefix } from "../fields";

export const gcpConfigSchema = z.strictObject({
    project: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, { message: "expected a GCP project ID such as acme-ml-prod" }),
    region: z.string().regex(/^[a-z]+-[a-z]+\d+$/, { message: "expected a GCP region such as europe-west4" }),
    /** IAM members granted roles/container.admin, e.g. group:ml-platform-admins@example.com. */
    clusterAdmins: z
        .array(
            z.string().regex(/^(user|group|serviceAccount):[^@\s]+@[^@\s]+$/, {
                message: "expected an IAM member such as group:admins@example.com or serviceAccount:ci@project.iam.gserviceaccount.com",
            }),
        )
        .min(1, { message: "list at least one IAM member who administers the cluster" }),
    /** The /28 the GKE control plane's private endpoint lives in; must not overlap the VPC. */
    masterCidr: cidrWithPrefix(28, 28).default("172.16.0.0/28"),
    /** Range reserved for private services access (Cloud SQL, Memorystore). */
    privateServicesCidr: cidrWithPrefix(16, 24).default("10.100.0.0/16"),
});

export type GcpConfig = z.output<typeof gcpConfigSchema>;
