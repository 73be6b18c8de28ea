/**
 * Dumps each of the six offline plans as `urn -> {type, inputs, dependencies}` into a folder, to
 * diff a whole refactor: `npx ts-node --transpile-only scripts/dumpPlans.ts /tmp/before`, change
 * the code, dump to /tmp/after, `diff -r /tmp/before /tmp/after`.
 */
import * as fs from "fs";
import * as path from "path";
import { planStack } from "../automation/planStack";
import { CLOUDS, STACKS } from "./urns";

async function main(dir: string): Promise<void> {
    fs.mkdirSync(dir, { recursive: true });
    for (const stack of STACKS) {
        for (const cloud of CLOUDS) {
            const plan = await planStack({ stack, cloud });
            if (plan.error) throw plan.error;
            const byUrn = Object.fromEntries(
                [...plan.resources]
                    .sort((a, b) => a.urn.localeCompare(b.urn))
                    .map((r) => [r.urn, { type: r.type, parent: r.parent, inputs: r.inputs, dependencies: [...r.dependencies].sort(), aliases: r.aliases }]),
            );
            fs.writeFileSync(path.join(dir, `${stack}-${cloud}.json`), `${JSON.stringify(byUrn, null, 2)}\n`);
        }
    }
}

const dir = process.argv[2];
if (!dir) {
    console.error("usage: ts-node --transpile-only scripts/dumpPlans.ts <output folder>");
    process.exit(64);
}
main(dir).catch((err) => {
    console.error(err);
    process.exit(1);
});
