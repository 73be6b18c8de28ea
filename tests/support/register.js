// Loaded by mocha after the TypeScript hook (.mocharc.json), in the main process and in every
// parallel worker.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");

// No source-mapped stack traces. ts-node (when a subset runs with `-r ts-node/register/...`)
// installs source-map-support, which maps every frame of every `new Error().stack`; Pulumi's SDK
// takes a stack trace for each resource it registers, so that cost about 40% of the suite's CPU
// time (measured: tests/clouds/aws/data.test.ts, 12.4 s -> 7.2 s user). Test failures show the
// transpiled positions, a few lines off the TypeScript ones.
Error.prepareStackTrace = undefined;

// V8's compiled code for the SDKs (and the transpiled sources) is cached on disk across runs and
// shared by the workers (Node 22.1+; the same cache automation/launch.js uses).
const build = require("../../automation/build");
require("module").enableCompileCache?.(build.COMPILE_CACHE);

const PLAN_DIR_VARIABLE = "MLPLATFORM_TEST_PLAN_DIR"; // tests/support/sharedPlans.ts

// Global fixtures run once, in the main process, before any worker starts.
exports.mochaGlobalSetup = function () {
    // The tests that spawn `npm run plan`/`npm run deploy`, and the team-model example (which
    // imports the package's compiled client), run bin/: bring it up to date once, here.
    const status = build.ensureBuilt();
    if (status !== 0) throw new Error(`building bin/ failed (exit ${status})`);
    // The workers inherit this variable: plans are computed once per run (sharedPlans.ts).
    process.env[PLAN_DIR_VARIABLE] = fs.mkdtempSync(path.join(os.tmpdir(), "mlplatform-test-plans-"));
};

exports.mochaGlobalTeardown = function () {
    const dir = process.env[PLAN_DIR_VARIABLE];
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
};
