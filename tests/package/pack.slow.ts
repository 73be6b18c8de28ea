/**
 * The package as a consumer gets it: `npm pack`, installed into an empty folder with only its
 * declared dependencies (tarballs from the npm cache; package metadata the cache lacks from the
 * registry), a consumer compiled with plain tsc and run with plain node under mocks, and the
 * component schema inferred from the installed files. Slow (a full build, the SDKs are large),
 * so it runs in `npm run test:package`, a step of its own in .ci/run.
 */
import { expect } from "chai";
import { spawnSync, type SpawnSyncOptions } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_DIR } from "../../automation/stackConfig";

const SDKS = ["@pulumi/aws", "@pulumi/gcp", "@pulumi/azure-native", "@pulumi/kubernetes"];

function sh(command: string, args: string[], options: SpawnSyncOptions = {}): string {
    const run = spawnSync(command, args, { encoding: "utf8", timeout: 600_000, ...options });
    if (run.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${run.status}:\n${run.stdout}\n${run.stderr}`);
    return String(run.stdout);
}

describe("the npm package, installed like a consumer would", function () {
    this.timeout(900_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlplatform-consumer-"));
    const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8"));

    before(() => {
        sh("npm", ["run", "-s", "build:js"], { cwd: PROJECT_DIR });
        const tarball = JSON.parse(sh("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], { cwd: PROJECT_DIR }))[0].filename;
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
        // Only the package's declared dependencies (and @types/node for the consumer's tsc), from the warm cache.
        const started = Date.now();
        sh("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", path.join(dir, tarball)], { cwd: dir });
        console.log(`      installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
        for (const f of ["index.ts", "tsconfig.json"]) fs.copyFileSync(path.join(__dirname, "consumer", f), path.join(dir, f));
    });

    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("ships compiled JS, declarations, the sources the schema analyzer reads and PulumiPlugin.yaml, and no tests", () => {
        const root = path.join(dir, "node_modules", ...pkg.name.split("/"));
        for (const f of ["bin/components/index.js", "bin/components/index.d.ts", "bin/components/client.js", "bin/components/client.d.ts", "index.ts", "components/MlPlatform.ts", "tsconfig.json", "PulumiPlugin.yaml"]) {
            expect(fs.existsSync(path.join(root, f)), f).to.equal(true);
        }
        for (const f of ["tests", "automation", "policy", "bin/automation", "bin/tests"]) expect(fs.existsSync(path.join(root, f)), f).to.equal(false);
    });

    it("installs one copy of @pulumi/pulumi", () => {
        const tree = sh("npm", ["ls", "@pulumi/pulumi", "--all", "--parseable"], { cwd: dir }).trim().split("\n");
        expect(tree.filter((p) => p.endsWith(path.join("node_modules", "@pulumi", "pulumi")))).to.have.length(1);
    });

    it("loads no cloud or Kubernetes SDK when a dependent team imports the client entry", () => {
        const script = `require("${pkg.name}/client"); console.log(JSON.stringify(Object.keys(require.cache)));`;
        const loaded: string[] = JSON.parse(sh(process.execPath, ["-e", script], { cwd: dir }));
        expect(loaded.some((f) => f.includes(`${path.sep}@pulumi${path.sep}pulumi${path.sep}`)), "@pulumi/pulumi is loaded").to.equal(true);
        for (const sdk of SDKS) expect(loaded.filter((f) => f.includes(`${path.sep}${sdk.replace("/", path.sep)}${path.sep}`)), sdk).to.deep.equal([]);
    });

    it("infers the component schema from the installed files alone (sources, tsconfig.json, typescript)", () => {
        const root = path.join(dir, "node_modules", ...pkg.name.split("/"));
        const script = `
            const { ComponentProvider } = require("@pulumi/pulumi/provider/experimental");
            const { getPulumiComponents } = require("@pulumi/pulumi/provider/experimental/provider");
            const components = getPulumiComponents(require(${JSON.stringify(root)}));
            new ComponentProvider({ components, name: "mlplatform", namespace: "acme", dirname: ${JSON.stringify(root)} })
                .getSchema().then((s) => console.log(JSON.stringify(JSON.parse(s).resources)));`;
        const resources = JSON.parse(sh(process.execPath, ["-e", script], { cwd: dir }).trim().split("\n").pop()!);
        expect(Object.keys(resources)).to.deep.equal(["mlplatform:index:MlPlatform"]);
        expect(resources["mlplatform:index:MlPlatform"].requiredInputs).to.include.members(["cloud", "environment"]);
        expect(Object.keys(resources["mlplatform:index:MlPlatform"].properties)).to.include.members(["kubeconfig", "databasePassword", "gateway"]);
    });

    it("compiles a consumer with plain tsc and plans it with plain node under mocks", () => {
        sh(process.execPath, [path.join(dir, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], { cwd: dir });
        const out = sh(process.execPath, ["bin/index.js"], { cwd: dir }).trim().split("\n").pop()!;
        const result = JSON.parse(out);
        expect(result.urn).to.match(/::mlplatform:index:MlPlatform::consumer-dev$/);
        expect(result.cloud).to.equal("aws");
        expect(result.referenced).to.equal("aws");
        expect(result.kubeconfigSecret).to.equal(true);
        expect(result.types).to.include.members(["aws:eks/cluster:Cluster", "aws:rds/instance:Instance", "kubernetes:helm.sh/v3:Release"]);
    });
});
