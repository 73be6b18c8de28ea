/**
 * An estimate of the real deployment's critical path: the longest chain of the plan's dependency
 * graph, each resource weighted by a documented typical creation time for its type. The engine
 * creates independent resources in parallel, so this chain bounds how long a first `pulumi up`
 * takes; a change that serializes independent work (a database waiting for the cluster, Helm
 * releases chained without need) makes it longer. Sources for every weight: docs/performance.md.
 */
import type { CapturedResource } from "./capture";

/** Typical creation time in seconds, matched on the type token; the first match wins. */
export const CREATION_SECONDS: readonly { pattern: RegExp; seconds: number; what: string }[] = [
    { pattern: /^aws:eks\/cluster:Cluster$/, seconds: 900, what: "EKS control plane" },
    { pattern: /^aws:eks\/nodeGroup:NodeGroup$/, seconds: 300, what: "EKS managed node group" },
    { pattern: /^aws:eks\/addon:Addon$/, seconds: 60, what: "EKS add-on" },
    { pattern: /^aws:rds\/instance:Instance$/, seconds: 900, what: "RDS PostgreSQL instance (Multi-AZ)" },
    { pattern: /^aws:elasticache\/replicationGroup:ReplicationGroup$/, seconds: 900, what: "ElastiCache replication group" },
    { pattern: /^aws:ec2\/natGateway:NatGateway$/, seconds: 120, what: "NAT gateway" },
    { pattern: /^gcp:container\/cluster:Cluster$/, seconds: 600, what: "GKE regional cluster" },
    { pattern: /^gcp:container\/nodePool:NodePool$/, seconds: 300, what: "GKE node pool" },
    { pattern: /^gcp:sql\/databaseInstance:DatabaseInstance$/, seconds: 900, what: "Cloud SQL instance (regional)" },
    { pattern: /^gcp:redis\/instance:Instance$/, seconds: 600, what: "Memorystore for Redis instance" },
    { pattern: /^gcp:servicenetworking\/connection:Connection$/, seconds: 120, what: "private services access peering" },
    { pattern: /^gcp:projects\/service:Service$/, seconds: 60, what: "API enablement" },
    { pattern: /^azure-native:containerservice:ManagedCluster$/, seconds: 600, what: "AKS cluster" },
    { pattern: /^azure-native:containerservice:AgentPool$/, seconds: 300, what: "AKS node pool" },
    { pattern: /^azure-native:dbforpostgresql:Server$/, seconds: 900, what: "PostgreSQL flexible server (zone-redundant HA)" },
    { pattern: /^azure-native:redisenterprise:RedisEnterprise$/, seconds: 600, what: "Azure Managed Redis cluster" },
    { pattern: /^azure-native:redisenterprise:Database$/, seconds: 120, what: "Azure Managed Redis database" },
    { pattern: /^azure-native:cache:Redis$/, seconds: 1200, what: "Azure Cache for Redis" },
    { pattern: /^azure-native:keyvault:Vault$/, seconds: 30, what: "Key Vault" },
    { pattern: /^azure-native:network:PrivateEndpoint$/, seconds: 60, what: "private endpoint" },
    { pattern: /^kubernetes:helm\.sh\/v\d:Release$/, seconds: 120, what: "Helm release (waits for readiness)" },
    { pattern: /^(aws|gcp|azure-native):/, seconds: 10, what: "other cloud API object" },
    { pattern: /^kubernetes:/, seconds: 2, what: "Kubernetes object" },
    { pattern: /^random:/, seconds: 0, what: "computed locally" },
];

export interface CriticalPath {
    /** Estimated seconds of the longest chain. */
    seconds: number;
    /** The chain, first created first. */
    chain: { urn: string; type: string; name: string; seconds: number }[];
}

export function creationSeconds(type: string): number {
    return CREATION_SECONDS.find((w) => w.pattern.test(type))?.seconds ?? 0;
}

/**
 * What each custom resource waits for before the engine creates it: its dependencies and its
 * provider, with a dependency on a component standing for every custom resource beneath it.
 */
export function waitsFor(resources: readonly CapturedResource[]): Map<string, string[]> {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const children = new Map<string, string[]>();
    for (const r of resources) if (r.parent) children.set(r.parent, [...(children.get(r.parent) ?? []), r.urn]);
    const customsUnder = (urn: string, seen = new Set<string>()): string[] => {
        if (seen.has(urn)) return [];
        seen.add(urn);
        const r = byUrn.get(urn);
        if (!r) return [];
        if (r.custom) return [urn];
        return (children.get(urn) ?? []).flatMap((c) => customsUnder(c, seen));
    };
    const edges = new Map<string, string[]>();
    for (const r of resources) {
        if (!r.custom) continue;
        const direct = [...r.dependencies, ...(r.provider ? [r.provider.split("::").slice(0, -1).join("::")] : [])];
        edges.set(r.urn, [...new Set(direct.flatMap((d) => customsUnder(d)))].filter((d) => d !== r.urn));
    }
    return edges;
}

export function criticalPath(resources: readonly CapturedResource[]): CriticalPath {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const edges = waitsFor(resources);
    const memo = new Map<string, { seconds: number; previous?: string }>();
    const finish = (urn: string, visiting = new Set<string>()): number => {
        const known = memo.get(urn);
        if (known) return known.seconds;
        if (visiting.has(urn)) return 0; // a cycle would fail the real engine; do not loop on it here
        visiting.add(urn);
        let best: { seconds: number; previous?: string } = { seconds: 0 };
        for (const dep of edges.get(urn) ?? []) {
            const s = finish(dep, visiting);
            if (s > best.seconds) best = { seconds: s, previous: dep };
        }
        visiting.delete(urn);
        const result = { seconds: best.seconds + creationSeconds(byUrn.get(urn)!.type), previous: best.previous };
        memo.set(urn, result);
        return result.seconds;
    };
    let end: string | undefined;
    for (const urn of edges.keys()) if (!end || finish(urn) > finish(end)) end = urn;
    const chain: CriticalPath["chain"] = [];
    for (let at = end; at; at = memo.get(at)?.previous) {
        const r = byUrn.get(at)!;
        chain.unshift({ urn: r.urn, type: r.type, name: r.name, seconds: creationSeconds(r.type) });
    }
    return { seconds: end ? finish(end) : 0, chain };
}

/** Only the resources that cost time: the chain as a reader follows it. */
export function formatCriticalPath(path: CriticalPath): string {
    const minutes = (s: number) => `${(s / 60).toFixed(1)} min`;
    const steps = path.chain.filter((step) => step.seconds >= 10);
    const hidden = path.chain.length - steps.length;
    return [
        `Critical path estimate: ${minutes(path.seconds)} over ${path.chain.length} resources (typical creation times, docs/performance.md)`,
        ...steps.map((s) => `  ${minutes(s.seconds).padStart(9)}  ${s.type} "${s.name}"`),
        ...(hidden > 0 ? [`  (+ ${hidden} quicker resources on the chain)`] : []),
    ].join("\n");
}
