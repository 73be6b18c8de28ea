#!/usr/bin/env node
/**
 * Runs an automation entry point (plan, planAll, deploy) from the compiled output in bin/, which
 * starts several times faster than transpiling the sources on every run. When a source file is
 * newer than the last build, it builds first (automation/build.js), so a run never uses stale code.
 * Usage: node automation/launch.js <entry> [args...]
 */
"use strict";
const path = require("path");
const { COMPILE_CACHE, ensureBuilt } = require("./build");

const root = path.resolve(__dirname, "..");

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
    console.error("usage: node automation/launch.js <plan|planAll|deploy> [args...]");
    process.exit(64);
}
const status = ensureBuilt();
if (status !== 0) process.exit(status);
// V8's compiled code for every module loaded below (@pulumi/pulumi alone loads 15 MB of
// JavaScript, typescript included) is cached on disk and reused by the next run (Node 22.1+);
// a full build warms it.
require("module").enableCompileCache?.(COMPILE_CACHE);
// The SDK's function-serialization modules (TypeScript, @npmcli/arborist) load on first use only.
require("./deferSdkModules");
process.argv = [process.argv[0], path.join(root, "bin", "automation", `${entry}.js`), ...args];
require(process.argv[1]);
