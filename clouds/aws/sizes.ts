/** How the platform's t-shirt sizes map to AWS instance classes. */
import type { Accelerator, Size } from "../../components/config";

export const NODE_INSTANCE_TYPES: Record<Size, string[]> = {
    small: ["m7i.large", "m6i.large"],
    medium: ["m7i.xlarge", "m6i.xlarge"],
    large: ["m7i.2xlarge", "m6i.2xlarge"],
    xlarge: ["m7i.4xlarge", "m6i.4xlarge"],
};

/** Spot pools diversify across families so one capacity pool running dry does not stall scaling. */
export const SPOT_INSTANCE_TYPES: Record<Size, string[]> = {
    small: ["m7i.large", "m6i.large", "m6a.large", "m5.large"],
    medium: ["m7i.xlarge", "m6i.xlarge", "m6a.xlarge", "m5.xlarge"],
    large: ["m7i.2xlarge", "m6i.2xlarge", "m6a.2xlarge", "m5.2xlarge"],
    xlarge: ["m7i.4xlarge", "m6i.4xlarge", "m6a.4xlarge", "m5.4xlarge"],
};

/** A100s exist on AWS only as 8-GPU p4d instances, so the schema requires an explicit machineType for them. */
export const GPU_INSTANCE_TYPES: Partial<Record<Accelerator, string>> = {
    "nvidia-t4": "g4dn.xlarge",
    "nvidia-l4": "g6.xlarge",
};

export const DATABASE_INSTANCE_CLASSES: Record<Size, string> = {
    small: "db.t4g.medium",
    medium: "db.m7g.large",
    large: "db.m7g.xlarge",
    xlarge: "db.m7g.2xlarge",
};

export const CACHE_NODE_TYPES: Record<Size, string> = {
    small: "cache.t4g.small",
    medium: "cache.m7g.large",
    large: "cache.r7g.large",
    xlarge: "cache.r7g.xlarge",
};
