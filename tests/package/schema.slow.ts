/**
 * The component provider `pulumi package add github.com/acme/ml-platform@v<version>` would run,
 * built the way @pulumi/pulumi's cmd/run-plugin builds it: `require` the package directory (its
 * package.json `main`, the compiled bin/components/index.js), collect the exported component
 * classes, derive name and namespace from the package name, infer the schema from the TypeScript
 * sources with the repository's tsconfig.json (a git source installs the whole checkout).
 * Slow: the analyzer parses the cloud SDKs' declarations (15 to 25 s on a 2-core machine), so it
 * runs in `npm run test:package`, a step of its own in .ci/run.
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { getPulumiComponents } from "@pulumi/pulumi/provider/experimental/provider";
import * as fs from "fs";
import * as path from "path";
import { capture } from "../../automation/capture";
import { loadStackConfig, PROJECT_DIR } from "../../automation/stackConfig";
import { PLATFORM_OUTPUT_KEYS, SECRET_OUTPUT_KEYS } from "../../components/client";
import { configSchema } from "../../components/config/schema";

const TOKEN = "mlplatform:index:MlPlatform";

/** run-plugin's rule: `@<namespace>/<name>`, the name with characters outside [-a-zA-Z0-9_] replaced. */
function providerIdentity(packageName: string): { name: string; namespace?: string } {
    const [, scope, rest] = /^(@.*?\/)?(.+)$/.exec(packageName)!;
    return { name: rest.replace(/[^-a-zA-Z0-9_]/g, "-"), namespace: scope?.slice(1, -1) };
}

describe("the component provider `pulumi package add` would run", function () {
    this.timeout(300_000);
    const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8"));
    let exported: any;
    let components: (new (...args: any[]) => pulumi.ComponentResource)[];
    let provider: ComponentProvider;
    let schema: any;

    before(async () => {
        exported = require(PROJECT_DIR);
        components = getPulumiComponents(exported);
        provider = new ComponentProvider({ components, ...providerIdentity(pkg.name), dirname: PROJECT_DIR });
        schema = JSON.parse(await provider.getSchema());
    });

    it("serves exactly one component, MlPlatform, from the package's main entry", () => {
        expect(components.map((c) => c.name)).to.deep.equal(["MlPlatform"]);
        expect(providerIdentity(pkg.name)).to.deep.equal({ name: "mlplatform", namespace: "acme" });
    });

    it("publishes MlPlatform under the token its URNs already use", () => {
        expect(Object.keys(schema.resources)).to.deep.equal([TOKEN]);
        expect(schema.resources[TOKEN].isComponent).to.equal(true);
        expect(exported.ML_PLATFORM_TYPE).to.equal(TOKEN);
    });

    it("takes the stack config's top-level keys as inputs; required exactly where the config has no default", () => {
        const r = schema.resources[TOKEN];
        const shape = configSchema("staging").shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
        expect(Object.keys(r.inputProperties).sort()).to.deep.equal(Object.keys(shape).sort());
        const required = Object.keys(shape).filter((k) => !shape[k].safeParse(undefined).success);
        expect([...r.requiredInputs].sort()).to.deep.equal(required.sort());
        expect(r.inputProperties.protect.type).to.equal("boolean");
        expect(r.inputProperties.network).to.deep.include({ type: "object" });
        expect(r.inputProperties.cloud.description).to.match(/aws.*gcp.*azure/);
    });

    it("outputs exactly the stack output contract, all required, and no internal state", () => {
        const r = schema.resources[TOKEN];
        expect(Object.keys(r.properties).sort()).to.deep.equal([...PLATFORM_OUTPUT_KEYS].sort());
        expect([...r.required].sort()).to.deep.equal([...PLATFORM_OUTPUT_KEYS].sort());
        expect(r.properties.databasePort.type).to.equal("number");
        expect(r.properties.servingPodLabels).to.deep.include({ type: "object", additionalProperties: { type: "string" } });
    });

    it("references no other provider's schema", () => {
        const text = JSON.stringify(schema);
        expect(text).to.not.match(/"\$ref":"\/(aws|gcp|azure-native|kubernetes|random)\//);
        expect(text).to.not.include("#/resources/kubernetes");
        expect(schema.dependencies ?? []).to.deep.equal([]);
    });

    it("construct returns the contract's outputs, the secret ones (and only those) as secrets", async () => {
        // The schema has no secret flag: secrecy travels with each output value at run time.
        const secret: string[] = [];
        let keys: string[] = [];
        let urn = "";
        const result = await capture(loadStackConfig("staging"), async () => {
            const constructed = await provider.construct("schema", TOKEN, exported.loadPlatformArgs(), {});
            const state = constructed.state as Record<string, unknown>;
            urn = await new Promise<string>((resolve) => (constructed.urn as pulumi.Output<string>).apply(resolve));
            keys = Object.keys(state);
            for (const key of keys) if (await pulumi.isSecret(state[key] as pulumi.Output<unknown>)) secret.push(key);
            return {};
        });
        expect(result.error?.stack).to.equal(undefined);
        expect(urn).to.match(/[:$]mlplatform:index:MlPlatform::schema$/);
        expect(keys.sort()).to.deep.equal([...PLATFORM_OUTPUT_KEYS].sort());
        expect(secret.sort()).to.deep.equal([...SECRET_OUTPUT_KEYS].sort());
    });
});
