// mocha's configuration. Parallel mode hands the files to the workers in this order, so the
// files that took longest last time (node_modules/.cache/mlplatform-test-times.log, written by
// tests/support/register.js) start first and no long file is left running alone at the end.
// Files without a recorded time (new ones) start first too.
"use strict";
const fs = require("fs");
const path = require("path");

const TIMES_LOG = path.join(__dirname, "node_modules", ".cache", "mlplatform-test-times.log");

function testFiles(dir) {
    return fs
        .readdirSync(dir, { recursive: true })
        .filter((f) => f.endsWith(".test.ts"))
        .map((f) => path.join(dir, f))
        .sort();
}

/** The last recorded CPU ms per file; the log is compacted to those lines. */
function lastTimes() {
    let lines;
    try {
        lines = fs.readFileSync(TIMES_LOG, "utf8").split("\n");
    } catch {
        return new Map();
    }
    const times = new Map();
    for (const line of lines) {
        const [file, cpu] = line.split(" ");
        if (file && Number.isFinite(Number(cpu))) times.set(file, Number(cpu));
    }
    fs.writeFileSync(TIMES_LOG, [...times].map(([file, cpu]) => `${file} ${cpu}\n`).join(""));
    return times;
}

const times = lastTimes();
const cost = (file) => times.get(file) ?? Infinity;
const spec = testFiles("tests").sort((a, b) => cost(b) - cost(a));

module.exports = {
    require: ["tests/support/transpile.js", "tests/support/register.js"],
    extension: ["ts"],
    spec,
    timeout: 60000,
    reporter: "spec",
    parallel: true,
    jobs: 2,
};
