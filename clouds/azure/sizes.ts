/** How the platform's t-shirt sizes and accelerators map to Azure VM, PostgreSQL and Managed Redis SKUs. */
import type { Accelerator, Size } from "../../components/config";

export interface NodeVmSize {
    vmSize: string;
    /** Ephemeral OS disks live on the VM's cache/temp disk, so they must fit in it. */
    osDiskGb: number;
}

/** Dds_v5: general purpose with a local temp disk large enough for an ephemeral OS disk. */
export const NODE_VM_SIZES: Record<Size, NodeVmSize> = {
    small: { vmSize: "Standard_D2ds_v5", osDiskGb: 64 },
    medium: { vmSize: "Standard_D4ds_v5", osDiskGb: 128 },
    large: { vmSize: "Standard_D8ds_v5", osDiskGb: 128 },
    xlarge: { vmSize: "Standard_D16ds_v5", osDiskGb: 128 },
};

/** Azure has no L4 VM size; the config schema refuses nvidia-l4 without an explicit machineType. */
export const GPU_VM_SIZES: Partial<Record<Accelerator, string>> = {
    "nvidia-t4": "Standard_NC4as_T4_v3",
    "nvidia-a100": "Standard_NC24ads_A100_v4",
};

export interface PostgresSku {
    name: string;
    tier: "Burstable" | "GeneralPurpose";
}

/** Burstable for small (no zone-redundant HA there), General Purpose otherwise. */
export const POSTGRES_SKUS: Record<Size, PostgresSku> = {
    small: { name: "Standard_B2ms", tier: "Burstable" },
    medium: { name: "Standard_D2ds_v5", tier: "GeneralPurpose" },
    large: { name: "Standard_D4ds_v5", tier: "GeneralPurpose" },
    xlarge: { name: "Standard_D8ds_v5", tier: "GeneralPurpose" },
};

/** Flexible server storage comes in fixed sizes; the configured size is rounded up to the next one. */
export const POSTGRES_STORAGE_SIZES_GB = [32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384] as const;

export function postgresStorageGb(requestedGb: number): number {
    return POSTGRES_STORAGE_SIZES_GB.find((size) => size >= requestedGb) ?? POSTGRES_STORAGE_SIZES_GB[POSTGRES_STORAGE_SIZES_GB.length - 1];
}

/** Azure Managed Redis, Balanced tier (memory and vCPU in balance): roughly 0.5, 1, 6 and 12 GB. */
export const REDIS_SKUS: Record<Size, string> = {
    small: "Balanced_B0",
    medium: "Balanced_B1",
    large: "Balanced_B5",
    xlarge: "Balanced_B10",
};
