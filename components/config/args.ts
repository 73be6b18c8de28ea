/**
 * MlPlatformArgs: the platform's configuration as a component input, with the same keys and shapes
 * as the stack config (README, "Configuration"). Written in the types Pulumi's component schema can
 * express (no unions, no inline object types), so `pulumi package add` can publish it to other
 * languages; the component validates it with the same schema as the stack config.
 */
import * as pulumi from "@pulumi/pulumi";
import { readRawConfig, type RawConfig } from "./load";

export interface MlPlatformArgs {
    /** Which cloud to build on: "aws", "gcp" or "azure". */
    cloud: string;
    /** "staging" (small, cheap) or "production" (highly available, protected): selects the defaults table. */
    environment: string;
    /** Team that owns the platform; becomes the owner tag/label on every resource. */
    owner: string;
    /** Cost center for billing; becomes the cost-center tag/label on every resource. */
    costCenter: string;
    /** Kubernetes minor version, e.g. "1.34" (default from the environment table). */
    kubernetesVersion?: string;
    /** Protect stateful resources from deletion (default: true in production). */
    protect?: boolean;
    /** The network section of the stack config (README). */
    network?: Record<string, any>;
    /** The cluster section of the stack config (README). */
    cluster?: Record<string, any>;
    /** The database section of the stack config (README). */
    database?: Record<string, any>;
    /** The cache section of the stack config (README). */
    cache?: Record<string, any>;
    /** The objectStore section of the stack config (README). */
    objectStore?: Record<string, any>;
    /** AWS settings (region, ...); required when cloud is "aws". */
    aws?: Record<string, any>;
    /** GCP settings (project, region, ...); required when cloud is "gcp". */
    gcp?: Record<string, any>;
    /** Azure settings (location, ...); required when cloud is "azure". */
    azure?: Record<string, any>;
    /** The platform layer section of the stack config (README). */
    platform?: Record<string, any>;
    /** The stack's budget: monthlyAmount and contactEmails are required (README), so the key is too. */
    budget: Record<string, any>;
}

/** Which argument keys came from secret config: their values never appear in error messages. */
const secretKeysOfArgs = new WeakMap<MlPlatformArgs, ReadonlySet<string>>();

/** The component's arguments from this stack's config (`ml-platform:*` keys). */
export function loadPlatformArgs(): MlPlatformArgs {
    const raw = readRawConfig();
    const args = raw.values as unknown as MlPlatformArgs;
    secretKeysOfArgs.set(args, raw.secretKeys);
    return args;
}

/**
 * The arguments as the schema's raw input. A value that arrives as an Output (through a component
 * provider: a secret or a not-yet-known value) cannot choose resources, so it is refused by name.
 */
export function rawConfigOf(args: MlPlatformArgs, stack: string): RawConfig {
    const values: Record<string, unknown> = { ...args };
    const outputs = Object.keys(values).filter((key) => pulumi.Output.isInstance(values[key]));
    if (outputs.length > 0) {
        throw new Error(
            `MlPlatform (stack "${stack}"): ${outputs.map((k) => `"${k}"`).join(", ")} must be plain values known at preview, not Outputs or secrets; ` +
                "the configuration decides which resources exist.",
        );
    }
    for (const key of Object.keys(values)) if (values[key] === undefined) delete values[key];
    return { values, secretKeys: secretKeysOfArgs.get(args) ?? new Set() };
}
