import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { SECRET_OUTPUT_KEYS } from "../../components/outputs";
import { PLATFORM_OUTPUT_KEYS, PlatformReference } from "../../components/reference";

/** What each mocked platform stack exports; secretOutputNames as the engine would report them. */
const STACKS: Record<string, { outputs: Record<string, unknown>; secretOutputNames: string[] }> = {};

function contractOutputs(): Record<string, unknown> {
    const sample = (k: string) => (k === "databasePort" || k === "cachePort" ? 5432 : k === "servingPodLabels" || k === "modelRelease" ? { "example/label": "true" } : `value-of-${k}`);
    return Object.fromEntries(PLATFORM_OUTPUT_KEYS.map((k) => [k, sample(k)]));
}

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve, reject) => {
        // An apply that throws rejects the output's promise; surface that instead of hanging.
        (output as unknown as { promise(): Promise<T> }).promise().then(resolve, reject);
    });
}

async function failureOf(output: pulumi.Output<unknown>): Promise<Error> {
    try {
        await valueOf(output);
    } catch (err) {
        return err as Error;
    }
    throw new Error("expected the output to fail");
}

describe("PlatformReference", () => {
    before(() => {
        pulumi.runtime.setMocks(
            {
                newResource: (args) => {
                    if (args.type !== "pulumi:pulumi:StackReference") return { id: `${args.name}-id`, state: args.inputs };
                    const stack = STACKS[args.inputs.name];
                    return { id: args.inputs.name, state: { name: args.inputs.name, outputs: stack.outputs, secretOutputNames: stack.secretOutputNames } };
                },
                call: (args) => args.inputs,
            },
            "team-model",
            "dev",
            false,
        );
        STACKS["acme/ml-platform/staging"] = { outputs: contractOutputs(), secretOutputNames: [...SECRET_OUTPUT_KEYS] };
        // A platform stack that forgot to mark its secrets, and one from an older version without some keys.
        STACKS["acme/ml-platform/unmarked"] = { outputs: contractOutputs(), secretOutputNames: [] };
        const partial = contractOutputs();
        delete partial.kubeconfig;
        partial.cachePort = "6379";
        STACKS["acme/ml-platform/old"] = { outputs: partial, secretOutputNames: [] };
    });

    it("exposes every key of the output contract with its value", async () => {
        const ref = new PlatformReference("platform", "acme/ml-platform/staging");
        expect(Object.keys(ref.outputs).sort()).to.deep.equal([...PLATFORM_OUTPUT_KEYS].sort());
        expect(await valueOf(ref.outputs.clusterName)).to.equal("value-of-clusterName");
        const port: pulumi.Output<number> = ref.outputs.databasePort;
        expect(await valueOf(port)).to.equal(5432);
    });

    it("keeps the secret keys secret and leaves the others plain", async () => {
        const ref = new PlatformReference("platform-secrets", "acme/ml-platform/staging");
        for (const key of PLATFORM_OUTPUT_KEYS) {
            const secret = (SECRET_OUTPUT_KEYS as readonly string[]).includes(key);
            expect(await pulumi.isSecret(ref.outputs[key] as pulumi.Output<unknown>), key).to.equal(secret);
        }
    });

    it("marks the secret keys secret even when the platform stack did not", async () => {
        const ref = new PlatformReference("platform-unmarked", "acme/ml-platform/unmarked");
        for (const key of SECRET_OUTPUT_KEYS) expect(await pulumi.isSecret(ref.get(key)), key).to.equal(true);
        expect(await pulumi.isSecret(ref.outputs.artifactStoreUri)).to.equal(false);
    });

    it("fails naming the stack and the key when an output is missing", async () => {
        const ref = new PlatformReference("platform-old", "acme/ml-platform/old");
        const err = await failureOf(ref.outputs.kubeconfig);
        expect(err.message).to.match(/^platform stack "acme\/ml-platform\/old" has no output "kubeconfig"/);
    });

    it("fails naming the key when an output has the wrong type", async () => {
        const ref = new PlatformReference("platform-old-port", "acme/ml-platform/old");
        const err = await failureOf(ref.outputs.cachePort);
        expect(err.message).to.match(/output "cachePort" is a string, expected a number/);
    });

    it("does not fail for a missing output nobody reads", async () => {
        const ref = new PlatformReference("platform-old-unused", "acme/ml-platform/old");
        expect(await valueOf(ref.outputs.clusterName)).to.equal("value-of-clusterName");
    });

    it("returns the same Output for repeated reads", () => {
        const ref = new PlatformReference("platform-cache", "acme/ml-platform/staging");
        expect(ref.outputs.kubeconfig).to.equal(ref.get("kubeconfig"));
    });

    it("covers exactly the keys the contract file declares", () => {
        // tsc enforces this too; the test keeps it true under the transpile-only test runner.
        const source = fs.readFileSync(path.join(__dirname, "../../components/outputs.ts"), "utf8");
        const body = /export interface PlatformOutputs \{([\s\S]*?)\n\}/.exec(source)?.[1] ?? "";
        const declared = [...body.matchAll(/^\s+(\w+):/gm)].map((m) => m[1]);
        expect([...PLATFORM_OUTPUT_KEYS].sort()).to.deep.equal(declared.sort());
    });
});
