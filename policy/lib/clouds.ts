/** Which cloud a stack runs on, read from the cluster it creates (rules that differ per cloud). */
import type { PolicyResource } from "@pulumi/policy";

export type Cloud = "aws" | "gcp" | "azure";

const CLUSTERS: Record<string, Cloud> = {
    "aws:eks/cluster:Cluster": "aws",
    "gcp:container/cluster:Cluster": "gcp",
    "azure-native:containerservice:ManagedCluster": "azure",
};

export const CLUSTER_TYPES = Object.keys(CLUSTERS);

/** The clouds whose clusters the stack creates; none means the stack targets a cluster made elsewhere. */
export function cloudsOf(resources: readonly PolicyResource[]): Cloud[] {
    return [...new Set(resources.map((r) => CLUSTERS[r.type]).filter((c): c is Cloud => c !== undefined))];
}
