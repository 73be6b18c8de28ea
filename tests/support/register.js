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

// The SDK's function-serialization modules load on first use only (automation/deferSdkModules.js).
require("../../automation/deferSdkModules");

// Plans skip the SDK's alias-to-URN work that the mock runtime never reads (./aliasUrns.js).
require("./aliasUrns");

// V8's compiled code for the SDKs (and the transpiled sources) is cached on disk across runs and
// shared by the workers (Node 22.1+; the same cache automation/launch.js uses).
const build = require("../../automation/build");
require("module").enableCompileCache?.(build.COMPILE_CACHE);

const PLAN_DIR_VARIABLE = "MLPLATFORM_TEST_PLAN_DIR"; // tests/support/sharedPlans.ts
const ROOT = path.resolve(__dirname, "..", "..");
const PLAN_CACHE = path.join(path.dirname(build.COMPILE_CACHE), "mlplatform-plans");

// Everything an offline plan is computed from: the program and its config, the planner and the
// policy pack, the test helpers that call it, the installed dependencies (by the lockfile) and Node.
const PLAN_INPUT_DIRS = ["components", "clouds", "k8s", "automation", "policy", "tests/support"];
const PLAN_INPUT_FILE = /^(index\.ts|Pulumi(\.[\w-]+)?\.yaml|package(-lock)?\.json|tsconfig\.json)$/;

/** A hash of every plan input's path and content: plans are reused only while it is unchanged. */
function planInputsFingerprint() {
    const hash = require("crypto").createHash("sha256").update(process.version);
    const files = fs.readdirSync(ROOT).filter((f) => PLAN_INPUT_FILE.test(f));
    for (const dir of PLAN_INPUT_DIRS) {
        for (const f of fs.readdirSync(path.join(ROOT, dir), { recursive: true })) {
            const rel = path.join(dir, f);
            if (!rel.includes("node_modules") && fs.statSync(path.join(ROOT, rel)).isFile()) files.push(rel);
        }
    }
    for (const rel of files.sort()) hash.update(`\0${rel}\0`).update(fs.readFileSync(path.join(ROOT, rel)));
    return hash.digest("hex").slice(0, 32);
}

/**
 * The plan directory (sharedPlans.ts) is kept across runs under the inputs' fingerprint, so a run
 * whose program, config and dependencies are unchanged reads its plans instead of computing them;
 * a change to any input starts an empty one. MLPLATFORM_TEST_PLAN_CACHE=0 keeps plans for one run only.
 */
function planDirectory() {
    if (process.env.MLPLATFORM_TEST_PLAN_CACHE === "0") return fs.mkdtempSync(path.join(os.tmpdir(), "mlplatform-test-plans-"));
    const current = planInputsFingerprint();
    fs.mkdirSync(PLAN_CACHE, { recursive: true });
    for (const old of fs.readdirSync(PLAN_CACHE)) if (old !== current) fs.rmSync(path.join(PLAN_CACHE, old), { recursive: true, force: true });
    const dir = path.join(PLAN_CACHE, current);
    fs.mkdirSync(dir, { recursive: true });
    // Locks and partial files of an interrupted run would make this run wait for plans nobody computes.
    for (const f of fs.readdirSync(dir)) if (!f.endsWith(".json")) fs.rmSync(path.join(dir, f), { force: true });
    return dir;
}

// Global fixtures run once, in the main process, before any worker starts.
exports.mochaGlobalSetup = function () {
    // The tests that spawn `npm run plan`/`npm run deploy`, and the team-model example (which
    // imports the package's compiled client), run bin/: bring it up to date once, here.
    const status = build.ensureBuilt();
    if (status !== 0) throw new Error(`building bin/ failed (exit ${status})`);
    // The workers inherit this variable: each plan is computed once (sharedPlans.ts).
    process.env[PLAN_DIR_VARIABLE] = planDirectory();
};

exports.mochaGlobalTeardown = function () {
    const dir = process.env[PLAN_DIR_VARIABLE];
    if (dir && !dir.startsWith(PLAN_CACHE)) fs.rmSync(dir, { recursive: true, force: true });
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
