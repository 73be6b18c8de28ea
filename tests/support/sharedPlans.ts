/**
 * Plans shared between the processes of one `npm test` run (mocha's parallel workers): the first
 * process that needs a plan computes it and writes it to the run's directory, the others read it.
 * The directory is created by the global setup in tests/support/register.js and named by
 * MLPLATFORM_TEST_PLAN_DIR; without it (a file run on its own) every plan is computed in-process.
 *
 * Every caller gets the plan as parsed from its JSON form, whichever process computed it, so a
 * test sees the same data in every schedule. Failed plans are not shared: they fail at validation,
 * before any resource, and carry an Error object that JSON would not keep.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { PlannedStack } from "../../automation/planStack";

export const PLAN_DIR_VARIABLE = "MLPLATFORM_TEST_PLAN_DIR";

/** How long a process waits for another one's plan before computing it itself. */
const WAIT_MS = 120_000;
const POLL_MS = 50;

export async function sharedPlan(key: string, compute: () => Promise<PlannedStack>): Promise<PlannedStack> {
    const dir = process.env[PLAN_DIR_VARIABLE];
    if (!dir || !fs.existsSync(dir)) return roundTrip(await compute());
    const file = path.join(dir, `${createHash("sha256").update(key).digest("hex").slice(0, 32)}.json`);
    const lock = `${file}.lock`;
    if (!fs.existsSync(file)) {
        if (takeLock(lock)) {
            try {
                return await computeAndWrite(file, compute);
            } finally {
                fs.rmSync(lock, { force: true });
            }
        }
        await waitFor(file, lock);
    }
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")) as PlannedStack;
    // The other process's plan failed (or it gave up): compute it here.
    return roundTrip(await compute());
}

/** The plan another process of this run already wrote, without computing or waiting for it. */
export function existingSharedPlan(key: string): PlannedStack | undefined {
    const dir = process.env[PLAN_DIR_VARIABLE];
    const file = dir && path.join(dir, `${createHash("sha256").update(key).digest("hex").slice(0, 32)}.json`);
    return file && fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as PlannedStack) : undefined;
}

function takeLock(lock: string): boolean {
    try {
        fs.closeSync(fs.openSync(lock, "wx"));
        return true;
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
        throw err;
    }
}

async function computeAndWrite(file: string, compute: () => Promise<PlannedStack>): Promise<PlannedStack> {
    const planned = await compute();
    if (planned.error) return planned;
    const serialized = JSON.stringify(planned);
    const partial = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(partial, serialized);
    fs.renameSync(partial, file);
    return JSON.parse(serialized) as PlannedStack;
}

async function waitFor(file: string, lock: string): Promise<void> {
    const deadline = Date.now() + WAIT_MS;
    while (!fs.existsSync(file) && fs.existsSync(lock) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
}

function roundTrip(planned: PlannedStack): PlannedStack {
    if (planned.error) return planned;
    return JSON.parse(JSON.stringify(planned)) as PlannedStack;
}
