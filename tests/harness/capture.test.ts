import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { Key } from "@pulumi/aws/kms";
import { RandomPassword } from "@pulumi/random";
import { capture, SECRET_MARKER, skipStackTraces } from "../../automation/capture";
import { loadStackConfig, OFFLINE_SECRET_PLACEHOLDER } from "../../automation/stackConfig";
import { okPlan } from "../support/plans";

class Box extends pulumi.ComponentResource {
    constructor(name: string) {
        super("test:index:Box", name, {});
        this.registerOutputs({});
    }
}

describe("capture harness", () => {
    it("records parent, protect, dependencies and secrets the way the engine would see them", async () => {
        const result = await capture({ project: "p", stack: "s", config: {} }, async () => {
            const box = new Box("box");
            const password = new RandomPassword("pw", { length: 16 }, { parent: box });
            const key = new Key("key", { description: password.result, enableKeyRotation: true }, { parent: box, protect: true });
            return { keyArn: key.arn, password: password.result };
        });
        expect(result.error).to.equal(undefined);
        const key = result.resources.find((r) => r.type === "aws:kms/key:Key")!;
        const box = result.resources.find((r) => r.type === "test:index:Box")!;
        const pw = result.resources.find((r) => r.type === "random:index/randomPassword:RandomPassword")!;
        expect(key.parent).to.equal(box.urn);
        expect(key.protect).to.equal(true);
        expect(pw.protect).to.equal(false);
        expect(key.dependencies, "implicit dependency through an input").to.include(pw.urn);
        // RandomPassword.result is secret through additionalSecretOutputs, which the engine applies.
        expect(key.inputs.description).to.equal(SECRET_MARKER);
        expect(result.outputs.password).to.equal(SECRET_MARKER);
        expect(result.secretOutputKeys).to.deep.equal(["password"]);
        expect(result.secretValues.some((s) => s.startsWith("mock-secret-pw"))).to.equal(true);
    });

    it("returns the program's error instead of throwing", async () => {
        const result = await capture({ project: "p", stack: "s", config: {} }, async () => {
            throw new Error("boom");
        });
        expect(result.error!.message).to.equal("boom");
    });

    it("skips the SDK's promise and resource stack traces while capturing, keeps every other error's stack and restores both", async () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const debuggable = require("@pulumi/pulumi/runtime/debuggable");
        const resource = pulumi.Resource as unknown as { stackTrace: (skip: number) => unknown[] };
        const before = { debuggablePromise: debuggable.debuggablePromise, stackTrace: resource.stackTrace };
        let seen: { promiseStack?: string; resourceStack?: unknown[]; errorStack?: string } = {};
        const result = await capture({ project: "p", stack: "s", config: {} }, async () => {
            // The SDK's own modules call debuggablePromise through its module's exports, as this does.
            const probe = Promise.resolve(1) as Promise<number> & { _debugStackTrace?: string };
            await debuggable.debuggablePromise(probe, "probe");
            seen = { promiseStack: probe._debugStackTrace, resourceStack: resource.stackTrace(0), errorStack: new Error("kept").stack };
            new Box("box");
            return {};
        });
        expect(result.error).to.equal(undefined);
        expect(result.resources.map((r) => r.type)).to.include("test:index:Box");
        expect(seen.promiseStack, "the promise's debug trace holds no frames").to.equal("Error");
        expect(seen.resourceStack).to.deep.equal([]);
        expect(seen.errorStack, "an error raised by the program keeps its frames").to.match(/\n\s+at /);
        expect(debuggable.debuggablePromise).to.equal(before.debuggablePromise);
        expect(resource.stackTrace).to.equal(before.stackTrace);
        expect(resource.stackTrace(0).length, "restored: a real trace again").to.be.greaterThan(0);
    });

    it("waits for registrations the program does not return (made in an apply), as the language host does before it disconnects", async () => {
        const result = await capture({ project: "p", stack: "s", config: {} }, async () => {
            const password = new RandomPassword("pw", { length: 16 });
            password.result.apply(() => new Box("made-late").urn.apply((urn) => new Box(`after-${urn.length}`)));
            return {};
        });
        expect(result.error).to.equal(undefined);
        expect(result.resources.map((r) => r.name)).to.include.members(["pw", "made-late"]);
        expect(result.resources.some((r) => r.name.startsWith("after-")), "a registration two applies deep").to.equal(true);
    });

    it("restores the SDK's stack traces after overlapping skips end in any order, each restore counted once", () => {
        const resource = pulumi.Resource as unknown as { stackTrace: (skip: number) => unknown[] };
        const original = resource.stackTrace;
        const first = skipStackTraces();
        const second = skipStackTraces();
        first();
        first();
        expect(resource.stackTrace, "the second skip is still under way").to.not.equal(original);
        second();
        expect(resource.stackTrace).to.equal(original);
    });

    it("marks every resource under the MlPlatform component", async () => {
        const p = await okPlan("production");
        const root = p.resources.find((r) => r.type === "pulumi:pulumi:Stack")!;
        const platform = p.resources.find((r) => r.type === "mlplatform:index:MlPlatform")!;
        expect(platform.parent).to.equal(root.urn);
        const urns = new Set(p.resources.map((r) => r.urn));
        for (const r of p.resources) {
            if (r === root) continue;
            expect(urns.has(r.parent!), `${r.urn} has a captured parent`).to.equal(true);
        }
        const children = p.resources.filter((r) => r.parent === root.urn).map((r) => r.type);
        expect(children, "nothing but the platform hangs off the stack").to.deep.equal(["mlplatform:index:MlPlatform"]);
    });
});

describe("stack config loading", () => {
    it("applies Pulumi.yaml defaults, then the stack file, then overrides", () => {
        const config = loadStackConfig("staging", { cloud: "gcp", owner: undefined }).config;
        expect(config["ml-platform:cloud"]).to.equal("gcp");
        expect(config["ml-platform:environment"]).to.equal("staging");
        expect(config).to.not.have.property("ml-platform:owner");
        expect(JSON.parse(config["ml-platform:network"]).zoneCount).to.equal(2);
    });

    it("stands in for secure: values and marks them secret", () => {
        const loaded = loadStackConfig("staging", { alerting: { slackWebhookUrl: { secure: "v1:abc" } } });
        expect(loaded.secretKeys).to.deep.equal(["ml-platform:alerting"]);
        expect(JSON.parse(loaded.config["ml-platform:alerting"]).slackWebhookUrl).to.equal(OFFLINE_SECRET_PLACEHOLDER);
    });
});

describe("capture harness failures", () => {
    it("reports an error thrown inside an apply, instead of a plan that looks complete", async () => {
        const result = await capture({ project: "p", stack: "s", config: {} }, async () => {
            const key = new Key("key", { enableKeyRotation: true });
            new Key("dependent", { description: key.arn.apply((): string => { throw new Error("zone lookup failed"); }) });
            return {};
        });
        expect(result.error?.message).to.match(/zone lookup failed/);
    });
});
