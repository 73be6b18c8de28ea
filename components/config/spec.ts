/**
 * PlatformSpec: the validated, defaulted config handed to MlPlatform. Plain data, no Outputs;
 * a discriminated union on `cloud`, so each cloud module sees its own section as required.
 */
import type { AwsConfig } from "./clouds/aws";
import type { AzureConfig } from "./clouds/azure";
import type { GcpConfig } from "./clouds/gcp";
import type { ParsedConfig } from "./schema";

type Common = Omit<ParsedConfig, "aws" | "gcp" | "azure" | "cloud">;

export interface PlatformIdentity {
    /** Pulumi project and stack: part of every name and tag. */
    project: string;
    stack: string;
    /** The tags/labels every taggable resource carries. */
    tags: Readonly<Record<string, string>>;
}

export type AwsPlatformSpec = Common & PlatformIdentity & { cloud: "aws"; aws: AwsConfig };
export type GcpPlatformSpec = Common & PlatformIdentity & { cloud: "gcp"; gcp: GcpConfig };
export type AzurePlatformSpec = Common & PlatformIdentity & { cloud: "azure"; azure: AzureConfig };
export type PlatformSpec = AwsPlatformSpec | GcpPlatformSpec | AzurePlatformSpec;

export type NetworkSpec = PlatformSpec["network"];
export type ClusterSpec = PlatformSpec["cluster"];
export type NodePoolsSpec = ClusterSpec["nodePools"];
export type DatabaseSpec = PlatformSpec["database"];
export type CacheSpec = PlatformSpec["cache"];
export type ObjectStoreSpec = PlatformSpec["objectStore"];
