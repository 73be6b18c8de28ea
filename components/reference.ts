/**
 * The typed client dependent teams use to read the platform's outputs through a StackReference.
 * It exposes exactly the output contract (components/outputs.ts), keeps secret keys secret even if
 * the referenced stack forgot to mark them, and fails naming the stack and the key when an output
 * is missing or has the wrong type.
 */
import * as pulumi from "@pulumi/pulumi";
import { SECRET_OUTPUT_KEYS, type PlatformOutputs } from "./outputs";

export type PlatformOutputKey = keyof PlatformOutputs;
/** The plain type behind each output, e.g. number for databasePort. */
export type PlatformOutputValue<K extends PlatformOutputKey> = PlatformOutputs[K] extends pulumi.Output<infer T> ? T : never;

type TypeName<T> = T extends number ? "number" : T extends string ? "string" : T extends object ? "object" : never;

/** The runtime type of every key; the mapped type makes the compiler insist on each key of the contract. */
const OUTPUT_TYPES: { [K in PlatformOutputKey]: TypeName<PlatformOutputValue<K>> } = {
    cloud: "string",
    environment: "string",
    region: "string",
    clusterName: "string",
    clusterEndpoint: "string",
    kubeconfig: "string",
    oidcIssuer: "string",
    kubernetesVersion: "string",
    databaseHost: "string",
    databasePort: "number",
    databaseName: "string",
    databaseUsername: "string",
    databasePassword: "string",
    databaseSslMode: "string",
    cacheHost: "string",
    cachePort: "number",
    cacheAuthToken: "string",
    artifactStoreKind: "string",
    artifactBucket: "string",
    artifactStoreUri: "string",
    mlflowUrl: "string",
    modelsUrl: "string",
    servingNamespace: "string",
    certificateIssuer: "string",
    servingServiceAccount: "string",
    servingPodLabels: "object",
    gateway: "string",
    modelRelease: "object",
};

export const PLATFORM_OUTPUT_KEYS = Object.keys(OUTPUT_TYPES) as PlatformOutputKey[];
const SECRET_KEYS: ReadonlySet<PlatformOutputKey> = new Set(SECRET_OUTPUT_KEYS);

export class PlatformOutputError extends Error {
    constructor(
        readonly stackName: string,
        readonly key: PlatformOutputKey,
        problem: string,
    ) {
        super(
            `platform stack "${stackName}" ${problem}. PlatformReference expects every key of the platform's output contract ` +
                `(components/outputs.ts); check the stack name, and that the platform stack is deployed with a version that exports "${key}".`,
        );
        this.name = "PlatformOutputError";
    }
}

export class PlatformReference {
    readonly stackReference: pulumi.StackReference;
    /** Every output of the contract, typed; each is read from the stack reference on first use. */
    readonly outputs: PlatformOutputs;
    private readonly cache = new Map<PlatformOutputKey, pulumi.Output<unknown>>();

    /**
     * @param name the Pulumi resource name of the reference in the dependent program
     * @param stackName the platform stack: `<org>/ml-platform/<stack>` (Pulumi Cloud) or
     *   `organization/ml-platform/<stack>` (self-managed backend)
     */
    constructor(
        name: string,
        readonly stackName: string,
        opts?: pulumi.CustomResourceOptions,
    ) {
        this.stackReference = new pulumi.StackReference(name, { name: stackName }, opts);
        // Getters, not values: an output nobody uses must not fail the program for being missing.
        const outputs = {} as PlatformOutputs;
        for (const key of PLATFORM_OUTPUT_KEYS) {
            Object.defineProperty(outputs, key, { enumerable: true, get: () => this.get(key) });
        }
        this.outputs = outputs;
    }

    get<K extends PlatformOutputKey>(key: K): PlatformOutputs[K] {
        let output = this.cache.get(key);
        if (!output) {
            // getOutput keeps the secretness the platform stack declared for this one key only.
            const checked = this.stackReference.getOutput(key).apply((value) => this.check(key, value));
            output = SECRET_KEYS.has(key) ? pulumi.secret(checked) : checked;
            this.cache.set(key, output);
        }
        return output as PlatformOutputs[K];
    }

    private check<K extends PlatformOutputKey>(key: K, value: unknown): PlatformOutputValue<K> {
        if (value === undefined || value === null) throw new PlatformOutputError(this.stackName, key, `has no output "${key}"`);
        const expected = OUTPUT_TYPES[key];
        if (typeof value !== expected) throw new PlatformOutputError(this.stackName, key, `output "${key}" is a ${typeof value}, expected a ${expected}`);
        return value as PlatformOutputValue<K>;
    }
}
