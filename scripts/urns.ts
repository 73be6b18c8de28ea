/**
 * The resource-name snapshot: every URN of the six offline plans (stack x cloud), which
 * tests/harness/urns.test.ts compares with the program. Run `npm run -s urns:update` after adding
 * or deliberately renaming resources (a rename of a stateful resource needs an `alias` as well).
 */
import * as fs from "fs";
import * as path from "path";
import { planStack } from "../automation/planStack";

export const SNAPSHOT = path.join(__dirname, "..", "tests", "harness", "urns.snapshot.json");
export const STACKS = ["staging", "production"] as const;
export const CLOUDS = ["aws", "gcp", "azure"] as const;

/** "<stack>/<cloud>" -> sorted URNs. */
export type UrnSnapshot = Record<string, string[]>;

export async function currentUrns(): Promise<UrnSnapshot> {
    const out: UrnSnapshot = {};
    for (const stack of STACKS) {
        for (const cloud of CLOUDS) {
            const plan = await planStack({ stack, cloud });
            if (plan.error) throw plan.error;
            out[`${stack}/${cloud}`] = plan.resources.map((r) => r.urn).sort();
        }
    }
    return out;
}

if (require.main === module) {
    currentUrns().then(
        (urns) => {
            fs.writeFileSync(SNAPSHOT, `${JSON.stringify(urns, null, 2)}\n`);
            const total = Object.values(urns).reduce((n, l) => n + l.length, 0);
            console.log(`wrote ${path.relative(process.cwd(), SNAPSHOT)}: ${total} URNs in ${Object.keys(urns).length} plans`);
        },
        (err) => {
            console.error(err);
            process.exit(1);
        },
    );
}
