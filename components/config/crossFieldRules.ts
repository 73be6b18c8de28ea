/**
 * Rules that span several keys, and the limits each cloud's services put on the common keys
 * (kept with that cloud's config section). They run on the resolved config, so a stack learns
 * before anything is registered that, say, its cache cannot have read replicas on GCP at that size.
 */
import { AWS_RULES, eksKnowsVersion } from "./clouds/aws";
import { AZURE_RULES } from "./clouds/azure";
import { GCP_RULES } from "./clouds/gcp";
import type { Cloud } from "./environment";
import { clusterAutoscalerImageRule } from "./platform";
import type { Problem, ResolvedConfig, Rule } from "./rule";
import { RESILIENCE_RULES } from "./resilience";

/** The chosen cloud's section must exist. Also run on raw config, since zod skips refinements when a field fails. */
export function requireCloudSection(c: Pick<ResolvedConfig, "cloud" | "aws" | "gcp" | "azure">): Problem | undefined {
    return c[c.cloud] === undefined ? { path: [c.cloud], message: `required when cloud is "${c.cloud}"` } : undefined;
}

const COMMON_RULES: Rule[] = [
    requireCloudSection,
    (c) =>
        c.environment === "production" && c.cache.replicas === 0
            ? { path: ["cache", "replicas"], message: "production needs at least 1 replica for automatic failover" }
            : undefined,
    ...RESILIENCE_RULES,
];

// EKS is the one foundation that installs the cluster-autoscaler.
const CLOUD_RULES: Record<Cloud, Rule[]> = {
    aws: [...AWS_RULES, (c) => (eksKnowsVersion(c.kubernetesVersion) ? clusterAutoscalerImageRule(c) : undefined)],
    gcp: GCP_RULES,
    azure: AZURE_RULES,
};

export function crossFieldProblems(config: ResolvedConfig): Problem[] {
    return [...COMMON_RULES, ...CLOUD_RULES[config.cloud]].map((rule) => rule(config)).filter((p): p is Problem => p !== undefined);
}
