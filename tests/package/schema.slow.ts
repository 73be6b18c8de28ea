import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { capture } from "../../automation/capture";
import { loadStackConfig, PROJECT_DIR } from "../../automation/stackConfig";
import { loadPlatformArgs, MlPlatform } from "../../components";
import { PLATFORM_OUTPUT_KEYS } from "../../components/client";
import { SECRET_OUTPUT_KEYS } from "../../components/outputs";

const TOKEN = "mlplatform:index:MlPlatform";

describe("the component schema `pulumi package add` would publish", function () {
    this.timeout(900_000);
    let schema: any;

    before(async () => {
        // The same name and namespace run-plugin derives from package.json's name.
        const pkg = require(path.join(PROJECT_DIR, "package.json"));
        const [, namespace, name] = /^@(.+)\/(.+)$/.exec(pkg.name)!;
        schema = JSON.parse(await new ComponentProvider({ components: [MlPlatform], name, namespace, dirname: PROJECT_DIR }).getSchema());
    });

    it("publishes MlPlatform under the token its URNs already use", () => {
        expect(Object.keys(schema.resources)).to.deep.equal([TOKEN]);
        expect(schema.resources[TOKEN].isComponent).to.equal(true);
    });

    it("takes the stack config's keys as inputs, cloud, environment, owner and costCenter required", () => {
        const r = schema.resources[TOKEN];
        expect(Object.keys(r.inputProperties).sort()).to.deep.equal(
            ["aws", "azure", "cache", "cloud", "cluster", "costCenter", "database", "environment", "gcp", "kubernetesVersion", "network", "objectStore", "owner", "platform", "protect"].sort(),
        );
        expect([...r.requiredInputs].sort()).to.deep.equal(["cloud", "costCenter", "environment", "owner"]);
        expect(r.inputProperties.protect.type).to.equal("boolean");
    });

    it("outputs exactly the stack output contract, all required, and no internal state", () => {
        const r = schema.resources[TOKEN];
        expect(Object.keys(r.properties).sort()).to.deep.equal([...PLATFORM_OUTPUT_KEYS].sort());
        expect([...r.required].sort()).to.deep.equal([...PLATFORM_OUTPUT_KEYS].sort());
        expect(r.properties.databasePort.type).to.equal("number");
        expect(r.properties.servingPodLabels).to.deep.include({ type: "object", additionalProperties: { type: "string" } });
    });

    it("references no other provider's schema", () => {
        expect(JSON.stringify(schema)).to.not.match(/"\$ref":"\/(aws|gcp|azure-native|kubernetes)\//);
        expect(JSON.stringify(schema)).to.not.include("#/resources/kubernetes");
    });

    it("returns the secret outputs as secrets from the construct a provider would run", async () => {
        // The schema has no secret flag: secrecy travels with each output value at run time.
        const secret: string[] = [];
        const result = await capture(loadStackConfig("staging"), async () => {
            const platform = new MlPlatform("schema", loadPlatformArgs());
            for (const key of PLATFORM_OUTPUT_KEYS) if (await pulumi.isSecret((platform as any)[key])) secret.push(key);
            return {};
        });
        expect(result.error).to.equal(undefined);
        expect(secret.sort()).to.deep.equal([...SECRET_OUTPUT_KEYS].sort());
    });
});
