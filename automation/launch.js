#!/usr/bin/env node
/**
 * Runs an automation entry point (plan, planAll, deploy) from the compiled output in bin/, which
 * starts several times faster than transpiling the sources on every run. When a source file is
 * newer than the last build, it builds first (`npm run build:js`), so a plan never runs stale code.
 * Usage: node automation/launch.js <entry> [args...]
 */
"use strict";
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");

const root = path.resolve(__dirname, "..");
const SOURCES = ["index.ts", "main.ts", "components", "clouds", "k8s", "policy", "automation"];
const BUILD_INFO = path.join(root, "bin", ".tsbuildinfo");

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

function ensureBuilt() {
    const built = fs.statSync(BUILD_INFO, { throwIfNoEntry: false });
    const newest = Math.max(...SOURCES.map((s) => newestSource(path.join(root, s))));
    if (built && built.mtimeMs >= newest) return;
    console.error(built ? "sources changed since the last build: npm run build:js" : "no build yet: npm run build:js");
    const build = spawnSync("npm", ["run", "-s", "build:js"], { cwd: root, stdio: ["ignore", process.stderr, "inherit"] });
    if (build.status !== 0) process.exit(build.status ?? 1);
}

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
    console.error("usage: node automation/launch.js <plan|planAll|deploy> [args...]");
    process.exit(64);
}
ensureBuilt();
// V8's compiled code for every module loaded below (@pulumi/pulumi alone loads 15 MB of
// JavaScript, typescript included) is cached on disk and reused by the next run (Node 22.1+).
require("module").enableCompileCache?.(path.join(root, "node_modules", ".cache", "node-compile-cache"));
process.argv = [process.argv[0], path.join(root, "bin", "automation", `${entry}.js`), ...args];
require(process.argv[1]);
