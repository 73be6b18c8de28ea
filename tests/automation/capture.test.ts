import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { capture, DuplicateUrnError } from "../../automation/capture";

const options = { project: "ml-platform", stack: "dup-test", config: {} };

class Part extends pulumi.ComponentResource {
    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("test:index:Part", name, {}, opts);
        this.registerOutputs({});
    }
}

describe("offline capture: duplicate URNs", () => {
    it("refuses two registrations with one URN, naming the URN and both parents", async () => {
        const result = await capture(options, async () => {
            const a = new Part("a");
            const b = new Part("b");
            // Same type chain and name under two parents of one type: one URN, as the engine computes it.
            new Part("admin", { parent: a });
            new Part("admin", { parent: b });
            return {};
        });
        expect(result.error).to.be.instanceOf(DuplicateUrnError);
        const message = result.error!.message;
        expect(message).to.include("Duplicate resource URN 'urn:pulumi:dup-test::ml-platform::test:index:Part$test:index:Part::admin'");
        expect(message).to.match(/parent urn:\S+::a\b/);
        expect(message).to.match(/parent urn:\S+::b\b/);
    });

    it("accepts the same name and type where the engine's URNs differ (parents' type chains differ)", async () => {
        const result = await capture(options, async () => {
            new Part("admin");
            new pulumi.ComponentResource("test:index:Other", "admin", {}, {});
            // Parents of one type, one of them nested: the engine qualifies by the whole chain.
            const top = new Part("top");
            const nested = new Part("nested", { parent: new pulumi.ComponentResource("test:index:Other", "wrap", {}, {}) });
            new Part("leaf", { parent: top });
            new Part("leaf", { parent: nested });
            return {};
        });
        expect(result.error).to.equal(undefined);
    });
});
