/**
 * The package's public entry points as Node resolves them by name (package.json `exports`), from
 * the compiled bin/ the global setup keeps current. Each import runs in a fresh node process, so
 * require.cache shows exactly what that entry loads.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_DIR } from "../../automation/stackConfig";

const PACKAGE = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8"));
const TEAM_MODEL = path.join(PROJECT_DIR, "examples", "team-model");
const CLOUD_SDKS = ["@pulumi/aws", "@pulumi/gcp", "@pulumi/azure-native", "@pulumi/kubernetes", "@pulumi/random", "@pulumiverse/time"];

interface Loaded {
    resolved: string;
    packages: string[];
}

/**
 * Requires each specifier in turn in one fresh node process started in `dir`, and returns, after
 * each, where it resolved and every npm package loaded so far (the client entry goes first, so
 * its snapshot holds only what the client loads).
 */
function packagesLoadedBy(specifiers: string[], dir: string): Loaded[] {
    const script = `
        const snapshots = [];
        for (const specifier of ${JSON.stringify(specifiers)}) {
            const resolved = require.resolve(specifier);
            require(specifier);
            const packages = new Set();
            for (const file of Object.keys(require.cache)) {
                const m = new RegExp("node_modules/((@[^/]+/)?[^/]+)").exec(file.split(require("path").sep).join("/"));
                if (m) packages.add(m[1]);
            }
            snapshots.push({ resolved, packages: [...packages].sort() });
        }
        console.log(JSON.stringify(snapshots));`;
    const run = spawnSync(process.execPath, ["-e", script], { cwd: dir, encoding: "utf8", timeout: 60_000 });
    if (run.status !== 0) throw new Error(`requiring ${specifiers.join(", ")} failed:\n${run.stderr}`);
    return JSON.parse(run.stdout.trim().split("\n").pop()!);
}

describe("the package's entry points", () => {
    let client: Loaded;
    let component: Loaded;
    before(function () {
        this.timeout(60_000);
        [client, component] = packagesLoadedBy([`${PACKAGE.name}/client`, PACKAGE.name], TEAM_MODEL);
    });

    it("the client entry loads @pulumi/pulumi and no cloud or Kubernetes SDK", () => {
        expect(client.resolved).to.equal(path.join(PROJECT_DIR, "bin", "components", "client.js"));
        expect(client.packages).to.include("@pulumi/pulumi");
        for (const sdk of CLOUD_SDKS) expect(client.packages, sdk).to.not.include(sdk);
    });

    it("the component entry loads no cloud SDK until an MlPlatform chooses its cloud", () => {
        expect(component.resolved).to.equal(path.join(PROJECT_DIR, "bin", "components", "index.js"));
        expect(component.packages).to.include("@pulumi/kubernetes");
        for (const sdk of ["@pulumi/aws", "@pulumi/gcp", "@pulumi/azure-native", "@pulumiverse/time"]) expect(component.packages, sdk).to.not.include(sdk);
    });

    it("exports and typesVersions name compiled files the build produces", () => {
        for (const [subpath, target] of Object.entries<Record<string, string> | string>(PACKAGE.exports)) {
            const files = typeof target === "string" ? [target] : Object.values(target);
            for (const file of files) expect(fs.existsSync(path.join(PROJECT_DIR, file)), `${subpath}: ${file}`).to.equal(true);
        }
        expect(PACKAGE.exports["./client"].types.replace(/^\.\//, "")).to.equal(PACKAGE.typesVersions["*"].client[0]);
        expect(PACKAGE.main).to.equal(PACKAGE.exports["."].default.replace(/^\.\//, ""));
    });
});

describe("examples/team-model as a dependent program", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(TEAM_MODEL, "package.json"), "utf8"));

    it("depends on the package by name, the repository root as a file: dependency in the root's workspace", () => {
        expect(manifest.dependencies[PACKAGE.name]).to.equal("file:../..");
        expect(PACKAGE.workspaces).to.include("examples/team-model");
    });

    it("imports the platform only through the client entry, never by a path into the source tree", () => {
        for (const file of fs.readdirSync(TEAM_MODEL).filter((f) => f.endsWith(".ts"))) {
            const source = fs.readFileSync(path.join(TEAM_MODEL, file), "utf8");
            const specifiers = [...source.matchAll(/from "([^"]+)"/g)].map((m) => m[1]);
            for (const s of specifiers) expect(s, `${file} imports ${s}`).to.not.match(/^\.\.\//);
            if (/PlatformReference/.test(source)) expect(specifiers, file).to.include(`${PACKAGE.name}/client`);
        }
    });
});
