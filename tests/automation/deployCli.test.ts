import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MODES } from "../../automation/deploy/args";
import { EXIT } from "../../automation/deploy/exitCodes";
import { PROJECT_DIR } from "../../automation/stackConfig";
import { FakePulumi } from "./fakePulumi";

const SDK_PROBE = path.join(__dirname, "sdkProbe.js");

/**
 * Runs the entry point as `npm run deploy` does, with PATH limited to `pathDirs`; `sdkLoaded` says
 * whether the run loaded @pulumi/pulumi (a run that ends before calling the CLI should not).
 */
function runDeploy(args: string[], pathDirs: string[], extraEnv: Record<string, string> = {}) {
    const probe = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "deploy-cli-probe-")), "sdk");
    const env: NodeJS.ProcessEnv = { HOME: process.env.HOME, PATH: pathDirs.join(path.delimiter), SDK_PROBE_FILE: probe, ...extraEnv };
    const run = spawnSync(process.execPath, ["-r", SDK_PROBE, "automation/launch.js", "deploy", ...args], { cwd: PROJECT_DIR, env, encoding: "utf8", timeout: 60_000 });
    const sdkLoaded = fs.existsSync(probe) && fs.readFileSync(probe, "utf8") === "true";
    fs.rmSync(path.dirname(probe), { recursive: true, force: true });
    return { ...run, sdkLoaded };
}

describe("npm run deploy (entry point)", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-cli-"));
    const emptyDir = fs.mkdtempSync(path.join(tmp, "empty-"));
    const fake = new FakePulumi({ outputs: { clusterName: { value: "ml-staging" }, kubeconfig: { value: "kubeconfig-secret-value", secret: true } } });
    after(() => {
        fake.remove();
        fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("--help lists every mode and the exit codes", () => {
        const run = runDeploy(["--help"], [emptyDir]);
        expect(run.status).to.equal(0);
        for (const mode of MODES) expect(run.stdout).to.match(new RegExp(`^  ${mode} `, "m"));
        for (const code of Object.values(EXIT)) expect(run.stdout).to.match(new RegExp(`^\\s+${code}  `, "m"));
        expect(run.sdkLoaded).to.equal(false);
    });

    it("up on production without approval refuses with a clear message and exit 5, calling no CLI", () => {
        const json = path.join(tmp, "refused.json");
        const run = runDeploy(["up", "--stack", "production", "--json", json], [fake.binDir]);
        expect(run.status).to.equal(EXIT.refused);
        expect(run.stderr).to.match(/refusing to up production stack "production" without approval/);
        expect(JSON.parse(fs.readFileSync(json, "utf8"))).to.include({ result: "refused", exitCode: EXIT.refused });
        expect(fake.calls()).to.deep.equal([]);
        expect(run.sdkLoaded).to.equal(false);
    });

    it("says what to install when pulumi is not on PATH", () => {
        const run = runDeploy(["outputs", "--stack", "staging", "--json", path.join(tmp, "nocli.json")], [emptyDir]);
        expect(run.status).to.equal(EXIT.prerequisite);
        expect(run.stderr).to.match(/the pulumi CLI was not found: install the Pulumi CLI/);
        expect(run.sdkLoaded).to.equal(false);
    });

    it("finds pulumi on PATH and masks secret outputs", () => {
        const run = runDeploy(["outputs", "--stack", "staging", "--json", path.join(tmp, "outputs.json")], [fake.binDir]);
        expect(run.status, run.stderr).to.equal(EXIT.ok);
        expect(run.stdout).to.include('"kubeconfig": "[secret]"');
        expect(run.stdout).to.not.include("kubeconfig-secret-value");
        expect(fake.commandsOf("stack select")).to.deep.equal([["stack", "select", "--stack", "staging", "--non-interactive"]]);
        expect(run.sdkLoaded).to.equal(true);
    });

    it("previews a stack copied from staging with the staging environment's policy config, no extra file", () => {
        const stackFile = path.join(PROJECT_DIR, "Pulumi.copy-deploy-test.yaml");
        fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.staging.yaml"), stackFile);
        try {
            const run = runDeploy(["preview", "--stack", "copy-deploy-test", "--json", path.join(tmp, "copy.json")], [fake.binDir]);
            expect(run.status, run.stdout + run.stderr).to.equal(EXIT.ok);
            const preview = fake.commandsOf("preview").pop()!;
            expect(preview.join(" ")).to.contain("--policy-pack policy --policy-pack-config policy/config/staging.json");
            expect(preview.slice(preview.indexOf("--stack"), preview.indexOf("--stack") + 2)).to.deep.equal(["--stack", "copy-deploy-test"]);
        } finally {
            fs.unlinkSync(stackFile);
        }
    });

    it("exits 64 for a stack with no stack file, listing the stacks, calling no CLI", () => {
        const before = fake.calls().length;
        const run = runDeploy(["preview", "--stack", "nosuch", "--json", path.join(tmp, "nosuch.json")], [fake.binDir]);
        expect(run.status).to.equal(EXIT.usage);
        expect(run.stderr).to.match(/unknown stack "nosuch".*stacks here: .*production, staging/);
        expect(fake.calls().length).to.equal(before);
        expect(run.sdkLoaded).to.equal(false);
    });

    it("rejects a bad command line with the usage code", () => {
        for (const args of [[], ["deploy", "--stack", "staging"], ["up"], ["up", "--stack", "staging", "--retries", "many"]]) {
            const run = runDeploy(args, [emptyDir]);
            expect(run.status, args.join(" ")).to.equal(EXIT.usage);
            expect(run.stderr).to.match(/usage: npm run deploy -- </);
            expect(run.sdkLoaded, args.join(" ")).to.equal(false);
        }
    }).timeout(4 * 60_000); // four processes
});
