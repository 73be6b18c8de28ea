/**
 * The component entry point (`@acme/mlplatform`): the MlPlatform component, its arguments and the
 * config loaders. The repository's own program (main.ts) builds its stack through this module, the
 * same entry any other program installs. Export only one ComponentResource class from here: the
 * component provider host serves every component class this module exports.
 */
export { MlPlatform, ML_PLATFORM_TYPE, type MlPlatformArgs } from "./MlPlatform";
export { loadPlatformArgs, loadPlatformSpec, parsePlatformConfig, ConfigError, CLOUDS, ENVIRONMENTS, type Cloud, type Environment, type PlatformSpec } from "./config";
export type { Foundation, IdentityBinding, WorkloadIdentityRequest } from "./foundation";
export * from "./client";
