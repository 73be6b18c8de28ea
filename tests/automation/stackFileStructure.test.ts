import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadStackConfig, PROJECT_DIR, StackFileStructureError } from "../../automation/stackConfig";

/** A project directory holding the real Pulumi.yaml and one stack file with the given text. */
function projectWith(stackText: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stackfile-"));
    fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.writeFileSync(path.join(dir, "Pulumi.t.yaml"), stackText);
    return dir;
}

function refusal(stackText: string): string {
    try {
        loadStackConfig("t", {}, projectWith(stackText));
    } catch (err) {
        expect(err).to.be.instanceOf(StackFileStructureError);
        return (err as Error).message;
    }
    throw new Error("the stack file was accepted");
}

describe("stack file structure", () => {
    it("reads YAML merge keys as Pulumi's reader does", () => {
        const text = ["config:", "  ml-platform:cluster:", "    nodePools:", "      system: &pool", "        size: large", "        min: 2", "      workloads:", "        <<: *pool", "        max: 6", ""].join("\n");
        const loaded = loadStackConfig("t", {}, projectWith(text));
        expect(JSON.parse(loaded.config["ml-platform:cluster"]).nodePools.workloads).to.deep.equal({ size: "large", min: 2, max: 6 });
    });

    it("names a top-level key that is not a stack-file key", () => {
        expect(refusal("x-pool: 1\nconfig:\n  ml-platform:cloud: aws\n")).to.match(/unknown top-level key "x-pool"/);
    });

    it("names a misspelt project namespace and the key it meant", () => {
        const message = refusal("config:\n  ml-platfrom:network:\n    zoneCount: 3\n");
        expect(message).to.match(/^Pulumi\.t\.yaml: config key "ml-platfrom:network" is under the namespace "ml-platfrom", which nothing reads; the project's keys are "ml-platform:network"/);
    });

    it("accepts provider namespaces and unqualified keys", () => {
        const loaded = loadStackConfig("t", {}, projectWith("config:\n  aws:region: us-east-1\n  owner: ml-team\n"));
        expect(loaded.config["ml-platform:owner"]).to.equal("ml-team");
    });

    it("says so when config: is not a mapping, or the file is not one", () => {
        expect(refusal("config:\n  - ml-platform:cloud: aws\n")).to.include("config: must be a mapping of keys to values, got a list");
        expect(refusal("config: aws\n")).to.include("got a string");
        expect(refusal("- config\n")).to.include("expected a mapping with a config: section, got a list");
    });

    it("names a section indented outside config:", () => {
        expect(refusal("config:\n  ml-platform:cloud: aws\nml-platform:network:\n  zoneCount: 3\n")).to.include('"ml-platform:network" is outside config:');
    });
});
