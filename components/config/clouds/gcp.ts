import { z } from "zod";
import type { Rule } from "../rule";
import { cidrWithPrefix } from "../fields";

const zone = z.string().regex(/^[a-z]+-[a-z]+\d+-[a-z]$/, { message: "expected a GCP zone such as europe-west4-a" });

export const gcpConfigSchema = z
    .strictObject({
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
        /**
         * Zones for nodes (the first one also holds a zonal control plane). Defaults to the first
         * `network.zoneCount` zones of the region in alphabetical order; pin them to be immune to
         * new zones appearing in the region.
         */
        zones: z.array(zone).min(1).max(3).optional(),
        /** Zones for the GPU pool, when the accelerator is not offered in every node zone. */
        gpuZones: z.array(zone).min(1).optional(),
        /** GKE release channel: the control plane and nodes upgrade automatically within it. */
        releaseChannel: z.enum(["RAPID", "REGULAR", "STABLE"]).default("REGULAR"),
    })
    .superRefine((g, ctx) => {
        for (const key of ["zones", "gpuZones"] as const) {
            (g[key] ?? []).forEach((z, i) => {
                if (!z.startsWith(`${g.region}-`)) ctx.addIssue({ code: "custom", path: [key, i], message: `${z} is not in region ${g.region}` });
            });
        }
    });

export type GcpConfig = z.output<typeof gcpConfigSchema>;

/** Limits GKE and Memorystore put on the common keys. */
export const GCP_RULES: Rule[] = [
    (c) =>
        c.gcp?.zones && c.gcp.zones.length !== c.network.zoneCount
            ? { path: ["gcp", "zones"], message: `lists ${c.gcp.zones.length} zone(s) but network.zoneCount is ${c.network.zoneCount}` }
            : undefined,
    (c) =>
        c.cache.replicas > 1 && c.cache.size === "small"
            ? { path: ["cache", "size"], message: "Memorystore read replicas (replicas > 1) need 5 GB or more: choose medium or larger, or 1 replica" }
            : undefined,
];
