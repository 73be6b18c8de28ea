#!/usr/bin/env node
/**
 * Builds bin/ from the TypeScript sources (tsconfig.build.json), copies the policy pack's config
 * next to the compiled policy code and removes compiled files whose source is gone, so neither a
 * run nor `npm pack` picks up a deleted module.
 *
 * Two ways, same JavaScript (tsconfig.json sets isolatedModules, so every file compiles alone):
 * - full: `tsc` with declarations, for the package (`npm run build:js`, `prepare`); about 10 s,
 *   most of it parsing the SDKs' declarations;
 * - JavaScript only: each source transpiled on its own, about 1 s; what automation/launch.js and
 *   the test suite's global setup use when a source is newer than the last build. Type errors are
 *   `npx tsc --noEmit`'s job.
 * Plain JavaScript run with the current node, so it needs no npm on PATH.
 * Usage: node automation/build.js [--js-only]
 */
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");

const root = path.resolve(__dirname, "..");
const BIN = path.join(root, "bin");
const CONFIG = path.join(root, "tsconfig.build.json");
/**
 * Written after every successful build: the time, the way, and the compiler key it built with.
 * bin/ is current when no source is newer and the key is today's.
 */
const STAMP = path.join(BIN, ".built");
/** tsc's record of what it last emitted: a JavaScript-only build that writes a file makes it wrong. */
const TSBUILDINFO = path.join(BIN, ".tsbuildinfo");
/** What the build reads: a change to any of these makes bin/ stale. */
const SOURCES = ["index.ts", "main.ts", "components", "clouds", "k8s", "policy", "automation", "tsconfig.json", "tsconfig.build.json"];

function newestSource(entry) {
    const stat = fs.statSync(entry, { throwIfNoEntry: false });
    if (!stat) return 0;
    if (!stat.isDirectory()) return /\.(ts|json)$/.test(entry) ? stat.mtimeMs : 0;
    let newest = stat.mtimeMs;
    for (const name of fs.readdirSync(entry)) {
        if (name !== "node_modules") newest = Math.max(newest, newestSource(path.join(entry, name)));
    }
    return newest;
}

/** What bin/'s JavaScript depends on besides each source: TypeScript's version and both tsconfig files. */
function compilerKey() {
    const typescript = fs.readFileSync(require.resolve("typescript/package.json", { paths: [root] }), "utf8");
    const hash = crypto.createHash("sha256").update(JSON.parse(typescript).version);
    for (const file of ["tsconfig.json", "tsconfig.build.json"]) hash.update("\0").update(fs.readFileSync(path.join(root, file)));
    return hash.digest("hex");
}

/** The compiler key of the last build, if there was one. */
function builtWith() {
    if (!fs.existsSync(STAMP)) return undefined;
    return fs.readFileSync(STAMP, "utf8").trim().split(" ")[2];
}

/** Compiled files (bin/x.js, bin/x.d.ts) whose source x.ts no longer exists. */
function orphans(dir = BIN) {
    const found = [];
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) found.push(...orphans(file));
        else if (/\.(d\.ts|js)$/.test(entry.name)) {
            const source = path.join(root, path.relative(BIN, file)).replace(/(\.d\.ts|\.js)$/, ".ts");
            if (!fs.existsSync(source)) found.push(file);
        }
    }
    return found;
}

function compileWithTsc() {
    const tsc = require.resolve("typescript/bin/tsc", { paths: [root] });
    const run = spawnSync(process.execPath, [tsc, "-p", CONFIG], { cwd: root, stdio: ["ignore", process.stderr, "inherit"] });
    return run.status ?? 1;
}

/**
 * Each source file transpiled alone, when it is newer than its output or the compiler key changed;
 * the output rewritten only when it changed. A rewrite leaves tsc's record behind bin/, so it goes:
 * the next full build emits everything instead of trusting it.
 */
function transpileEach() {
    const ts = require(require.resolve("typescript", { paths: [root] }));
    const read = ts.readConfigFile(CONFIG, ts.sys.readFile);
    const config = ts.parseJsonConfigFileContent(read.config, ts.sys, root);
    const problems = [read.error, ...config.errors].filter(Boolean);
    if (problems.length > 0) {
        console.error(ts.formatDiagnostics(problems, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" }));
        return 1;
    }
    const compilerOptions = { ...config.options, declaration: false, incremental: false, noEmit: false };
    const sameCompiler = builtWith() === compilerKey();
    for (const file of config.fileNames.filter((f) => !f.endsWith(".d.ts"))) {
        const out = path.join(config.options.outDir, path.relative(config.options.rootDir, file)).replace(/\.ts$/, ".js");
        const built = fs.statSync(out, { throwIfNoEntry: false });
        if (sameCompiler && built && built.mtimeMs >= fs.statSync(file).mtimeMs) continue;
        const { outputText } = ts.transpileModule(fs.readFileSync(file, "utf8"), { compilerOptions, fileName: file });
        if (built && fs.readFileSync(out, "utf8") === outputText) {
            const now = new Date();
            fs.utimesSync(out, now, now);
            continue;
        }
        fs.mkdirSync(path.dirname(out), { recursive: true });
        fs.writeFileSync(out, outputText);
        fs.rmSync(TSBUILDINFO, { force: true });
    }
    return 0;
}

/** V8's code cache for the compiled modules and the SDKs (Node 22.1+), read by launch.js and the tests. */
const COMPILE_CACHE = path.join(root, "node_modules", ".cache", "node-compile-cache");

/**
 * Loads what a plan loads (every cloud's modules, the policy pack) once with the compile cache on,
 * so the first plan or test run after a build starts warm. Loading has no side effects.
 */
function warmCompileCache() {
    // What bin/automation/plan.js imports (it runs the plan when loaded, so it is not loaded here).
    const modules = ["automation/planStack", "automation/planReport", "automation/criticalPath", "automation/policyConfig", "policy/offline", "clouds/aws", "clouds/gcp", "clouds/azure"];
    const script = `require("module").enableCompileCache?.(${JSON.stringify(COMPILE_CACHE)});
        for (const m of ${JSON.stringify(modules.map((m) => path.join(BIN, m)))}) require(m);`;
    spawnSync(process.execPath, ["-e", script], { cwd: root, stdio: "ignore", timeout: 60_000 });
}

/** Builds bin/; returns the exit status (diagnostics go to stderr). */
function build({ jsOnly = false } = {}) {
    const status = jsOnly ? transpileEach() : compileWithTsc();
    if (status !== 0) return status;
    fs.cpSync(path.join(root, "policy", "config"), path.join(BIN, "policy", "config"), { recursive: true });
    for (const file of orphans()) fs.rmSync(file);
    fs.writeFileSync(STAMP, `${new Date().toISOString()} ${jsOnly ? "js-only" : "tsc"} ${compilerKey()}\n`);
    if (!jsOnly) warmCompileCache();
    return 0;
}

/** Builds the JavaScript only when a source is newer than the last build or the compiler changed; returns the exit status. */
function ensureBuilt() {
    const built = fs.statSync(STAMP, { throwIfNoEntry: false });
    const newest = Math.max(...SOURCES.map((s) => newestSource(path.join(root, s))));
    if (built && built.mtimeMs >= newest && builtWith() === compilerKey()) return 0;
    console.error(built ? "sources, tsconfig or TypeScript changed since the last build: transpiling into bin/" : "no build yet: transpiling into bin/");
    return build({ jsOnly: true });
}

module.exports = { build, ensureBuilt, compilerKey, builtWith, COMPILE_CACHE };

if (require.main === module) process.exit(build({ jsOnly: process.argv.includes("--js-only") }));
