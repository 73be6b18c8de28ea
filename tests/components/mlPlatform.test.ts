import { expect } from "chai";
import { Provider } from "@pulumi/aws/provider";
import { capture } from "../../automation/capture";
import { loadStackConfig } from "../../automation/stackConfig";
import { loadPlatformArgs } from "../../components/config";
import { MlPlatform } from "../../components/MlPlatform";

describe("MlPlatform component", () => {
    it("uses an explicitly passed cloud provider for every cloud resource", async () => {
        const result = await capture(loadStackConfig("staging"), async () => {
            const explicit = new Provider("explicit", { region: "eu-west-1" });
            new MlPlatform("platform", loadPlatformArgs(), { providers: { aws: explicit } });
            return {};
        });
        expect(result.error).to.equal(undefined);
        const providers = result.resources.filter((r) => r.type === "pulumi:providers:aws");
        expect(providers.map((p) => p.name)).to.deep.equal(["explicit"]);
        const awsResources = result.resources.filter((r) => r.custom && r.type.startsWith("aws:"));
        expect(awsResources).to.not.be.empty;
        for (const r of awsResources) expect(r.provider, r.urn).to.match(/pulumi:providers:aws::explicit::/);
    });

    it("builds its own provider for the configured region otherwise", async () => {
        const result = await capture(loadStackConfig("staging"), async () => {
            new MlPlatform("platform", loadPlatformArgs());
            return {};
        });
        const provider = result.resources.find((r) => r.type === "pulumi:providers:aws")!;
        expect(provider.inputs.region).to.equal("us-east-1");
        expect(provider.parent).to.match(/mlplatform:index:MlPlatform::platform$/);
    });
});
