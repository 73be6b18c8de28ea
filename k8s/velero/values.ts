/**
 * Velero's chart pin and Helm values. Backups go to the stack's own bucket through workload identity
 * (no credentials Secret: the plugins use the pod's projected token), volume snapshots through each
 * cloud plugin's own snapshotter (it handles the CSI drivers' volumes: ebs.csi.aws.com,
 * pd.csi.storage.gke.io, disk.csi.azure.com), one schedule from `platform.clusterBackups`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ClusterBackupFacts, IdentityBinding } from "../../components/foundation";
import type { ClusterBackupsConfig } from "../../components/config/clusterBackups";
import type { ChartRef } from "../helm";
import { RESTRICTED_CONTAINER_SECURITY, RESTRICTED_POD_SECURITY, resources, type Toleration } from "../securityContext";

export const VELERO_CHARTS = {
    // Velero 1.18.1 (the chart's appVersion).
    velero: { chart: "velero", version: "12.1.0", repo: "https://vmware-tanzu.github.io/helm-charts" },
} satisfies Record<string, ChartRef>;

export const VELERO_RELEASE = "velero";
export const VELERO_SERVICE_ACCOUNT = "velero";
/** The chart names a schedule `<fullname>-<key>`: this is the `schedule` label of Velero's metrics. */
export const VELERO_SCHEDULE_KEY = "platform";
export const VELERO_SCHEDULE_NAME = `${VELERO_RELEASE}-${VELERO_SCHEDULE_KEY}`;
export const VELERO_METRICS_PORT = 8085;

/** Plugin images for Velero 1.18 (plugins v1.14.x, the plugins' compatibility tables). */
export const VELERO_PLUGINS: Record<ClusterBackupFacts["provider"], string> = {
    aws: "docker.io/velero/velero-plugin-for-aws:v1.14.0",
    gcp: "docker.io/velero/velero-plugin-for-gcp:v1.14.0",
    azure: "docker.io/velero/velero-plugin-for-microsoft-azure:v1.14.0",
};

/** The plugins' provider names in a BackupStorageLocation / VolumeSnapshotLocation. */
const LOCATION_PROVIDER: Record<ClusterBackupFacts["provider"], string> = { aws: "aws", gcp: "gcp", azure: "azure" };

/** The images run as 65532 (the plugins' USER); Velero's own image names a non-numeric user, so the pod sets it. */
const RUN_AS = 65532;

export interface VeleroValuesParams {
    backups: ClusterBackupFacts;
    config: ClusterBackupsConfig;
    binding: IdentityBinding;
    tolerations: Toleration[];
    /** The stack's name: the object prefix in the bucket. */
    prefix: string;
}

/** At minute 0 every N hours from midnight UTC, or 03:00 UTC once a day. */
export function backupCron(everyHours: number): string {
    return everyHours === 24 ? "0 3 * * *" : `0 */${everyHours} * * *`;
}

export function backupTtl(retentionDays: number): string {
    return `${retentionDays * 24}h0m0s`;
}

function pluginInitContainer(provider: ClusterBackupFacts["provider"]) {
    return {
        name: `velero-plugin-for-${provider}`,
        image: VELERO_PLUGINS[provider],
        imagePullPolicy: "IfNotPresent",
        volumeMounts: [{ mountPath: "/target", name: "plugins" }],
        securityContext: RESTRICTED_CONTAINER_SECURITY,
        resources: resources("10m", "64Mi"),
    };
}

export function veleroValues(p: VeleroValuesParams): pulumi.Output<Record<string, unknown>> {
    const { backups, config, binding } = p;
    const gcpAccount = backups.provider === "gcp" ? binding.clientId : undefined;
    return pulumi
        .all([backups.bucket, backups.backupLocationConfig, backups.snapshotLocationConfig, binding.serviceAccountAnnotations, gcpAccount ?? "", backups.credentialsFile ?? ""])
        .apply(([bucket, bslConfig, vslConfig, annotations, account, credentialsFile]): Record<string, unknown> => ({
            image: { repository: "docker.io/velero/velero", tag: "v1.18.1" },
            initContainers: [pluginInitContainer(backups.provider)],
            podSecurityContext: { ...RESTRICTED_POD_SECURITY, runAsUser: RUN_AS, runAsGroup: RUN_AS, fsGroup: RUN_AS },
            containerSecurityContext: RESTRICTED_CONTAINER_SECURITY,
            resources: resources("100m", "256Mi", { memory: "1Gi" }),
            upgradeJobResources: resources("50m", "128Mi"),
            // `velero install --crds-only` caches API discovery under $HOME: a writable /tmp under a read-only root.
            upgradeCRDsJob: {
                extraVolumes: [{ name: "home", emptyDir: {} }],
                extraVolumeMounts: [{ name: "home", mountPath: "/tmp" }],
                extraEnvVars: [{ name: "HOME", value: "/tmp" }],
            },
            podLabels: binding.podLabels,
            tolerations: p.tolerations,
            upgradeCRDs: true,
            cleanUpCRDs: false,
            metrics: {
                enabled: true,
                // Render the ServiceMonitor without probing for its CRD (the release waits for the operator's CRDs).
                serviceMonitor: { enabled: true, autodetect: false },
                prometheusRule: { enabled: false },
            },
            configuration: {
                backupStorageLocation: [
                    {
                        name: "default",
                        provider: LOCATION_PROVIDER[backups.provider],
                        bucket,
                        prefix: p.prefix,
                        default: true,
                        accessMode: "ReadWrite",
                        config: { ...bslConfig, ...(account ? { serviceAccount: account } : {}) },
                    },
                ],
                volumeSnapshotLocation: [{ name: "default", provider: LOCATION_PROVIDER[backups.provider], config: vslConfig }],
                defaultBackupTTL: backupTtl(config.retentionDays),
                logFormat: "json",
            },
            serviceAccount: { server: { create: true, name: VELERO_SERVICE_ACCOUNT, annotations } },
            credentials: credentialsFile
                ? // Identifiers only (subscription, resource group): the Azure plugin reads them from this file.
                  { useSecret: true, secretContents: { cloud: credentialsFile } }
                : { useSecret: false },
            backupsEnabled: true,
            snapshotsEnabled: true,
            deployNodeAgent: false,
            schedules: {
                [VELERO_SCHEDULE_KEY]: {
                    disabled: false,
                    schedule: backupCron(config.everyHours),
                    useOwnerReferencesInBackup: false,
                    template: {
                        ttl: backupTtl(config.retentionDays),
                        storageLocation: "default",
                        volumeSnapshotLocations: ["default"],
                        includedNamespaces: ["*"],
                        snapshotVolumes: true,
                    },
                },
            },
        }));
}
