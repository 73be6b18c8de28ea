/**
 * Deploys a stack through the Automation API, the same way on a laptop and in CI.
 * Usage: npm run deploy -- <preview|up|refresh|destroy|drift|outputs> --stack <name> [options]
 * (`npm run deploy -- --help` lists the options and the exit codes.)
 */
import { parseDeployArgs, usage } from "./deploy/args";
import { EXIT } from "./deploy/exitCodes";
import { realSleep } from "./deploy/retry";
import { runDeploy } from "./deploy/run";
import { PROJECT_DIR } from "./stackConfig";

async function main(argv: string[]): Promise<number> {
    const parsed = parseDeployArgs(argv, process.env);
    if (parsed.kind === "help") {
        console.log(usage());
        return EXIT.ok;
    }
    if (parsed.kind === "error") {
        console.error(`${parsed.message}\n\n${usage()}`);
        return EXIT.usage;
    }
    const { exitCode } = await runDeploy(parsed.request, {
        workDir: PROJECT_DIR,
        env: process.env,
        cwd: process.cwd(),
        sleep: realSleep,
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
    });
    return exitCode;
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
        console.error(err instanceof Error ? err.message : err);
        process.exit(EXIT.failed);
    },
);
