/**
 * Checks made before any operation, each failing with a message that says what to install or set.
 */
import * as fs from "fs";
import * as path from "path";
import type { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { policyConfigPaths } from "../policyConfig";
import { listStacks, UnknownStackError } from "../stackConfig";
import { BACKEND_HINT, errorText, PrerequisiteError, StackConfigError } from "./classify";
import { automation } from "./sdk";
import type { StackFacts } from "./stackFacts";

export const INSTALL_HINT =
    "install the Pulumi CLI (https://www.pulumi.com/docs/install/, e.g. `curl -fsSL https://get.pulumi.com | sh`; " +
    "in GitHub Actions the pulumi/actions setup step) and make sure `pulumi` is on PATH";

/** The `pulumi` on PATH; a missing or unusable CLI becomes a PrerequisiteError. */
export async function findPulumiCli(get?: () => Promise<PulumiCommand>): Promise<PulumiCommand> {
    // With no pulumi on PATH at all the SDK would fail with ENOENT; saying so first spares loading it.
    if (!get && !onPath("pulumi", process.env.PATH)) throw new PrerequisiteError(`the pulumi CLI was not found: ${INSTALL_HINT}`);
    try {
        return await (get ?? (() => automation().PulumiCommand.get()))();
    } catch (err) {
        const text = errorText(err);
        if (/ENOENT|not found|No such file/i.test(text)) throw new PrerequisiteError(`the pulumi CLI was not found: ${INSTALL_HINT}`);
        throw new PrerequisiteError(`the pulumi CLI cannot be used (${cliComplaint(text)}): ${INSTALL_HINT}`);
    }
}

/**
 * Whether the directories of PATH hold an executable file of that name, as the exec search (POSIX
 * execvp: an empty entry is the working directory) would find it. Unknown (true) on Windows, whose
 * search also tries PATHEXT's extensions, and without a PATH.
 */
function onPath(name: string, searchPath: string | undefined): boolean {
    if (process.platform === "win32" || searchPath === undefined) return true;
    return searchPath.split(path.delimiter).some((dir) => {
        const file = path.join(dir || ".", name);
        try {
            fs.accessSync(file, fs.constants.X_OK);
            return fs.statSync(file).isFile();
        } catch {
            return false;
        }
    });
}

/** The backend the CLI is logged in to (a URL); fails when there is none. */
export async function requireBackend(workspace: LocalWorkspace): Promise<string> {
    try {
        const who = await workspace.whoAmI();
        return who.url ?? "";
    } catch (err) {
        throw new PrerequisiteError(`no Pulumi backend: ${BACKEND_HINT}. The CLI said: ${cliComplaint(errorText(err))}`);
    }
}

/**
 * A stack whose secrets provider is the passphrase (declared, implied by an encryption salt, or the
 * default of a self-managed backend) cannot even read its config without the passphrase.
 */
export function requirePassphraseIfNeeded(facts: StackFacts, backendUrl: string, secretsProviderFlag: string | undefined, env: NodeJS.ProcessEnv): void {
    const provider = facts.secretsProvider ?? secretsProviderFlag;
    const selfManaged = backendUrl !== "" && !/^https?:\/\//.test(backendUrl);
    const usesPassphrase = provider !== undefined ? provider.startsWith("passphrase") : facts.hasEncryptionSalt || selfManaged;
    if (usesPassphrase && !env.PULUMI_CONFIG_PASSPHRASE && !env.PULUMI_CONFIG_PASSPHRASE_FILE) {
        throw new PrerequisiteError(
            `stack "${facts.stack}" uses the passphrase secrets provider: set PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE ` +
                `(or give the stack a KMS provider with --secrets-provider awskms://…|gcpkms://…|azurekeyvault://… when it is created)`,
        );
    }
}

/** The program reads Pulumi.<stack>.yaml: a name without one is a typo or a stack from elsewhere. */
export function requireStackFile(workDir: string, facts: StackFacts): void {
    if (!facts.hasStackFile) throw new UnknownStackError(facts.shortName, listStacks(workDir));
}

/** The policy pack and this stack's policy config must exist: the pack runs on every preview and up. */
export function requirePolicyFiles(workDir: string, facts: StackFacts): void {
    if (!facts.policyConfig) {
        throw new StackConfigError(
            `ml-platform:environment: missing in Pulumi.${facts.shortName}.yaml; it picks the policy config ` +
                `(${policyConfigPaths.environment("<environment>")}), unless ${policyConfigPaths.stackOverride(facts.shortName)} exists`,
        );
    }
    const missing = [path.join(facts.policyPack, "PulumiPolicy.yaml"), facts.policyConfig.file].filter((f) => !fs.existsSync(path.join(workDir, f)));
    if (missing.length > 0) {
        throw new PrerequisiteError(`the policy pack runs on every preview and up, but ${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} missing`);
    }
}

function firstLine(text: string): string {
    return text.trim().split("\n")[0];
}

/** The CLI's own complaint, not the Automation API's wrapper ("code: … stdout: … stderr: …") around it. */
function cliComplaint(text: string): string {
    const lines = text.split("\n").map((l) => l.replace(/^\s*(stderr|stdout|err\?):\s*/, "").trim());
    const line = lines.find((l) => /error:/i.test(l)) ?? lines.find((l) => l !== "" && !/^code: /.test(l));
    return line ?? firstLine(text);
}
