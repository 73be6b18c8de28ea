import { expect } from "chai";
import * as Module from "module";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const defer = require("../../automation/deferSdkModules") as { standIns: Map<string, Record<string, unknown>>; loaded: Set<string> };

// tests/support/register.js installs the hook before any test loads @pulumi/pulumi, as launch.js does for the CLIs.
describe("deferred SDK modules (automation/deferSdkModules.js)", () => {
    it("hands the SDK a stand-in for TypeScript and @npmcli/arborist when it loads (fails when an SDK upgrade moves those requires)", () => {
        expect(pulumi.runtime.serializeFunction).to.be.a("function");
        expect([...defer.standIns.keys()].sort()).to.deep.equal(["@npmcli/arborist", "typescript"]);
    });

    it("each stand-in is the real module to the SDK: same members, and function serialization still works", async () => {
        const serialized = await pulumi.runtime.serializeFunction(() => 6 * 7);
        expect(defer.loaded.has("typescript"), "TypeScript loaded on first use").to.equal(true);
        const handler = new Function("exports", "require", `${serialized.text}; return exports.handler;`)({}, require);
        expect(handler()).to.equal(42);
        for (const [request, standIn] of defer.standIns) {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const real = require(request);
            expect(Object.keys(standIn), request).to.deep.equal(Object.keys(real));
            for (const key of Object.keys(real).slice(0, 50)) expect(standIn[key], `${request}.${key}`).to.equal(real[key]);
        }
        expect(defer.standIns.get("@npmcli/arborist")!.Arborist).to.equal(require("@npmcli/arborist").Arborist);
    });

    it("defers nothing that is not installed: the request fails at once, so typescript-shim.js falls back to the SDK's vendored TypeScript", () => {
        // An SDK copy with no typescript beside it: its shim's require must throw as it would without the hook.
        const shim = path.join(os.tmpdir(), "no-typescript", "node_modules", "@pulumi", "pulumi", "typescript-shim.js");
        const parent = new Module.Module(shim);
        parent.filename = shim;
        parent.paths = [path.join(os.tmpdir(), "no-typescript", "node_modules")];
        const standIns = defer.standIns.size;
        const load = (Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown })._load;
        expect(() => load("typescript", parent, false)).to.throw(/Cannot find module 'typescript'/);
        expect(defer.standIns.size, "no stand-in handed out").to.equal(standIns);
    });
});
