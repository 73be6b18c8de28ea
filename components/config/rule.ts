/** A rule over the resolved config (defaults filled in) that no single field's schema can express. */
import type { AwsConfig } from "./clouds/aws";
import type { AzureConfig } from "./clouds/azure";
import type { ParsedGcpConfig } from "./clouds/gcp";
import type { Cloud, Environment } from "./environment";
import type { BudgetConfig } from "./resilience";

/** The resolved config as the rules see it (the schema's output, before it becomes a spec). */
export interface ResolvedConfig {
    cloud: Cloud;
    environment: Environment;
    kubernetesVersion: string;
    network: { zoneCount: number; serviceCidr: string };
    cluster: { apiAllowedCidrs: string[]; privateApiAllowedCidrs: string[]; nodePools: { gpu?: { accelerator: string; machineType?: string } } };
    database: { size: string; highAvailability: boolean };
    cache: { size: string; replicas: number };
    aws?: AwsConfig;
    gcp?: ParsedGcpConfig;
    azure?: AzureConfig;
    budget: BudgetConfig;
}

export interface Problem {
    path: (string | number)[];
    message: string;
}

export type Rule = (c: ResolvedConfig) => Problem | undefined;
