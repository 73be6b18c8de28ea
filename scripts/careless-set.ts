/**
 * A fresh careless set: a few hundred stack files with one mistake each, built like the
 * property-based test's (tests/support/carelessStacks.ts) but from another seed, run through the
 * offline plan in-process; reports the share that keeps the validation contract and every breach.
 * Usage: npm run -s careless-set -- [--count 300] [--seed 20261202] [--no-plan] [--json report.json]
 * Without --no-plan every accepted file is planned in full (seconds each).
 */
import * as fs from "fs";
import { parseArgs } from "util";
import fc from "fast-check";
import { planStack, type PlannedStack } from "../automation/planStack";
import { applyMistake, contractBreaches, judge, mistakeArbitrary, type MistakeKind } from "../tests/support/carelessStacks";

async function main(): Promise<number> {
    const { values } = parseArgs({ options: { count: { type: "string" }, seed: { type: "string" }, "no-plan": { type: "boolean" }, json: { type: "string" } } });
    const count = Number(values.count ?? 300);
    const seed = Number(values.seed ?? 20261202);
    const shipped = new Map<string, Promise<PlannedStack>>();
    const shippedPlan = (stack: string, cloud: string) => {
        const key = `${stack}/${cloud}`;
        if (!shipped.has(key)) shipped.set(key, planStack({ stack, cloud }));
        return shipped.get(key)!;
    };
    const started = Date.now();
    const rows: { what: string; kind: MistakeKind; cloud: string; base: string; exit: number; planned: boolean; breaches: string[] }[] = [];
    for (const mistake of fc.sample(mistakeArbitrary, { seed, numRuns: count })) {
        const file = applyMistake(mistake);
        const verdict = await judge(file, { mayPlan: () => !values["no-plan"], shippedPlan });
        rows.push({ what: file.what, kind: mistake.kind, cloud: mistake.cloud, base: mistake.base, exit: verdict.exit, planned: verdict.planned, breaches: contractBreaches(file, verdict) });
    }
    const kept = rows.filter((r) => r.breaches.length === 0).length;
    const by = (exit: number) => rows.filter((r) => r.exit === exit).length;
    console.log(`careless set: seed ${seed}, ${rows.length} files, ${((Date.now() - started) / 1000).toFixed(0)} s`);
    console.log(`  refused (exit 2): ${by(2)}; planned (exit 0): ${rows.filter((r) => r.exit === 0 && r.planned).length}; accepted, not planned: ${rows.filter((r) => r.exit === 0 && !r.planned).length}; exit 1: ${by(1)}`);
    console.log(`  secrets printed: ${rows.filter((r) => r.breaches.some((b) => b.includes("secret"))).length}; stack traces: ${rows.filter((r) => r.breaches.some((b) => b.includes("stack trace"))).length}; duplicate URNs: ${rows.filter((r) => r.breaches.some((b) => b.includes("URN"))).length}`);
    console.log(`  meeting the contract: ${kept}/${rows.length} (${((100 * kept) / rows.length).toFixed(1)} %)`);
    for (const r of rows.filter((row) => row.breaches.length > 0)) console.log(`  BREACH ${r.what} [${r.base} on ${r.cloud}]: ${r.breaches.join("; ")}`);
    if (values.json) fs.writeFileSync(values.json, JSON.stringify({ seed, count, kept, rows }, null, 2) + "\n");
    return 0;
}

main().then(
    (code) => process.exit(code),
    (err) => {
        console.error(err);
        process.exit(1);
    },
);
