/**
 * Which policy-pack config a stack runs with, decided the same way for `npm run plan` and
 * `npm run deploy`: the stack's own override file when there is one, otherwise its environment's.
 * So a stack copied from staging under a new name runs staging's policy config with no new file.
 */
import * as fs from "fs";
import * as path from "path";

/** The policy pack, relative to the project directory, exactly as handed to the CLI. */
export const POLICY_PACK_DIR = "policy";

export const policyConfigPaths = {
    environment: (environment: string) => `${POLICY_PACK_DIR}/config/${environment}.json`,
    stackOverride: (stack: string) => `${POLICY_PACK_DIR}/config/stacks/${stack}.json`,
};

export interface PolicyConfigChoice {
    /** Relative to the project directory. */
    file: string;
    source: "stack override" | "environment";
}

/** The override file for `stack` if it exists, else the environment's file; undefined when neither is known. */
export function choosePolicyConfig(workDir: string, stack: string, environment: string | undefined): PolicyConfigChoice | undefined {
    const override = policyConfigPaths.stackOverride(stack);
    if (fs.existsSync(path.join(workDir, override))) return { file: override, source: "stack override" };
    return environment ? { file: policyConfigPaths.environment(environment), source: "environment" } : undefined;
}
