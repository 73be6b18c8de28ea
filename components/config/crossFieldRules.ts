/**
 * Rules that span several keys, or that one cloud's services impose on the common keys. They run
 * on the resolved config (defaults filled in), so a stack learns before anything is registered
 * that, say, its cache cannot have read replicas on GCP at that size.
 */
import { EKS_ADDON_VERSIONS } from "./clouds/aws";
import type { AwsConfig } from "./clouds/aws";
import type { AzureConfig } from "./clouds/azure";
import type { GcpConfig } from "./clouds/gcp";
import type { Cloud, Environment } from "./environment";

/** The resolved config as the rules see it (the schema's output, before it becomes a spec). */
export interface ResolvedConfig {
    cloud: Cloud;
    environment: Environment;
    kubernetesVersion: string;
    network: { zoneCount: number };
    cluster: { nodePools: { gpu?: { accelerator: string; machineType?: string } } };
    database: { size: string; highAvailability: boolean };
    cache: { size: string; replicas: number };
    aws?: AwsConfig;
    gcp?: GcpConfig;
    azure?: AzureConfig;
}

export interface Problem {
    path: (string | number)[];
    message: string;
}

type Rule = (c: ResolvedConfig) => Problem | undefined;

const RULES: Rule[] = [
    (c) => (c[c.cloud] === undefined ? { path: [c.cloud], message: `required when cloud is "${c.cloud}"` } : undefined),
    (c) =>
        c.environment === "production" && c.cache.replicas === 0
            ? { path: ["cache", "replicas"], message: "production needs at least 1 replica for automatic failover" }
            : undefined,

    // AWS
    (c) =>
        c.cloud === "aws" && c.network.zoneCount < 2
            ? { path: ["network", "zoneCount"], message: "EKS needs subnets in at least 2 availability zones" }
            : undefined,
    (c) =>
        c.cloud === "aws" && c.aws && !c.aws.addonVersions && !EKS_ADDON_VERSIONS[c.kubernetesVersion]
            ? {
                  path: ["aws", "addonVersions"],
                  message: `no pinned EKS add-on versions for Kubernetes ${c.kubernetesVersion} (pinned: ${Object.keys(EKS_ADDON_VERSIONS).join(", ")}); set all four`,
              }
            : undefined,
    (c) =>
        c.cloud === "aws" && c.cluster.nodePools.gpu?.accelerator === "nvidia-a100" && !c.cluster.nodePools.gpu.machineType
            ? { path: ["cluster", "nodePools", "gpu", "machineType"], message: "AWS offers A100s only in 8-GPU p4d instances: set machineType explicitly" }
            : undefined,

    // GCP
    (c) =>
        c.cloud === "gcp" && c.gcp?.zones && c.gcp.zones.length !== c.network.zoneCount
            ? { path: ["gcp", "zones"], message: `lists ${c.gcp.zones.length} zone(s) but network.zoneCount is ${c.network.zoneCount}` }
            : undefined,
    (c) =>
        c.cloud === "gcp" && c.cache.replicas > 1 && c.cache.size === "small"
            ? { path: ["cache", "size"], message: "Memorystore read replicas (replicas > 1) need 5 GB or more: choose medium or larger, or 1 replica" }
            : undefined,

    // Azure
    (c) =>
        c.cloud === "azure" && c.cluster.nodePools.gpu?.accelerator === "nvidia-l4" && !c.cluster.nodePools.gpu.machineType
            ? { path: ["cluster", "nodePools", "gpu", "accelerator"], message: "Azure has no L4 VM size: use nvidia-t4 or nvidia-a100, or set machineType" }
            : undefined,
    (c) =>
        c.cloud === "azure" && c.database.highAvailability && c.database.size === "small"
            ? { path: ["database", "size"], message: "small maps to a Burstable PostgreSQL server, which has no zone-redundant HA: choose medium or larger" }
            : undefined,
];

export function crossFieldProblems(config: ResolvedConfig): Problem[] {
    return RULES.map((rule) => rule(config)).filter((p): p is Problem => p !== undefined);
}
