export const ENVIRONMENTS = ["staging", "production"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const CLOUDS = ["aws", "gcp", "azure"] as const;
export type Cloud = (typeof CLOUDS)[number];

/** T-shirt sizes that each cloud maps to its own machine, database and cache types. */
export const SIZES = ["small", "medium", "large", "xlarge"] as const;
export type Size = (typeof SIZES)[number];

export const ACCELERATORS = ["nvidia-t4", "nvidia-l4", "nvidia-a100"] as const;
export type Accelerator = (typeof ACCELERATORS)[number];
