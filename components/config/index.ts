export { loadPlatformSpec, parsePlatformConfig, rawConfigFrom, readRawConfig, ConfigError, CONFIG_NAMESPACE, type RawConfig } from "./load";
export * from "./spec";
export * from "./environment";
export { ENVIRONMENT_DEFAULTS } from "./defaults";
export { subnet, overlaps, parseCidr } from "./cidr";
export { loadPlatformArgs, rawConfigOf, type MlPlatformArgs } from "./args";
export { AZURE_PAIRED_REGIONS, DEFAULT_SECOND_REGIONS, secondRegionOf, type BudgetConfig } from "./resilience";
