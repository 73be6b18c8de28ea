/**
 * Offline plan: runs the program for a stack under Pulumi's mock runtime, with no CLI, cloud or
 * cluster. Usage: npm run plan -- --stack <stack> [--cloud aws|gcp|azure] [--json <file>]
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import type { Environment } from "../components/config";
import { criticalPath, formatCriticalPath } from "./criticalPath";
import { formatTotals, formatTree } from "./planReport";
import { choosePolicyConfig } from "./policyConfig";
import { listStacks, loadStackConfig, PROJECT_DIR, StackFileStructureError, StackFileSyntaxError, UnknownStackError } from "./stackConfig";

export const EXIT = { ok: 0, failed: 1, invalidConfig: 2, policyViolation: 3, usage: 64 } as const;

const USAGE = `usage: npm run plan -- --stack <${listStacks().join("|")}> [--cloud aws|gcp|azure] [--json <file>]`;

async function main(argv: string[]): Promise<number> {
    let args;
    try {
        args = parseArgs({ args: argv, options: { stack: { type: "string" }, cloud: { type: "string" }, json: { type: "string" }, help: { type: "boolean" } } }).values;
    } catch (err) {
        console.error(`${(err as Error).message}\n${USAGE}`);
        return EXIT.usage;
    }
    if (args.help || !args.stack) {
        (args.help ? console.log : console.error)(USAGE);
        return args.help ? EXIT.ok : EXIT.usage;
    }

    const started = Date.now();
    // An unknown stack or a broken stack file is answered before the SDK and the program load
    // (@pulumi/pulumi alone is about 1 s): the stack file is read once here and again by planStack.
    let plan;
    try {
        loadStackConfig(args.stack);
        const { planStack } = await import("./planStack");
        plan = await planStack({ stack: args.stack, cloud: args.cloud });
    } catch (err) {
        if (err instanceof UnknownStackError) {
            console.error(`${err.message}\n${USAGE}`);
            return EXIT.usage;
        }
        if (err instanceof StackFileSyntaxError || err instanceof StackFileStructureError) {
            console.error(err.message);
            return EXIT.invalidConfig;
        }
        throw err;
    }
    const [{ ConfigError }, { DuplicateUrnError }, { findLeakedSecrets, toPlanDocument }, { evaluatePolicies, formatViolations, hasMandatoryViolations }] = await Promise.all([
        import("../components/config"),
        import("./capture"),
        import("./planStack"),
        import("../policy/offline"),
    ]);
    if (plan.error) {
        // A duplicate URN that reaches the engine is a program defect (config that would derive
        // colliding names is refused by a config rule first), so it is a failure, not invalid config.
        const known = plan.error instanceof ConfigError || plan.error instanceof DuplicateUrnError;
        console.error(known ? plan.error.message : plan.error.stack);
        return plan.error instanceof ConfigError ? EXIT.invalidConfig : EXIT.failed;
    }
    console.log(`Plan of stack "${plan.stack}" on ${plan.cloud} (${plan.environment})\n`);
    console.log(formatTree(plan.resources));
    console.log(`\n${formatTotals(plan.resources)}`);

    const critical = criticalPath(plan.resources);
    console.log(`\n${formatCriticalPath(critical)}`);

    const document = toPlanDocument(plan);
    document.criticalPath = { seconds: critical.seconds, chain: critical.chain.map((step) => step.urn) };
    // The same choice `npm run deploy` makes: the stack's override file, else its environment's.
    const policyConfig = choosePolicyConfig(PROJECT_DIR, plan.stack, plan.environment)!;
    const report = await evaluatePolicies(plan.resources, { stack: plan.stack, environment: plan.environment as Environment, configFile: path.join(PROJECT_DIR, policyConfig.file) });
    document.policy = report;
    console.log(`\nPolicy config: ${policyConfig.file} (${policyConfig.source})\n${formatViolations(report)}`);

    const serialized = JSON.stringify(document, null, 2);
    const leaks = findLeakedSecrets(serialized, plan.secretValues);
    if (leaks.length > 0) {
        console.error(`refusing to write the plan: ${leaks.length} secret value(s) appear in plaintext`);
        return EXIT.failed;
    }
    if (args.json) fs.writeFileSync(args.json, serialized + "\n");
    console.log(`\nPlanned in ${((Date.now() - started) / 1000).toFixed(1)} s${args.json ? `; wrote ${args.json}` : ""}`);
    if (hasMandatoryViolations(report)) {
        console.error("mandatory policy violations: the stack would be blocked on a real preview");
        return EXIT.policyViolation;
    }
    return EXIT.ok;
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
        console.error(err);
        process.exit(EXIT.failed);
    },
);
