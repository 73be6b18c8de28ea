/**
 * The one table of environment defaults. Staging is small, two-zone and cheap; production is
 * highly available and protected. Any value here can be overridden from stack config.
 */
import type { Environment } from "./environment";

export const DEFAULT_KUBERNETES_VERSION = "1.35";

export const ENVIRONMENT_DEFAULTS = {
    staging: {
        kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
        // Stateful resources can be deleted with the stack; nothing is protected.
        protect: false,
        network: {
            cidr: "10.0.0.0/16",
            // EKS needs subnets in two zones; the database and cache stay in one.
            zoneCount: 2,
            natGateways: "single",
            podCidr: "100.64.0.0/14",
            serviceCidr: "172.20.0.0/16",
            flowLogRetentionDays: 30,
        },
        cluster: {
            apiAllowedCidrs: [] as string[],
            privateApiAllowedCidrs: [] as string[],
            logRetentionDays: 30,
            nodePools: {
                system: { size: "small", min: 1, max: 2 },
                workloads: { size: "medium", min: 1, max: 4 },
            },
        },
        database: {
            engineVersion: "17",
            size: "small",
            storageGb: 20,
            maxStorageGb: 100,
            highAvailability: false,
            backupRetentionDays: 7,
        },
        cache: { size: "small", replicas: 0, snapshotRetentionDays: 1 },
        objectStore: { noncurrentVersionExpirationDays: 30, abortIncompleteUploadDays: 7, accessLogRetentionDays: 90 },
        platform: {
            gatewayExposure: "internal",
            // Staging serves the platform's self-signed CA unless a public zone is asked for.
            publicDns: false,
            // A new staging stack shows the whole path (gateway -> KServe -> model) working.
            exampleModel: true,
            serving: {
                minReplicas: 1,
                maxReplicas: 5,
                targetRequestsPerSecond: 20,
                targetCpuUtilization: 70,
                scaleUpStabilizationSeconds: 0,
                scaleDownStabilizationSeconds: 300,
            },
            monitoring: { retentionDays: 7, prometheusStorageGb: 20, alertmanagerStorageGb: 2 },
            distributedCompute: { operatorReplicas: 1, quota: { cpu: 16, memoryGb: 64, gpus: 0 } },
            // Admission policies warn (and audit) while teams adapt; production refuses.
            // Falco (runtime detection) costs a DaemonSet pod per node: production only unless asked for.
            guardrails: { admission: { action: "Warn" }, runtime: { enabled: false } },
        },
    },
    production: {
        kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
        protect: true,
        network: {
            cidr: "10.0.0.0/16",
            zoneCount: 3,
            natGateways: "perZone",
            podCidr: "100.64.0.0/14",
            serviceCidr: "172.20.0.0/16",
            flowLogRetentionDays: 365,
        },
        cluster: {
            apiAllowedCidrs: [] as string[],
            privateApiAllowedCidrs: [] as string[],
            logRetentionDays: 365,
            nodePools: {
                system: { size: "medium", min: 3, max: 6 },
                workloads: { size: "large", min: 3, max: 30 },
            },
        },
        database: {
            engineVersion: "17",
            size: "large",
            storageGb: 100,
            maxStorageGb: 1000,
            highAvailability: true,
            backupRetentionDays: 30,
        },
        cache: { size: "medium", replicas: 2, snapshotRetentionDays: 7 },
        objectStore: { noncurrentVersionExpirationDays: 90, abortIncompleteUploadDays: 7, accessLogRetentionDays: 365 },
        platform: {
            gatewayExposure: "internal",
            // Publicly trusted certificates (ACME DNS-01) and published records.
            publicDns: true,
            exampleModel: false,
            serving: {
                minReplicas: 3,
                maxReplicas: 50,
                targetRequestsPerSecond: 50,
                targetCpuUtilization: 70,
                scaleUpStabilizationSeconds: 0,
                scaleDownStabilizationSeconds: 300,
            },
            monitoring: { retentionDays: 30, prometheusStorageGb: 200, alertmanagerStorageGb: 10 },
            distributedCompute: { operatorReplicas: 2, quota: { cpu: 256, memoryGb: 1024, gpus: 4 } },
            guardrails: { admission: { action: "Deny" }, runtime: { enabled: true } },
        },
    },
} as const satisfies Record<Environment, unknown>;

export type EnvironmentDefaults = (typeof ENVIRONMENT_DEFAULTS)[Environment];
