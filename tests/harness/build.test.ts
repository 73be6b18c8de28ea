import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

// automation/build.js and the test transpile hook, in a scratch copy of the repository's layout:
// one source, both tsconfig files (no ambient types) and this checkout's typescript.
const repo = path.resolve(__dirname, "..", "..");
const SOURCE = "export const pick = (a?: { b: number }) => a?.b ?? 0;\n";

interface Builder {
    build(options?: { jsOnly?: boolean }): number;
    ensureBuilt(): number;
    compilerKey(): string;
    builtWith(): string | undefined;
}

function scratchRepo(): { root: string; builder: Builder } {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "mlplatform-build-"));
    for (const file of ["automation/build.js", "tests/support/transpile.js", "tsconfig.json", "tsconfig.build.json"]) {
        fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        fs.copyFileSync(path.join(repo, file), path.join(root, file));
    }
    // No ambient types to parse (@types/node alone is most of a small tsc run); the source needs none.
    const tsconfig = JSON.parse(fs.readFileSync(path.join(root, "tsconfig.json"), "utf8"));
    fs.writeFileSync(path.join(root, "tsconfig.json"), JSON.stringify({ ...tsconfig, compilerOptions: { ...tsconfig.compilerOptions, types: [] } }));
    fs.mkdirSync(path.join(root, "policy", "config"), { recursive: true });
    fs.writeFileSync(path.join(root, "policy", "config", "staging.json"), "{}\n");
    fs.mkdirSync(path.join(root, "node_modules"));
    fs.symlinkSync(path.join(repo, "node_modules", "typescript"), path.join(root, "node_modules", "typescript"));
    fs.writeFileSync(path.join(root, "automation", "pick.ts"), SOURCE);
    const past = Date.now() / 1000 - 60;
    fs.utimesSync(path.join(root, "automation", "pick.ts"), past, past);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return { root, builder: require(path.join(root, "automation", "build.js")) as Builder };
}

/** Writes a file dated after everything written so far, the last build included (mtimes within one millisecond would tie). */
let clock = 0;
function write(root: string, file: string, text: string): void {
    fs.writeFileSync(path.join(root, file), text);
    clock = Math.max(clock, Date.now() / 1000) + 2;
    fs.utimesSync(path.join(root, file), clock, clock);
}

const compiled = (root: string) => fs.readFileSync(path.join(root, "bin", "automation", "pick.js"), "utf8");

function retarget(root: string, target: string): void {
    const tsconfig = JSON.parse(fs.readFileSync(path.join(root, "tsconfig.json"), "utf8"));
    tsconfig.compilerOptions.target = target;
    write(root, "tsconfig.json", JSON.stringify(tsconfig, null, 2));
}

describe("automation/build.js: bin/ is never left stale", function () {
    this.timeout(120_000);
    let scratch: { root: string; builder: Builder };
    beforeEach(() => (scratch = scratchRepo()));
    afterEach(() => fs.rmSync(scratch.root, { recursive: true, force: true }));

    it("a JavaScript-only rebuild that rewrites a file drops tsc's incremental record, so a full build cannot keep an edit since reverted", () => {
        const { root, builder } = scratch;
        const record = path.join(root, "bin", ".tsbuildinfo");
        expect(builder.build()).to.equal(0);
        expect(fs.existsSync(record), "tsc wrote its record").to.equal(true);
        write(root, "automation/pick.ts", SOURCE.replace("?? 0", "?? 1"));
        expect(builder.ensureBuilt()).to.equal(0);
        expect(compiled(root)).to.contain("?? 1");
        // With the record, tsc would find the reverted file's hash unchanged and emit nothing.
        expect(fs.existsSync(record), "the record is gone: the next tsc build emits every file").to.equal(false);
    });

    it("a tsconfig change recompiles every file, even those older than their output, and the stamp records the new compiler", () => {
        const { root, builder } = scratch;
        expect(builder.build({ jsOnly: true })).to.equal(0);
        expect(compiled(root)).to.contain("??");
        retarget(root, "ES2017");
        expect(builder.builtWith()).to.not.equal(builder.compilerKey());
        expect(builder.ensureBuilt()).to.equal(0);
        expect(compiled(root), "ES2017 has no ??").to.not.contain("??");
        expect(builder.builtWith()).to.equal(builder.compilerKey());
    });

    it("the test hook reads bin/ only when it was built with today's tsconfig", () => {
        const { root, builder } = scratch;
        expect(builder.build({ jsOnly: true })).to.equal(0);
        // Marks bin/'s output, so the hook's reading it shows.
        fs.writeFileSync(path.join(root, "bin", "automation", "pick.js"), compiled(root).replace("?? 0", "?? 7"));
        const run = () =>
            execFileSync(process.execPath, ["-r", "./tests/support/transpile.js", "-e", 'process.stdout.write(String(require("./automation/pick.ts").pick))'], {
                cwd: root,
                encoding: "utf8",
            });
        expect(run(), "bin/ current: its output").to.contain("?? 7");
        retarget(root, "ES2017");
        expect(run(), "bin/ built with another tsconfig: transpiled with today's").to.not.match(/\?\?|7/);
    });
});
