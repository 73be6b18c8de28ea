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

// Plans skip the SDK's alias-to-URN work that the mock runtime never reads (./aliasUrns.js).
require("./aliasUrns");

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

// Per-file CPU time (this process and the children it waited for: promtool, spawned plans),
// appended after each file as `file cpuMs wallMs` to node_modules/.cache/mlplatform-test-times.log
// (.mocharc.js starts the longest files first from it) and, when MLPLATFORM_TEST_CPU_LOG names a
// file, to that one too (to measure a run). Root hooks run around each file in parallel mode.
const TIMES_LOG = path.join(path.dirname(build.COMPILE_CACHE), "mlplatform-test-times.log");
const CPU_LOG = process.env.MLPLATFORM_TEST_CPU_LOG;

function cpuMs() {
    // utime stime cutime cstime, in clock ticks (100 per second on Linux).
    const fields = fs.readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * 10;
}

let start;
exports.mochaHooks = {
    beforeAll() {
        start = { cpu: cpuMs(), wall: Date.now() };
    },
    afterAll() {
        const files = [...new Set(this.test.parent.suites.map((s) => s.file).filter(Boolean))];
        if (files.length !== 1 || !start) return;
        const line = `${path.relative(path.resolve(__dirname, "..", ".."), files[0])} ${cpuMs() - start.cpu} ${Date.now() - start.wall}\n`;
        for (const log of [TIMES_LOG, CPU_LOG]) if (log) fs.appendFileSync(log, line);
    },
};
