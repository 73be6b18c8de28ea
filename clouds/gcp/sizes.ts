/** How the platform's t-shirt sizes and accelerators map to GCP machine types and tiers. */
import type { Accelerator, Size } from "../../components/config";

export const NODE_MACHINE_TYPES: Record<Size, string> = {
    small: "n2-standard-2",
    medium: "n2-standard-4",
    large: "n2-standard-8",
    xlarge: "n2-standard-16",
};

export interface GpuMachine {
    /** GKE's accelerator type name. */
    acceleratorType: string;
    /** The default machine type the accelerator attaches to (T4 on N1; L4 and A100 come built into G2 and A2). */
    machineType: string;
}

export const GPU_MACHINES: Record<Accelerator, GpuMachine> = {
    "nvidia-t4": { acceleratorType: "nvidia-tesla-t4", machineType: "n1-standard-8" },
    "nvidia-l4": { acceleratorType: "nvidia-l4", machineType: "g2-standard-8" },
    "nvidia-a100": { acceleratorType: "nvidia-tesla-a100", machineType: "a2-highgpu-1g" },
};

/** GPUs per node: A2 types say it in the name (a2-highgpu-4g), larger G2 types carry several L4s. */
export function gpusPerNode(machineType: string): number {
    const a2 = /^a2-(?:high|mega|ultra)gpu-(\d+)g$/.exec(machineType);
    if (a2) return Number(a2[1]);
    const g2: Record<string, number> = { "g2-standard-24": 2, "g2-standard-48": 4, "g2-standard-96": 8 };
    return g2[machineType] ?? 1;
}

/** Cloud SQL Enterprise-edition custom tiers (vCPUs, memory in MB). */
export const DATABASE_TIERS: Record<Size, string> = {
    small: "db-custom-2-7680",
    medium: "db-custom-4-15360",
    large: "db-custom-8-30720",
    xlarge: "db-custom-16-61440",
};

/** Memorystore capacity in GB; read replicas need at least 5 GB (enforced in the config schema). */
export const CACHE_MEMORY_GB: Record<Size, number> = {
    small: 1,
    medium: 5,
    large: 13,
    xlarge: 26,
};
