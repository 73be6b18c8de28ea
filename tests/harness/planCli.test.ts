import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_DIR } from "../../automation/stackConfig";

function runPlan(args: string[]) {
    return spawnSync(process.execPath, ["automation/launch.js", "plan", ...args], {
        cwd: PROJECT_DIR,
        encoding: "utf8",
        timeout: 60_000,
    });
}

describe("npm run plan", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));

    it("writes the documented JSON with protect flags and secrets masked", () => {
        const file = path.join(dir, "p.json");
        const run = runPlan(["--stack", "production", "--cloud", "aws", "--json", file]);
        expect(run.status, run.stderr).to.equal(0);
        expect(run.stdout).to.match(/mlplatform:index:MlPlatform/);
        const doc = JSON.parse(fs.readFileSync(file, "utf8"));
        expect(doc).to.include({ stack: "production", cloud: "aws" });
        const resource = doc.resources.find((r: { type: string }) => r.type === "aws:rds/instance:Instance");
        expect(Object.keys(resource)).to.include.members(["urn", "type", "name", "parent", "dependencies", "protect", "inputs"]);
        expect(resource.protect).to.equal(true);
        expect(resource.inputs.password).to.equal("[secret]");
        expect(fs.readFileSync(file, "utf8")).to.not.match(/mock-secret-/);
        expect(doc.policy.rules).to.be.at.least(45);
        expect(doc.policy.violations).to.deep.equal([]);
    });

    it("exits 3 when a mandatory policy is violated, and still writes the plan for CI", () => {
        const file = path.join(dir, "unprotected.json");
        const stackFile = path.join(PROJECT_DIR, "Pulumi.unprotected-test.yaml");
        const production = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.production.yaml"), "utf8");
        fs.writeFileSync(stackFile, production.replace("  ml-platform:environment: production\n", "  ml-platform:environment: production\n  ml-platform:protect: false\n"));
        try {
            const run = runPlan(["--stack", "unprotected-test", "--json", file]);
            expect(run.status, run.stdout + run.stderr).to.equal(3);
            expect(run.stdout).to.match(/\[mandatory\]/);
            const violations = JSON.parse(fs.readFileSync(file, "utf8")).policy.violations as { level: string; urn: string }[];
            expect(violations.some((v) => v.level === "mandatory" && v.urn.includes("aws:rds/instance:Instance"))).to.equal(true);
        } finally {
            fs.unlinkSync(stackFile);
        }
    });

    it("exits non-zero on invalid config, naming the key", () => {
        const file = path.join(dir, "Pulumi.broken.yaml");
        const stackFile = path.join(PROJECT_DIR, "Pulumi.broken-test.yaml");
        fs.writeFileSync(stackFile, "config:\n  ml-platform:environment: production\n  ml-platform:cloud: aws\n");
        try {
            const run = runPlan(["--stack", "broken-test", "--json", file]);
            expect(run.status).to.equal(2);
            expect(run.stderr).to.match(/ml-platform:owner/);
            expect(run.stderr).to.match(/ml-platform:aws: required when cloud is "aws"/);
            expect(fs.existsSync(file)).to.equal(false);
        } finally {
            fs.unlinkSync(stackFile);
        }
    });

    it("exits 64 for an unknown stack, listing the stacks there are", () => {
        const run = runPlan(["--stack", "nosuch"]);
        expect(run.status, run.stderr).to.equal(64);
        expect(run.stderr).to.match(/unknown stack "nosuch".*stacks here: .*production, staging/);
        expect(run.stderr).to.not.match(/\n\s+at /);
    });

    it("exits 2 for a stack file that is not YAML, naming the file and the line", () => {
        const stackFile = path.join(PROJECT_DIR, "Pulumi.yaml-syntax-test.yaml");
        fs.writeFileSync(stackFile, "config:\n  ml-platform:environment: staging\n  ml-platform:owner: \"ml-team\n  ml-platform:costCenter: cc-1\n");
        try {
            const run = runPlan(["--stack", "yaml-syntax-test"]);
            expect(run.status, run.stderr).to.equal(2);
            expect(run.stderr).to.match(/^Pulumi\.yaml-syntax-test\.yaml:\d+:\d+: YAML syntax error: /m);
            expect(run.stderr.trim().split("\n"), run.stderr).to.have.length(1);
        } finally {
            fs.unlinkSync(stackFile);
        }
    });

    it("plans a stack copied from staging under a new name with staging's policy config", () => {
        const stackFile = path.join(PROJECT_DIR, "Pulumi.copy-plan-test.yaml");
        fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.staging.yaml"), stackFile);
        try {
            const run = runPlan(["--stack", "copy-plan-test"]);
            expect(run.status, run.stderr).to.equal(0);
            expect(run.stdout).to.contain("Policy config: policy/config/staging.json (environment)");
        } finally {
            fs.unlinkSync(stackFile);
        }
    });

    it("explains its usage when the stack is missing", () => {
        const run = runPlan([]);
        expect(run.status).to.equal(64);
        expect(run.stderr).to.match(/usage: npm run plan -- --stack/);
    });
});
