import { z } from "zod";
import type { ResolvedConfig, Rule } from "../rule";
import { cidrWithPrefix, uniqueList } from "../fields";
import { drRegionField } from "../resilience";
import { closest, GCP_ZONES, gcpRegionOfZone, gcpZonesOf } from "../regions";
import { gcpRangeProblems } from "./gcpRanges";

const ZONE_NAME = /^[a-z]+-[a-z]+\d+-[a-z]$/;
const zone = z.string().regex(ZONE_NAME, { message: "expected a GCP zone such as europe-west4-a" });

export const GKE_RELEASE_CHANNELS = ["RAPID", "REGULAR", "STABLE"] as const;
export type GkeReleaseChannel = (typeof GKE_RELEASE_CHANNELS)[number];

/**
 * Kubernetes minors each GKE release channel offers for new clusters ("Available minor versions"
 * in the current-versions table of https://cloud.google.com/kubernetes-engine/docs/release-notes,
 * read 2026-12). A minor outside its channel's list is refused: GKE rejects minMasterVersion
 * outside the channel, and a channel upgrades past any pin anyway. Update with the release notes.
 */
export const GKE_CHANNEL_MINORS: Readonly<Record<GkeReleaseChannel, readonly string[]>> = {
    RAPID: ["1.33", "1.34", "1.35", "1.36"],
    REGULAR: ["1.33", "1.34", "1.35", "1.36"],
    STABLE: ["1.33", "1.34", "1.35"],
};

/**
 * How CI and admins reach the GKE API. Both keep the IP endpoint private.
 * - dnsEndpoint: the DNS-based endpoint (IAM-authorized, no public IP) admits callers from anywhere
 *   that reaches Google APIs, such as GitHub-hosted runners.
 * - private: only the private IP endpoint, from `cluster.privateApiAllowedCidrs`.
 */
export const GCP_API_ACCESS = ["dnsEndpoint", "private"] as const;

/**
 * Registries the platform layer's charts pull from by default, allowed by the project's Binary
 * Authorization policy. In a name pattern a trailing `*` matches within one path segment and a
 * trailing `**` also crosses `/`, so registries whose images sit deeper than one segment
 * (registry.k8s.io/kube-state-metrics/kube-state-metrics) take `**`. Google's system images are
 * trusted through the policy's global evaluation mode.
 */
export const DEFAULT_ALLOWED_IMAGES = [
    "docker.io/istio/*",
    "docker.io/kserve/*",
    "docker.io/burakince/*",
    "docker.io/grafana/*",
    "docker.io/otel/*",
    "docker.io/falcosecurity/*",
    "docker.io/rayproject/*",
    "quay.io/kuberay/*",
    "docker.io/velero/*",
    "docker.io/apache/*",
    "docker.io/library/*",
    "ghcr.io/fluxcd/*",
    "ghcr.io/external-secrets/*",
    "ghcr.io/opencost/*",
    "mirror.gcr.io/aquasec/*",
    "quay.io/jetstack/*",
    "quay.io/prometheus/*",
    "quay.io/prometheus-operator/*",
    "quay.io/kiwigrid/*",
    "ghcr.io/kedacore/*",
    "ghcr.io/kserve/*",
    "registry.k8s.io/**",
] as const;

const imagePattern = z.string().regex(/^[a-z0-9.-]+(:\d+)?\/[^\s*]*\*{0,2}$/, {
    message: "expected an image pattern such as quay.io/jetstack/* or registry.k8s.io/** (a trailing * or ** only, after the registry)",
});

export const gcpConfigSchema = z
    .strictObject({
        project: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, { message: "expected a GCP project ID such as acme-ml-prod" }),
        region: z.string().refine((r) => GCP_ZONES[r] !== undefined, {
            error: (issue) => `expected a GCP region such as europe-west4; the closest are ${closest(String(issue.input), Object.keys(GCP_ZONES)).join(", ")}`,
        }),
        /** The second region: Cloud SQL backups and the artifact replica (see ../resilience.ts). */
        drRegion: drRegionField,
        /** IAM members who administer this cluster (roles/container.admin, conditioned on this cluster only). */
        clusterAdmins: uniqueList(
            z
                .array(
                    z.string().regex(/^(user|group|serviceAccount):[^@\s]+@[^@\s]+$/, {
                        message: "expected an IAM member such as group:admins@example.com or serviceAccount:ci@project.iam.gserviceaccount.com",
                    }),
                )
                .min(1, { message: "list at least one IAM member who administers the cluster" }),
        ),
        /** How the cluster API is reached; see GCP_API_ACCESS. */
        apiAccess: z.enum(GCP_API_ACCESS).default("dnsEndpoint"),
        /**
         * The /28 the GKE control plane's private endpoint lives in. Unset: 172.16.0.0/28, or the
         * first /28 that overlaps none of the stack's other ranges (gcpRanges).
         */
        masterCidr: cidrWithPrefix(28, 28).optional(),
        /**
         * Range reserved for private services access (Cloud SQL, Memorystore). Unset: 10.100.0.0/16,
         * or the first /16 that overlaps none of the stack's other ranges (gcpRanges).
         */
        privateServicesCidr: cidrWithPrefix(16, 24).optional(),
        /**
         * Zones for nodes (the first one also holds a zonal control plane). Defaults to the first
         * `network.zoneCount` zones of the region in alphabetical order; pin them to be immune to
         * new zones appearing in the region.
         */
        zones: z.array(zone).min(1).max(3).optional(),
        /** Zones for the GPU pool, when the accelerator is not offered in every node zone. */
        gpuZones: z.array(zone).min(1).optional(),
        /** GKE release channel: the control plane and nodes upgrade automatically within it. */
        releaseChannel: z.enum(GKE_RELEASE_CHANNELS).default("REGULAR"),
        /**
         * The project's Binary Authorization policy (a project singleton, so the project should be
         * the platform's own). Images outside `allowedImages` are logged (dryRun) or refused (enforce).
         */
        binaryAuthorization: z
            .strictObject({
                enforcement: z.enum(["dryRun", "enforce"]).default("dryRun"),
                allowedImages: z.array(imagePattern).min(1).default([...DEFAULT_ALLOWED_IMAGES]),
            })
            .prefault({}),
    })
    .superRefine((g, ctx) => {
        for (const key of ["zones", "gpuZones"] as const) {
            const list = g[key] ?? [];
            list.forEach((z, i) => {
                const first = list.indexOf(z);
                const message = first !== i ? `duplicate of entry ${first}; list each zone once` : zoneProblem(z, g.region);
                if (message) ctx.addIssue({ code: "custom", path: [key, i], message });
            });
        }
    });

/** A well-formed zone that is not one of the region's (a malformed one or an unknown region has its own message). */
function zoneProblem(zone: string, region: string): string | undefined {
    const own = gcpZonesOf(region);
    if (!ZONE_NAME.test(zone) || own.length === 0 || own.includes(zone)) return undefined;
    return gcpRegionOfZone(zone) === region
        ? `${region} has no zone ${zone}; its zones are ${own.join(", ")}`
        : `${zone} is a zone of ${gcpRegionOfZone(zone)}, but gcp.region is ${region}; use one of ${own.join(", ")}`;
}

/** The GCP section as the schema returns it (the derived ranges may be unset). */
export type ParsedGcpConfig = z.output<typeof gcpConfigSchema>;
/** The GCP section as the foundation sees it: the two derived ranges always set. */
export type GcpConfig = Omit<ParsedGcpConfig, "masterCidr" | "privateServicesCidr"> & { masterCidr: string; privateServicesCidr: string };
export type GcpApiAccess = GcpConfig["apiAccess"];

/** The common API allow-lists, which the shared ResolvedConfig does not spell out. */
type WithApiCidrs = ResolvedConfig & { cluster: { apiAllowedCidrs?: string[]; privateApiAllowedCidrs?: string[] } };

const apiAccessRules: Rule[] = [
    (c) =>
        c.gcp && ((c as WithApiCidrs).cluster.apiAllowedCidrs ?? []).length > 0
            ? {
                  path: ["cluster", "apiAllowedCidrs"],
                  message: `must be empty on GCP (gcp.apiAccess "${c.gcp.apiAccess}"): the GKE IP endpoint is always private; use gcp.apiAccess "dnsEndpoint" for callers outside the network, or cluster.privateApiAllowedCidrs for ranges inside it`,
              }
            : undefined,
    (c) =>
        c.gcp?.apiAccess === "private" && ((c as WithApiCidrs).cluster.privateApiAllowedCidrs ?? []).length === 0
            ? {
                  path: ["cluster", "privateApiAllowedCidrs"],
                  message: 'must list the deploying runner\'s range when ml-platform:gcp.apiAccess is "private": otherwise nothing outside the nodes can reach the API to install the platform layer',
              }
            : undefined,
];

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
    (c) =>
        c.gcp && !GKE_CHANNEL_MINORS[c.gcp.releaseChannel].includes(c.kubernetesVersion)
            ? {
                  path: ["kubernetesVersion"],
                  message: `GKE's ${c.gcp.releaseChannel} channel offers Kubernetes ${GKE_CHANNEL_MINORS[c.gcp.releaseChannel].join(", ")}, not ${c.kubernetesVersion}`,
              }
            : undefined,
    ...apiAccessRules,
    ...gcpRangeProblems,
];
