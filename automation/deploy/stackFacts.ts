/**
 * What the deploy command needs to know about a stack before it calls the CLI, read from the
 * project's files: which environment it is, its secrets provider, and its policy config.
 */
import { readProjectFile, readStackFile } from "../stackConfig";

export const POLICY_PACK_DIR = "policy";

export interface StackFacts {
    /** The name as given, passed to the CLI unchanged (may be org/project/stack). */
    stack: string;
    /** The last segment, which names Pulumi.<stack>.yaml and policy/config/<stack>.json. */
    shortName: string;
    project: string;
    /** The stack's `<project>:environment`, when the stack file has one. */
    environment?: string;
    isProduction: boolean;
    /** `secretsprovider` from the stack file; undefined means the backend's default. */
    secretsProvider?: string;
    /** A stack file with `encryptionsalt` uses the passphrase provider. */
    hasEncryptionSalt: boolean;
    /** Relative to the project directory, exactly as handed to the CLI. */
    policyPack: string;
    policyConfig: string;
}

export function readStackFacts(workDir: string, stack: string): StackFacts {
    const shortName = stack.split("/").pop() ?? stack;
    const project: string = readProjectFile(workDir)?.name ?? "";
    const stackFile = readStackFile(shortName, workDir) ?? {};
    const environment = stackFile.config?.[`${project}:environment`];
    return {
        stack,
        shortName,
        project,
        environment: typeof environment === "string" ? environment : undefined,
        // A stack named production counts even before its stack file says so.
        isProduction: environment === "production" || shortName === "production",
        secretsProvider: typeof stackFile.secretsprovider === "string" ? stackFile.secretsprovider : undefined,
        hasEncryptionSalt: typeof stackFile.encryptionsalt === "string",
        policyPack: POLICY_PACK_DIR,
        policyConfig: `${POLICY_PACK_DIR}/config/${shortName}.json`,
    };
}
