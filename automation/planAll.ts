/**
 * Plans every stack on every cloud, each in its own process (the mock runtime is process-global),
 * and writes the JSON plans to a folder. Usage: npm run plan:all -- [--out <dir>] [--cloud <c>]
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { CLOUDS } from "../components/config";
import { listStacks, PROJECT_DIR } from "./stackConfig";

const { values } = parseArgs({ args: process.argv.slice(2), options: { out: { type: "string", default: "plans" }, cloud: { type: "string", multiple: true } } });
const out = path.resolve(values.out!);
fs.mkdirSync(out, { recursive: true });
const clouds = values.cloud ?? [...CLOUDS];

/** The plan entry beside this file: compiled JS when run from bin/, else the sources through ts-node. */
function planCommand(): string[] {
    return __filename.endsWith(".js") ? [path.join(__dirname, "plan.js")] : ["-r", "ts-node/register/transpile-only", path.join(__dirname, "plan.ts")];
}

const failures: string[] = [];
for (const stack of listStacks()) {
    for (const cloud of clouds) {
        const file = path.join(out, `${stack}-${cloud}.json`);
        console.log(`\n=== plan ${stack} on ${cloud} ===`);
        const run = spawnSync(process.execPath, [...planCommand(), "--stack", stack, "--cloud", cloud, "--json", file], {
            cwd: PROJECT_DIR,
            stdio: ["ignore", "pipe", "inherit"],
            encoding: "utf8",
        });
        // The per-type totals and the policy summary are enough in a CI log; the tree is in the JSON.
        const summary = run.stdout.split("\n").filter((l) => /^(\d+ resources \(|Planned in|Policies:|Critical path|\s+\[(mandatory|advisory)\])/.test(l));
        console.log(summary.join("\n"));
        if (run.status !== 0) failures.push(`${stack} on ${cloud} (exit ${run.status})`);
    }
}
if (failures.length > 0) {
    console.error(`\nplans failed: ${failures.join(", ")}`);
    process.exit(1);
}
console.log(`\nall plans written to ${out}`);
