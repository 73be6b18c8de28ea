// Loaded first by mocha (.mocharc.json): runs the TypeScript sources and tests the way ts-node's
// transpile-only mode does (each file transpiled alone with tsconfig.json's options, no type
// check: that is `npx tsc --noEmit`'s job; tsconfig.json sets isolatedModules, so a file compiles
// the same alone as in the program). The program's sources are read from bin/ when it is current
// (automation/build.js emits the same JavaScript); everything else is transpiled once and cached on
// disk by content, so the parallel workers and later runs do not transpile the same file again.
// Transpiling the sources alone was about 5 s of CPU per worker on a fresh clone.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const { builtWith, compilerKey } = require("../../automation/build");

const root = path.resolve(__dirname, "..", "..");
const CACHE = path.join(root, "node_modules", ".cache", "mlplatform-transpile");
const BIN = path.join(root, "bin");
/** The sources automation/build.js compiles into bin/ (tsconfig.build.json's include). */
const BUILT = /^(index\.ts|main\.ts|(components|clouds|k8s|policy|automation)\/.*\.ts)$/;

// TypeScript (9 MB of JavaScript) is loaded on the first cache miss only: a run whose sources and
// tests are all in bin/ or the cache never loads it.
let ts;
let options;
function compilerOptions() {
    ts ??= require("typescript");
    const file = path.join(root, "tsconfig.json");
    const read = ts.readConfigFile(file, ts.sys.readFile);
    if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, "\n"));
    const { options } = ts.parseJsonConfigFileContent(read.config, ts.sys, root);
    // Inline source maps are not needed: tests/support/register.js formats stacks without them.
    return { ...options, noEmit: false, declaration: false, incremental: false, sourceMap: false, inlineSourceMap: false };
}

/** What the output depends on besides the source: TypeScript's version and the tsconfig files. */
const optionsKey = compilerKey();
/** bin/ was built with today's compiler and options (a tsconfig edit or a TypeScript upgrade since makes it stale). */
const binCompiler = builtWith() === optionsKey;
fs.mkdirSync(CACHE, { recursive: true });

function transpile(source, fileName) {
    const key = crypto.createHash("sha256").update(optionsKey).update(fileName).update("\0").update(source).digest("hex");
    const cached = path.join(CACHE, `${key}.js`);
    try {
        return fs.readFileSync(cached, "utf8");
    } catch {
        options ??= compilerOptions();
        const { outputText } = ts.transpileModule(source, { compilerOptions: options, fileName });
        const partial = `${cached}.${process.pid}.tmp`;
        fs.writeFileSync(partial, outputText);
        fs.renameSync(partial, cached);
        return outputText;
    }
}

/**
 * The program's own sources as bin/ has them, when bin/ was built with today's compiler and its
 * file is at least as new as the source (the rules automation/build.js rebuilds by; in parallel
 * runs mocha's global setup brings bin/ up to date before the workers start, a serial run loads
 * its specs first and transpiles what is stale). Same JavaScript as transpiling here: tsconfig.json
 * sets isolatedModules.
 */
function built(fileName) {
    const rel = path.relative(root, fileName).split(path.sep).join("/");
    if (!binCompiler || !BUILT.test(rel)) return undefined;
    const out = path.join(BIN, rel.replace(/\.ts$/, ".js"));
    const compiled = fs.statSync(out, { throwIfNoEntry: false });
    if (!compiled || compiled.mtimeMs < fs.statSync(fileName).mtimeMs) return undefined;
    return fs.readFileSync(out, "utf8");
}

require.extensions[".ts"] = function (module, fileName) {
    if (fileName.endsWith(".d.ts") || fileName.includes(`${path.sep}node_modules${path.sep}`)) {
        throw new Error(`refusing to run ${fileName} as TypeScript source`);
    }
    module._compile(built(fileName) ?? transpile(fs.readFileSync(fileName, "utf8"), fileName), fileName);
};
