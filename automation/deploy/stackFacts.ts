/**
 * What the deploy command needs to know about a stack before it calls the CLI, read from the
 * project's files: which environment it is, its secrets provider, and its policy config.
 */
import { choosePolicyConfig, POLICY_PACK_DIR, type PolicyConfigChoice } from "../policyConfig";
import { readProjectFile, readStackFile } from "../stackConfig";

export { POLICY_PACK_DIR };

export interface StackFacts {
    /** The name as given, passed to the CLI unchanged (may be org/project/stack). */
    stack: string;
    /** The last segment, which names Pulumi.<stack>.yaml and an optional policy/config/stacks/<stack>.json. */
    shortName: string;
    project: string;
    /** False when there is no Pulumi.<shortName>.yaml in the project directory. */
    hasStackFile: boolean;
    /** The stack's `<project>:environment`, when the stack file has one. */
    environment?: string;
    isProduction: boolean;
    /** `secretsprovider` from the stack file; undefined means the backend's default. */
    secretsProvider?: string;
    /** A stack file with `encryptionsalt` uses the passphrase provider. */
    hasEncryptionSalt: boolean;
    /** Relative to the project directory, exactly as handed to the CLI. */
    policyPack: string;
    /** The policy config chosen for the stack (see automation/policyConfig.ts); undefined without an environment. */
    policyConfig?: PolicyConfigChoice;
}

/** Throws StackFileSyntaxError when a project or stack file is not valid YAML. */
export function readStackFacts(workDir: string, stack: string): StackFacts {
    const facts = factsFromName(stack);
    const project: string = readProjectFile(workDir)?.name ?? "";
    const stackFile = readStackFile(facts.shortName, workDir);
    const environment = stackFile?.config?.[`${project}:environment`];
    const env = typeof environment === "string" ? environment : undefined;
    return {
        ...facts,
        project,
        hasStackFile: stackFile !== undefined,
        environment: env,
        // A stack named production counts even before its stack file says so.
        isProduction: env === "production" || facts.isProduction,
        secretsProvider: typeof stackFile?.secretsprovider === "string" ? stackFile.secretsprovider : undefined,
        hasEncryptionSalt: typeof stackFile?.encryptionsalt === "string",
        policyConfig: choosePolicyConfig(workDir, facts.shortName, env),
    };
}

/** What the name alone says, for a summary when the files could not be read. */
export function factsFromName(stack: string): StackFacts {
    const shortName = stack.split("/").pop() ?? stack;
    return { stack, shortName, project: "", hasStackFile: false, isProduction: shortName === "production", hasEncryptionSalt: false, policyPack: POLICY_PACK_DIR };
}
